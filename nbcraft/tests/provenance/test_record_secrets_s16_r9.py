"""Review R9 of the s16 redaction: an unquoted Authorization value with text after it, and many
unclosed ``-K <(echo`` substitutions (quadratic before)."""

import pytest
from record_support import best_times

from nbcraft.provenance.record.redact import REDACTED, redact, redact_value
from nbcraft.tracking.errors import scrub

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "text",
    [
        f"!curl -H Authorization:{SECRET} https://x",
        f"!curl -H Authorization: {SECRET} https://x -o out.json",
        f"!curl -H Authorization:Bearer\\ {SECRET} https://x",
        f"!curl -H 'Authorization: Bearer {SECRET}' https://x",
    ],
)
def test_an_unquoted_credential_with_text_after_it_is_redacted_in_history(text):
    out = redact(text)
    assert SECRET not in out
    assert "https://x" in out  # (the URL after it is kept: before, the credential was kept instead)


@pytest.mark.parametrize(
    "text",
    [
        f"401 for Authorization: {SECRET} on https://x",
        f"sent authorization={SECRET} to host",
        f"401 for Authorization: Bearer {SECRET} on host",
    ],
)
def test_an_unquoted_credential_in_a_log_line_is_scrubbed(text):
    out = scrub(text)
    assert SECRET not in out
    assert out.endswith(("https://x", "host"))


def test_a_job_parameter_with_an_unquoted_credential_is_redacted():
    assert SECRET not in redact_value("command", f"curl -H Authorization:{SECRET} https://x")


@pytest.mark.parametrize(
    "text",
    [
        "r = requests.get(url, headers=dict(Authorization=token), timeout=5)",
        "!curl -H Authorization:$TOKEN https://x -o f",
    ],
)
def test_a_variable_or_reference_is_kept_whole(text):
    assert redact(text) == text


def test_a_digest_header_is_redacted_to_the_line_end():
    out = redact('Authorization: Digest username="u", response="S3CRETxyz"')
    assert out == f"Authorization: Digest {REDACTED}"


def test_many_unclosed_config_substitutions_stay_linear():
    texts = ["!curl " + "-K <(echo a " * (n // 12) for n in (8000, 64000)]
    small, large = best_times(redact, texts)
    # 8 times the text: quadratic was about 64 times (1.5 s at 8k before); the best of 5
    # interleaved runs each (noise only adds time), and a generous bound
    assert large < max(24 * small, 0.5)
