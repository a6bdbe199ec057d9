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
    ("a hex key", re.compile(r"\b[0-9a-fA-F]{32,}\b")),
)
# Variable names that hold a credential, or configure where one is used (a cloud SDK's, an
# MLflow client's): their values are neither passed on nor logged.
_SECRET_NAME = re.compile(
    r"(TOKEN|PASSWORD|SECRET|CREDENTIAL|_KEY$|^AWS_|^AZURE_|^DATABRICKS_|^MLFLOW_)"
)
_RANDOM_RUN = re.compile(r"[A-Za-z0-9+/=_-]{24,}")
_MIN_ENTROPY = 4.2  # bits per character; English words and paths stay below, keys above


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_secret_name(name: str) -> bool:
    """Whether the environment variable ``name`` holds (or points at) a credential."""
    return _SECRET_NAME.search(name.upper()) is not None


def secret_kind(value: str) -> str | None:
    """What kind of credential ``value`` looks like (``"a Databricks token"``), or None."""
    for kind, pattern in _SHAPES:
        if pattern.search(value):
            return kind
    for run in _RANDOM_RUN.findall(value):
        has_digit = any(c.isdigit() for c in run)
        has_alpha = any(c.isalpha() for c in run)
        if has_digit and has_alpha and shannon_entropy(run) >= _MIN_ENTROPY:
            return "a long random string (a key or a password)"
    return None
