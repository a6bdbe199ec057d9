"""Does a value look like a credential, whatever the variable it is stored under?

Used where nbcraft writes a value to a plain file (a kernelspec's ``env``) or passes it on: a
variable name says nothing (``X: "dapi..."``), the value's shape does. The token formats are
those the gitleaks / secretlint / detect-secrets rule sets document (see REFERENCE.md);
anything else long and random enough counts as a secret too. The lint rules of
``@nbcraft/lint-rules`` look for secrets in notebooks; this is the server's check of config
values, so it errs on the side of refusing. Which *names* hold a credential is one definition
the two share (``credential_names.json``, ``is_credential_name``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

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
# What makes a name a credential's is data shared with the lint rules of ``@nbcraft/lint-rules``
# (their ``support/credentialNames.ts`` reads the same file): the word sets and whole-name
# exemptions, explained in the file's ``$comment``. Both test suites run the cases of
# ``lint-rules/test/credential-name-cases.json``. The file sits next to this module (the
# recorder loads this module by its path in kernels without nbcraft: the file is found so too).
_NAMES_FILE = Path(__file__).with_name("credential_names.json")
_WORD_LISTS = (
    "credentialWords",
    "credentialEndings",
    "lastCredentialWords",
    "lastCredentialEndings",
    "lastWordsAfterAnother",
    "connectionString",
    "keyKinds",
    "neutralWords",
    "qualifiers",
    "aboutWords",
    "notACredential",
    "environmentPrefixes",
)
_CODE_ONLY_LISTS = ("notKeyKinds", "aboutWords", "notACredential")


def load_credential_names(path: Path = _NAMES_FILE) -> dict[str, frozenset[str] | tuple[str, ...]]:
    """The word lists of ``path``, checked: every list there and made of strings (a string
    where a list belongs would become a set of its characters), else a ValueError naming the
    file and the key (credentialNames.ts checks the same)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: not the credential names' JSON ({e})") from e

    def words(section: dict, key: str, where: str) -> tuple[str, ...]:
        value = section.get(key) if isinstance(section, dict) else None
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise ValueError(f"{path}: '{where}{key}' must be a list of non-empty strings")
        return tuple(value)

    names: dict[str, frozenset[str] | tuple[str, ...]] = {
        key: words(data, key, "") for key in _WORD_LISTS
    }
    code_only = data.get("inCodeOnly") if isinstance(data, dict) else None
    for key in _CODE_ONLY_LISTS:
        names["inCodeOnly." + key] = words(code_only, key, "inCodeOnly.")
    return names


_NAMES = load_credential_names()
# Variable names that configure where a credential is used (a cloud SDK's, an MLflow client's):
# in an environment, their values are neither passed on nor shown either.
_SECRET_PREFIX = tuple(_NAMES["environmentPrefixes"])
_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")  # credentialNames.ts: NAME_WORD
_CREDENTIAL_WORDS = frozenset(_NAMES["credentialWords"])
_LAST_CREDENTIAL_WORDS = frozenset(_NAMES["lastCredentialWords"])
_LAST_AFTER_ANOTHER = frozenset(_NAMES["lastWordsAfterAnother"])
_CREDENTIAL_ENDINGS = tuple(_NAMES["credentialEndings"])
_LAST_CREDENTIAL_ENDINGS = tuple(_NAMES["lastCredentialEndings"])
_CONNECTION_STRING = frozenset(_NAMES["connectionString"])
_NEUTRAL_WORDS = frozenset(_NAMES["neutralWords"])
_TRAILING_WORDS = _NEUTRAL_WORDS | frozenset(_NAMES["qualifiers"])
# [in code, in an environment]: the inCodeOnly exemptions never apply to an environment's name
_KEY_KINDS = (
    frozenset(_NAMES["keyKinds"]) - frozenset(_NAMES["inCodeOnly.notKeyKinds"]),
    frozenset(_NAMES["keyKinds"]),
)
_ABOUT_WORDS = (
    frozenset(_NAMES["aboutWords"]) | frozenset(_NAMES["inCodeOnly.aboutWords"]),
    frozenset(_NAMES["aboutWords"]),
)
_NOT_A_CREDENTIAL = (
    frozenset(_NAMES["notACredential"]) | frozenset(_NAMES["inCodeOnly.notACredential"]),
    frozenset(_NAMES["notACredential"]),
)
_UPPER = re.compile("[A-Z]")
_LOWER = re.compile("[a-z]")
_RANDOM_RUN = re.compile(r"[A-Za-z0-9+/=_-]{24,}")
# The fewest characters any shape above matches (a Slack token's ``xoxb-`` and 10): a shorter
# string is not looked at. tests/provenance/test_record_secrets.py checks it against the shapes.
SHORTEST_SECRET = 15
_MIN_ENTROPY = 4.2  # bits per character; English words and paths stay below, keys above


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_credential_name(name: str, environment: bool = True) -> bool:
    """Whether ``name`` (a variable's, an attribute's, a key's, a parameter's) says it holds a
    credential: the one test of names for redaction, pipelines and logged environments, and
    the word logic of the secret lint rules (credentialNames.ts ``isCredentialName``, step for
    step: change both, and add the case to lint-rules/test/credential-name-cases.json).

    ``environment``: the name may be an environment variable's, where any upper-case ``X_KEY``
    is a key and the file's ``inCodeOnly`` exemptions do not apply (``primary_key``,
    ``password_hint``, ``storage_credential`` stay credentials). The server's callers keep it
    (a parameter, a kernelspec's or a history's name may be exported): their answer is a
    superset of main's; the lint rules ask about code's names without it."""
    words = [w.lower() for w in _NAME_WORD.findall(name)]
    last = len(words)  # the last word but neutral ones (``conn_str``'s ``str`` counts)
    while last > 1 and words[last - 1] in _NEUTRAL_WORDS:
        last -= 1
    if not words or (last > 1 and words[last - 1] in _ABOUT_WORDS[environment]):
        return False
    if re.sub("[_-]", "", name).lower() in _NOT_A_CREDENTIAL[environment]:  # before any word
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
    if word in _LAST_CREDENTIAL_WORDS or word.endswith(_LAST_CREDENTIAL_ENDINGS):
        return True
    if word in _LAST_AFTER_ANOTHER and end > 1:  # ``GITHUB_PAT``, not a lone ``pat``
        return True
    kinds = _KEY_KINDS[environment]
    if word.endswith("key") and word[:-3] in kinds:  # one word: ``accesskey``, ``secretkey``
        return True
    if word != "key" or end < 2:
        return False
    # ``api_key``; in an environment (upper case: ASCII capitals, no small letter), any ``X_KEY``
    return words[end - 2] in kinds or (
        environment and _UPPER.search(name) is not None and _LOWER.search(name) is None
    )


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
