"""One test says whether a name holds a credential (``secret_shapes.is_credential_name``), and
every place that hides a value by its name uses it: the history's redaction, a pipeline's
``pipeline.json`` and a job's injected parameters (``redact_value``), and a gateway kernel
start's log line (``is_secret_name``: the same names, plus the variables that configure a
cloud SDK or MLflow client). They disagreed: ``token_count`` was redacted in ``pipeline.json``
but shown in a start's log, ``DB_PW``, ``SAS`` and ``CONN_STR`` were shown in both."""

from __future__ import annotations

import pytest

from nbcraft.compute.gateway import _LoggedEnv
from nbcraft.provenance.record.redact import REDACTED, redact, redact_value
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
}


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
