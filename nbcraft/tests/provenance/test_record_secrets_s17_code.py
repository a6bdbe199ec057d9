"""s17 review of the redactor: requests'/httpx's auth pairs whose user is an expression, JSON
bodies that do not parse, ``{...}`` in a ``%%bash`` body, and what it over-redacted (a prefixed
Authorization header eating the URL, a pip VCS ref). Each leak case leaked on main, each
over-redaction case was corrupted on main; each near miss stays as written."""

import pytest

from nbcraft.provenance.record.redact import redact, redact_value

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            f"r = requests.get(url, auth=(os.environ['U'], '{SECRET}'))",
            "r = requests.get(url, auth=(os.environ['U'], '<redacted>'))",
        ),
        (
            f'httpx.get(url, auth=(get_user(cfg, "x"), "{SECRET}"))',
            'httpx.get(url, auth=(get_user(cfg, "x"), "<redacted>"))',
        ),
        (
            f"s.auth = HTTPBasicAuth(os.environ['U'], '{SECRET}')",
            "s.auth = HTTPBasicAuth(os.environ['U'], '<redacted>')",
        ),
        (
            f"requests.get(u, auth=HTTPDigestAuth(cfg['users'][0], r'{SECRET}'), timeout=5)",
            "requests.get(u, auth=HTTPDigestAuth(cfg['users'][0], r'<redacted>'), timeout=5)",
        ),
    ],
)
def test_an_auth_pairs_password_is_redacted_whatever_its_user(text, expected):
    assert redact(text) == expected
    assert redact_value("cmd", text) == expected


def test_an_auth_pairs_keywords_are_the_name_rules():
    text = f"auth = HTTPBasicAuth(username=os.environ['U'], password='{SECRET}')"
    assert redact(text) == "auth = HTTPBasicAuth(username=os.environ['U'], password='<redacted>')"
    assert SECRET not in redact_value("cmd", text)  # (a parameter's ``password=``: its rule)


@pytest.mark.parametrize(
    "text",
    [
        "requests.get(url, auth=(os.environ['U'], os.environ['P']))",
        "requests.get(url, auth=(user(), password))",
        "requests.get(url, auth=HTTPBasicAuth(os.environ['U'], f'{pw}'))",
        "requests.get(url, auth=(os.environ['U'],))",
    ],
)
def test_an_auth_pair_of_variables_is_kept(text):
    assert redact(text) == text
    assert redact_value("cmd", text) == text
