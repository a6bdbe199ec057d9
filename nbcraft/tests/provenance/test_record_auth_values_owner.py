"""One owner for a scheme's credential (``Bearer x``, ``Basic x`` outside a header):
``authorization.scheme_credentials_redacted``, used by the recorder's ``redact`` and by
``tracking.errors.scrub``. Before s18 each had its own pattern (redact: ``Bearer`` only, case
sensitive, 8 characters or more; scrub: ``bearer``/``basic`` any case, 4 or more, base64url
characters only, prose too): where they disagreed, both now read it the same way."""

import pytest

from nbcraft.provenance.record.redact import redact, redact_value
from nbcraft.tracking.errors import scrub

SECRET = "Sx8kq2mZ0"


@pytest.mark.parametrize(
    "text",
    [
        # redact kept these (lower case, Basic, shorter than 8); scrub redacted them
        f'h = {{"X-Upstream": "bearer {SECRET}"}}',
        'h = {"X-Upstream": "Basic dXNlcjpwYXNzd29yZA=="}',
        f"# token sent as Basic {SECRET}",
        "h = {'X-Upstream': 'Bearer k2Zq9w'}",
        # scrub kept these (a character outside base64url); redact redacted them
        f"upstream said: Bearer ab$c{SECRET}",
        f"upstream said: Bearer ab!c{SECRET}",
    ],
)
def test_a_schemes_credential_is_redacted_by_both(text):
    secret = text.split("er ", 1)[-1].split("ic ", 1)[-1].split('"')[0].split("'")[0]
    for shown in (redact(text), str(redact_value("note", text)), scrub(text)):
        assert secret not in shown, shown


@pytest.mark.parametrize(
    "text",
    [
        # prose and references stay as written in both (scrub redacted the first three)
        "Missing Bearer token",
        "HTTP basic auth failed: 401",
        "use Basic Authentication or a Bearer Token",
        "requires_authorization = False",
        "curl -H 'X-Upstream: Bearer $TOKEN' https://x",
        "h = {'X': f'Bearer {token}'}",
        "h = {'X': 'Bearer ' + token}",
    ],
)
def test_prose_and_references_after_a_scheme_are_kept_by_both(text):
    for shown in (redact(text), str(redact_value("note", text)), scrub(text)):
        assert shown == text


def test_a_closing_bracket_the_credential_did_not_open_is_kept():
    assert scrub(f"(Bearer {SECRET})") == "(Bearer ***)"
    assert redact(f"# [Basic {SECRET}]") == "# [Basic <redacted>]"
