"""s18-fix4: ``basic <word>`` outside a header redacted prose and code (``Basic usage:``,
``a basic 3-layer MLP``, ``model = basic ResNet50``) since the s18-redact merge: ``Basic``'s
credential is RFC 7617's base64 of ``user:password``. Each prose case was redacted on main;
the near misses (a credential, ``Bearer`` before prose) stay as written."""

import pytest

from nbcraft.provenance.record.redact import redact
from nbcraft.tracking.errors import scrub

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "prose",
    [
        "Basic usage: nbcraft lint",
        "print('basic stats:', df.describe())",
        "# Basic HTTP auth is used",
        "a basic 3-layer MLP",
        "model = basic ResNet50",
        "# basic pd.DataFrame ops",
        "# A basic GPT-2 fine-tune",
        "basic example()",
        "- basic 401/403 handling",
        "# run basic tests/test_x.py",
        "basic numpy-based approach",
        "Bearer token",
        "the bearer of bad news",
    ],
)
def test_basic_and_bearer_before_prose_or_code_redact_nothing(prose: str) -> None:
    assert redact(prose) == prose
    assert scrub(prose) == prose


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Basic dXNlcjpwYXNz.", "Basic <redacted>."),
        ("# token sent as Basic Sx8kq2mZ0", "# token sent as Basic <redacted>"),
        ("auth = 'basic YW5uOmh1bnRlcjIy'", "auth = 'basic <redacted>'"),
        (f"(Bearer {SECRET})", "(Bearer <redacted>)"),
    ],
)
def test_basic_credentials_that_look_like_base64_stay_redacted(typed: str, kept: str) -> None:
    """The near misses: RFC 7617's base64 of ``user:password`` (a sentence's ``.`` kept)."""
    assert redact(typed) == kept
