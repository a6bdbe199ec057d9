"""One test says whether a name holds a credential (``secret_shapes.is_credential_name``), and
every place that hides a value by its name uses it: the history's redaction, a pipeline's
``pipeline.json`` and a job's injected parameters (``redact_value``), and a gateway kernel
start's log line (``is_secret_name``: the same names, plus the variables that configure a
cloud SDK or MLflow client). They disagreed: ``token_count`` was redacted in ``pipeline.json``
but shown in a start's log, ``DB_PW``, ``SAS`` and ``CONN_STR`` were shown in both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbcraft.compute.gateway import _LoggedEnv
from nbcraft.compute.gateway_clients import shared_allowed_envs
from nbcraft.jobs.scrub import secret_names
from nbcraft.provenance.record.redact import REDACTED, redact, redact_parameters, redact_value
from nbcraft.secret_shapes import is_credential_name, is_secret_name
from nbcraft.tracking.errors import REDACTED as MASKED  # how a log line hides a value

NAMES = {
    "DB_PW": True,
    "SAS": True,
    "CONN_STR": True,
    "STORAGE_CONNECTION_STRING": True,
    "GITHUB_TOKEN": True,
    "OPENAI_API_KEY": True,
    "PASS_": True,
    "TOKEN_COUNT": False,
    "PASSWORD_MIN_LENGTH": False,
    "SECRET_NAME": False,
    "BYPASS": False,
    # a credential word before another one (main recognised these; one version of the test
    # looked at the last word only)
    "PASSWORD_PROD": True,
    "DB_PASSWORD_DEV": True,
    "DB_PASSWORD_PROD": True,
    "TOKEN_RO": True,
    "TOKEN_RW": True,
    "API_KEY_V2": True,
    "PRIVATE_KEY_PEM": True,
    "GITHUB_TOKEN_RO": True,
    "SECRET_KEY_BASE": True,
    "SNOWFLAKE_PASSWORD_PROD": True,
    "GH_TOKEN_FOR_CI": True,
    "CREDENTIALS_JSON": True,
    "API_TOKEN_V2": True,
    # ... unless the last word says the name holds something about one
    "VAULT_TOKEN_FILE": False,
    "API_KEY_NAME": False,
    "TOKEN_TTL": False,
    "CONNECTION_STRING_ENV": False,
    # ML parameters with an ambiguous word (pass, token, key, sas) not last: the "credential
    # word anywhere" test redacted them, reproduce refused them, Re-run asked for them again
    "PASS_AT_K": False,
    "PASS_AT_1": False,
    "PASS_RATE": False,
    "MIN_PASS_RATE": False,
    "PASS_THRESHOLD": False,
    "TOKEN_BUDGET": False,
    "TOKEN_DROPOUT": False,
    "TOKEN_EMBEDDING_DIM": False,
    "TOKEN_LEVEL": False,
    "MAX_TOKEN_BUDGET": False,
    "PRIMARY_KEY_COLUMN": False,
    "SESSION_KEY_PREFIX": False,
    "SAS_VERSION": False,
    # a tokenizer's special tokens (Hugging Face's) and counts of passes: common notebook
    # parameters, redacted in MLflow params, the jobs route and output notebooks, and asked
    # for again by Re-run
    "PAD_TOKEN": False,
    "EOS_TOKEN": False,
    "BOS_TOKEN": False,
    "UNK_TOKEN": False,
    "MASK_TOKEN": False,
    "SEP_TOKEN": False,
    "CLS_TOKEN": False,
    "N_PASS": False,
    "NUM_PASS": False,
    # ... while the credentials beside them stay credentials
    "HF_TOKEN": True,
    "API_TOKEN": True,
    "ACCESS_TOKEN": True,
    "AUTH_TOKEN": True,
    "TOKEN": True,
    "PASSWORD": True,
    "PASS": True,
    "DB_PASS": True,
    "USER_PASS": True,
    "PAD_PASSWORD": True,  # an unambiguous credential word anywhere: not exempted
    "N_PASSWORD": True,
    "MASK_SECRET": True,
}


# The cases of the one definition of a credential's name, shared with the lint rules: their
# credentialNames.test.ts runs the same table against isCredentialName.
SHARED_CASES = json.loads(
    (Path(__file__).parents[3] / "lint-rules" / "test" / "credential-name-cases.json").read_text(
        encoding="utf-8"
    )
)["cases"]


@pytest.mark.parametrize(
    ("name", "in_code", "in_environment"),
    [(name, True, True) for group in SHARED_CASES for name in group["credential"]]
    + [(name, False, False) for group in SHARED_CASES for name in group["not"]]
    + [(name, False, True) for group in SHARED_CASES for name in group.get("inEnvironment", [])],
)
def test_the_shared_table_of_credential_names(
    name: str, in_code: bool, in_environment: bool
) -> None:
    assert is_credential_name(name, environment=False) is in_code
    assert is_credential_name(name) is in_environment  # the server's callers


@pytest.mark.parametrize(("name", "secret"), NAMES.items())
def test_every_caller_hides_the_same_names(name: str, secret: bool) -> None:
    assert is_credential_name(name) is secret
    assert is_credential_name(name.lower()) is secret
    assert is_secret_name(name) is secret
    assert (redact_value(name, 3) == REDACTED) is secret
    assert (redact_value(name.lower(), "x") == REDACTED) is secret
    assert (redact(f"{name.lower()} = 'x'") != f"{name.lower()} = 'x'") is secret
    assert (repr(_LoggedEnv({name: "x"})) == repr({name: MASKED})) is secret


@pytest.mark.parametrize(
    "name", ["passwordNew", "PasswordHash", "dbPasswordProd", "apiKeyV2", "tokenRo", "passPem"]
)
def test_a_credential_word_anywhere_in_a_camel_case_name(name: str) -> None:
    assert is_credential_name(name)
    assert redact(f'{name} = "hunter2"') == f'{name} = "{REDACTED}"'
    assert redact_value(name, "hunter2") == REDACTED


@pytest.mark.parametrize("name", ["AWS_REGION", "DATABRICKS_HOST", "MLFLOW_TRACKING_URI"])
def test_an_environment_hides_what_configures_a_client_too(name: str) -> None:
    """Not a credential's name (a pipeline's ``aws_region`` parameter is shown), but in a
    kernel's environment the variable is not shown or passed on either."""
    assert not is_credential_name(name) and is_secret_name(name)
    assert repr(_LoggedEnv({name: "x"})) == repr({name: MASKED})
    assert redact_value(name.lower(), "eu-west-1") == "eu-west-1"


def test_a_jobs_tokenizer_and_count_parameters_are_shown_and_not_asked_again() -> None:
    """What a job's run logs and its route shows (``redact_parameters``), and what Re-run asks
    for again (``secret_parameters``: the names redacted)."""
    real = {
        "pad_token": "<pad>",
        "eos_token": "</s>",
        "bos_token": "<s>",
        "unk_token": "<unk>",
        "mask_token": "[MASK]",
        "sep_token": "[SEP]",
        "cls_token": "[CLS]",
        "n_pass": 3,
        "num_pass": 2,
        "hf_token": "not-a-token-shape",
        "db_pass": "hunter2",
    }
    shown = redact_parameters(real)
    assert shown == {**real, "hf_token": REDACTED, "db_pass": REDACTED}
    assert secret_names(real, shown) == ["db_pass", "hf_token"]


# A special token's or a pass count's word with any other word before or after it: the
# exemption above looked only at the word before ``token``/``pass`` once qualifiers were
# dropped, so all of these escaped redaction (MLflow params, the jobs route, ``jobs.db``, output
# notebooks, ``history.json``) and ``shared_allowed_envs`` forwarded them to another gateway.
STILL_CREDENTIALS = [
    "hf_pad_token",
    "bos_token_prod",
    "BOS_TOKEN_PROD",
    "PAD_TOKEN_FOR_CI",
    "mask_token_rw",
    "sep_token_admin",
    "cls_token_for_ci",
    "pad_token_v2",
    "eos_token_new",
    "bos_token_hash",
    "bos_token_json",
    "mask_token_value",
    "sep_token_str",
    "baidu_bos_token",
    "hf_eos_token",
    "api_sep_token",
    "n_pass_prod",
    "N_PASS_ADMIN",
    "num_pass_rw",
    "admin_n_pass",
    "smtp_num_pass",
    "db_num_pass",
    "ssh_n_pass",
    "adminNPass",
    "db2n_pass",
    "user1n_pass",
    # a credential's word before or after them: credentials on main and now
    "bos_token_secret",
    "BOS_STS_TOKEN",
    "tokenizer_token",
    "n_passwd",
    "num_password",
    "n_pw",
    # a digit or a letter beyond ASCII beside them: the words the exemption looked at dropped
    # them, so these were exempt too (credentials on main)
    "pad_token2",
    "pad2_token",
    "PAD_TOKEN_2",
    "N2_PASS",
    "n1_pass",
    "num_pass2",
    "nPass2",
    "ключ_pad_token",
    "pad_token_ключ",
    "pad_token_é",
]
# exactly the special token or the count, whatever the case or separator
NOT_CREDENTIALS = ["pad_token", "PAD_TOKEN", "padToken", "PadToken", "pad-token", "n_pass"]
NOT_CREDENTIALS += ["nPass", "NPass", "num_pass", "NUM_PASS", "eos_token", "cls_token"]
NOT_CREDENTIALS += ["UNKToken", "_pad_token_", "pad__token", "MASK-TOKEN", "sep_token", "bos_token"]


@pytest.mark.parametrize("name", STILL_CREDENTIALS)
def test_a_special_token_or_pass_count_with_another_word_is_a_credential(name: str) -> None:
    assert is_credential_name(name) and is_secret_name(name)
    assert redact_value(name, "Zq9-real-value") == REDACTED
    assert redact(f'{name} = "Zq9-real-value"') == f'{name} = "{REDACTED}"'
    assert redact(f"%env {name}=Zq9real") == f"%env {name}={REDACTED}"
    assert repr(_LoggedEnv({name: "x"})) == repr({name: MASKED})
    assert shared_allowed_envs({"allowed_envs": f"LANG,{name}"}, {}) == "LANG"
    real = {name: "Zq9-real-value", "rows": 3}
    shown = redact_parameters(real)
    assert shown == {name: REDACTED, "rows": 3}
    assert secret_names(real, shown) == [name]


@pytest.mark.parametrize("name", NOT_CREDENTIALS)
def test_exactly_a_special_token_or_a_pass_count_is_not_a_credential(name: str) -> None:
    assert not is_credential_name(name) and not is_secret_name(name)
    assert redact(f'{name} = "<pad>"') == f'{name} = "<pad>"'
    assert shared_allowed_envs({"allowed_envs": f"LANG,{name}"}, {}) == f"LANG,{name}"


def test_a_personal_access_token_parameter_is_hidden_and_a_regex_pat_shown() -> None:
    """A job's ``GITHUB_PAT``/``databricks_pat`` parameter (a token without a known prefix: an
    Azure DevOps PAT, a Databricks one typed without ``dapi``) was shown in MLflow params, the
    jobs route and the output notebook; a regex ``pat`` was never a secret. A
    ``storage_credential`` parameter stays hidden as on main (it may hold an account key: only
    the lint rules exempt a Unity Catalog object's name)."""
    real = {
        "GITHUB_PAT": "Zq9sLq2ZrT4kW8",
        "databricks_pat": "Zq9sLq2ZrT4kW8",
        "ado_pat": "Zq9sLq2ZrT4kW8",
        "storage_credential": "ac_dev_dbx_eus2",
        "pat": r"\d{4}-\d{2}",
        "pattern": "*.parquet",
    }
    shown = redact_parameters(real)
    secret = {"GITHUB_PAT", "databricks_pat", "ado_pat", "storage_credential"}
    assert shown == {k: REDACTED if k in secret else v for k, v in real.items()}
    assert secret_names(real, shown) == sorted(secret)
    assert repr(_LoggedEnv({"ADO_PAT": "x"})) == repr({"ADO_PAT": MASKED})


# Names the server hid on main, before the word lists became data shared with the lint rules:
# the first shared version exempted primary_key, password_hint, secret_scope, conn_str_template,
# secret_principal and storage_credential for the lint rules' sake and so, for the server too,
# showed 25,405 of 1.1M generated names (an attack review). Frozen, so the check stays
# meaningful after main changes: a name may become a credential, never stop being one.
MAIN_CREDENTIALS = [
    line
    for line in (Path(__file__).with_name("main_credential_names.txt"))
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("# ")
]


def test_the_server_hides_every_name_main_hid() -> None:
    assert len(MAIN_CREDENTIALS) > 10_000
    shown = [n for n in MAIN_CREDENTIALS if not is_credential_name(n) or not is_secret_name(n)]
    assert shown == []


def test_the_lint_rules_exemptions_do_not_reach_a_jobs_parameters_or_an_environment() -> None:
    """The names the lint rules exempt in code only (``inCodeOnly``): a job's parameters are
    redacted (MLflow params, the jobs route, the output notebook), another gateway's kernels
    get none of them, and a logged environment masks them, as on main."""
    key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
    real = {
        "cosmos_primary_key": key,
        "eventhub_primary_key": key[:44],
        "primaryKey": "Winter2024Prod!",
        "storage_credential": "Winter2024Prod!",
        "db_password_template": "Winter2024Prod!",
        "secret_principal": "Winter2024Prod!",
    }
    assert redact_parameters(real) == dict.fromkeys(real, REDACTED)
    assert redact('cosmos_primary_key = "Winter2024Prod!"') == f'cosmos_primary_key = "{REDACTED}"'
    envs = "STORAGE_CREDENTIAL,DB_PASSWORD_HINT,SP_SECRET_TEMPLATE,CLIENT_SECRET_PRINCIPAL"
    envs += ",KV_SECRET_SCOPE,COSMOS_PRIMARY_KEY,cosmos_primary_key,PrimaryKey"
    assert shared_allowed_envs({"allowed_envs": "LANG," + envs}, {}) == "LANG"
    logged = {"STORAGE_CREDENTIAL": "k", "DB_PASSWORD_TEMPLATE": "p", "cosmos_primary_key": "c"}
    assert repr(_LoggedEnv(logged)) == repr(dict.fromkeys(logged, MASKED))


def test_the_servers_copy_of_the_credential_names_is_the_lint_rules_file() -> None:
    """A plain copy, not a link: a checkout without symlinks (``core.symlinks=false``, Windows'
    default) held the link's 53 characters of text, and importing secret_shapes failed."""
    repo = Path(__file__).parents[3]
    copy = repo / "nbcraft" / "credential_names.json"
    assert not copy.is_symlink()
    shared = repo / "lint-rules" / "src" / "rules" / "support" / "credential-names.json"
    assert copy.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d.pop("keyKinds"), "'keyKinds' must be a list"),
        (lambda d: d.update(aboutWords="hint"), "'aboutWords' must be a list"),
        (lambda d: d.update(qualifiers=["ro", 2]), "'qualifiers' must be a list"),
        (lambda d: d.update(neutralWords=["value", ""]), "'neutralWords' must be a list"),
        (lambda d: d.pop("inCodeOnly"), "'inCodeOnly.notKeyKinds' must be a list"),
        (lambda d: d["inCodeOnly"].update(notACredential="x"), "'inCodeOnly.notACredential'"),
        (lambda d: d.clear() or d.update(a=1) or None, "'credentialWords' must be a list"),
    ],
)
def test_a_malformed_credential_names_file_is_refused_naming_it(
    tmp_path: Path, change, error: str
) -> None:
    """A missing list raised a KeyError; a string where a list belongs became a set of its
    characters (``"hint"``: h, i, n, t were about-words)."""
    from nbcraft.secret_shapes import load_credential_names

    shipped = Path(__import__("nbcraft").__file__).with_name("credential_names.json")
    data = json.loads(shipped.read_text(encoding="utf-8"))
    assert load_credential_names(shipped)["keyKinds"] == tuple(data["keyKinds"])
    change(data)
    bad = tmp_path / "credential_names.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=str(bad)) as refused:
        load_credential_names(bad)
    assert error in str(refused.value)
    bad.write_text("../lint-rules/src/rules/support/credential-names.json", encoding="utf-8")
    with pytest.raises(ValueError, match="not the credential names' JSON"):
        load_credential_names(bad)
