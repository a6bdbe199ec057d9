"""Does a value look like a credential, whatever the variable it is stored under?

Used where nbcraft writes a value to a plain file (a kernelspec's ``env``) or passes it on: a
variable name says nothing (``X: "dapi..."``), the value's shape does. The token formats are
those the gitleaks / secretlint / detect-secrets rule sets document (see REFERENCE.md);
anything else long and random enough counts as a secret too. The lint rules of
``@nbcraft/lint-rules`` look for secrets in notebooks; this is the server's check of config
values, so it errs on the side of refusing.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Databricks token", re.compile(r"dapi[0-9a-f]{32}")),
    ("a GitHub token", re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("a JSON Web Token", re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")),
    ("an AWS access key id", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("an Azure storage key", re.compile(r"AccountKey=[A-Za-z0-9+/=]{40,}")),
    ("an Azure SAS token", re.compile(r"\bsv=\d{4}-\d{2}-\d{2}&.*\bsig=", re.IGNORECASE)),
    ("an Azure AD client secret", re.compile(r"\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}")),
    ("a Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}")),
    ("an OpenAI key", re.compile(r"\bsk-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    # a presigned S3 or GCS URL's, an Azure SAS's or CloudFront's signature query parameter
    (
        "a signed URL",
        re.compile(r"(?i)[?&](?:x-amz-signature|x-goog-signature|signature|sig)=[\w%+/=.-]{16,}"),
    ),
    (
        "a webhook URL",
        re.compile(
            r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,}"
            r"|discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{20,}"
        ),
    ),
)
# Shapes that are a key's in a typed cell or a config value, but also an MLflow run id (32 hex),
# a git commit (40) or a digest's: not used for a job's parameters (``token_kind``).
_GENERIC_SHAPES = (("a hex key", re.compile(r"\b[0-9a-fA-F]{32,}\b")),)
# Variable names that configure where a credential is used (a cloud SDK's, an MLflow client's):
# in an environment, their values are neither passed on nor shown either.
_SECRET_PREFIX = ("AWS_", "AZURE_", "DATABRICKS_", "MLFLOW_")
# A name's words (``dbPassword``, ``DB_PASSWORD``, ``db_password2``: db, password). A word that
# can only mean a credential makes any name holding it a credential's (``password_prod``,
# ``PasswordHash``, ``SECRET_KEY_BASE``, ``CREDENTIALS_JSON``); one that also means something
# else in ML code (``pass_rate``, ``token_budget``, ``primary_key_column``, ``sas_version``) only
# as the name's last word but qualifiers (``token_ro``, ``GH_TOKEN_FOR_CI``, ``api_key_v2``).
# Either way not when the last word (after a neutral one such as ``value``) says the name holds
# something about one (``password_min_length``, ``token_count``, ``secret_name``,
# ``VAULT_TOKEN_FILE``).
_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_CREDENTIAL_WORDS = frozenset({"passphrase", "secrets", "creds", "connstr", "connstring"})
_LAST_CREDENTIAL_WORDS = frozenset({"pw", "pwd", "pass", "sas"})
# a word ending so (``dbpassword``, ``clientsecret``), these words included
_CREDENTIAL_ENDINGS = ("password", "passwd", "secret", "credential", "credentials", "apikey")
_LAST_CREDENTIAL_ENDINGS = ("token",)  # (``mytoken``; ``token_budget`` is not one)
_CONNECTION_STRING = frozenset({"connstr", "connstring", "connectionstr", "connectionstring"})
# ``<kind>_key`` holds one (``api_key``, ``AccountKey``); ``sort_key`` does not
_KEY_KINDS = frozenset(
    {"api", "access", "secret", "private", "account", "storage", "client", "master", "auth"}
    | {"encryption", "signing", "subscription", "service", "shared", "app", "license", "ssh"}
    | {"sas", "session", "primary", "secondary"}
)
_NEUTRAL_WORDS = frozenset({"value", "val", "str", "string", "text", "raw", "plain", "b", "bytes"})
# words that may follow a credential word at the end of its name (``v2``'s digit is no word)
_QUALIFIERS = frozenset(
    {"prod", "dev", "staging", "test", "ro", "rw", "new", "old", "v", "for", "ci", "base"}
    | {"hash", "pem", "json", "admin", "read", "write", "only"}
)
_TRAILING_WORDS = _NEUTRAL_WORDS | _QUALIFIERS  # what may follow an ambiguous credential word
# a last word that says the name holds something about a credential, not the credential
_ABOUT_WORDS = frozenset(
    {"count", "len", "length", "min", "max", "name", "id", "file", "path", "dir", "url"}
    | {"type", "kind", "expiry", "ttl", "limit", "size", "header", "field", "env"}
)
# Names that end in a credential word but name something else: a tokenizer's special tokens
# (Hugging Face's ``pad_token``, ``eos_token``: common notebook parameters) and a count of passes
# (``n_pass``, ``num_pass``). Only the whole name, ``_`` and ``-`` dropped and lower-cased, is
# looked up: any other word, digits and letters beyond ASCII included (``hf_pad_token``,
# ``pad_token2``, ``N2_PASS``, ``pad_token_é``), keeps it a credential's, as ``hf_token`` is.
_NOT_A_CREDENTIAL = frozenset(
    {"padtoken", "eostoken", "bostoken", "unktoken", "masktoken", "septoken", "clstoken"}
    | {"npass", "numpass"}
)
_RANDOM_RUN = re.compile(r"[A-Za-z0-9+/=_-]{24,}")
# The fewest characters any shape above matches (a Slack token's ``xoxb-`` and 10): a shorter
# string is not looked at. tests/provenance/test_record_secrets.py checks it against the shapes.
SHORTEST_SECRET = 15
_MIN_ENTROPY = 4.2  # bits per character; English words and paths stay below, keys above


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_credential_name(name: str) -> bool:
    """Whether ``name`` (a variable's, an attribute's, a key's, a parameter's) says it holds a
    credential: the one test of names for redaction, pipelines and logged environments."""
    words = [w.lower() for w in _NAME_WORD.findall(name)]
    last = len(words)  # the last word but neutral ones (``conn_str``'s ``str`` counts)
    while last > 1 and words[last - 1] in _NEUTRAL_WORDS:
        last -= 1
    if not words or (last > 1 and words[last - 1] in _ABOUT_WORDS):
        return False
    end = last  # the last word but neutral ones and qualifiers (``GH_TOKEN_FOR_CI``: token)
    while end > 1 and words[end - 1] in _TRAILING_WORDS:
        end -= 1
    for i, word in enumerate(words):
        if word in _CREDENTIAL_WORDS or word.endswith(_CREDENTIAL_ENDINGS):
            return True
        if i and words[i - 1] + word in _CONNECTION_STRING:
            return True
    word = words[end - 1]
    if re.sub("[_-]", "", name).lower() in _NOT_A_CREDENTIAL:
        return False
    if word in _LAST_CREDENTIAL_WORDS or word.endswith(_LAST_CREDENTIAL_ENDINGS):
        return True
    # in an environment (upper case), any ``X_KEY``
    return word == "key" and end > 1 and (words[end - 2] in _KEY_KINDS or name.isupper())


def is_secret_name(name: str) -> bool:
    """Whether the environment variable ``name`` holds (or points at) a credential."""
    return is_credential_name(name) or name.upper().startswith(_SECRET_PREFIX)


def token_kind(value: str) -> str | None:
    """What kind of credential ``value`` holds by a format only credentials have (a known
    token prefix, a private key), or None: a hex or long random run is not enough (a job's
    ``base_run_id``, ``commit`` and ``input_path`` parameters are shaped so)."""
    for kind, pattern in _SHAPES:
        if pattern.search(value):
            return kind
    return None


def secret_kind(value: str) -> str | None:
    """What kind of credential ``value`` looks like (``"a Databricks token"``), or None."""
    kind = token_kind(value)
    if kind is not None:
        return kind
    for kind, pattern in _GENERIC_SHAPES:
        if pattern.search(value):
            return kind
    for run in _RANDOM_RUN.findall(value):
        has_digit = any(c.isdigit() for c in run)
        has_alpha = any(c.isalpha() for c in run)
        if has_digit and has_alpha and shannon_entropy(run) >= _MIN_ENTROPY:
            return "a long random string (a key or a password)"
    return None
