"""s19: a credential in Python string literals joined (``'Bearer ' + '...'``, implicitly,
``('user = a' ':pw')``) where the record sees the source: the literals are read as the one
string Python makes of them. Each case leaked on main (checked against ca08eb68); each near
miss stays as written."""

import pytest

from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "cell",
    [
        # a header's scheme and its credential in literals joined by + or implicitly
        f"headers = {{'Authorization': 'Bearer ' + '{SECRET}abc'}}",
        f"headers = {{'Authorization': 'Bearer ' '{SECRET}abc'}}",
        f"headers = {{'Authorization': ('Bearer '\n    '{SECRET}abc')}}",
        f'h = "Authorization: Bearer " + "{SECRET}abc"',
        f"h = 'Bearer ' + '{SECRET}abc'",
        f"requests.get(u, headers={{'Authorization': 'token ' + 'ghp{SECRET}'}})",
        # (found after: the other quotes, an f-string beside a plain one)
        f"h = {{'Authorization': 'Bearer ' + \"{SECRET}abc\"}}",
        f"h = {{'Authorization': f'Bearer ' + '{SECRET}abc'}}",
        # a shell string given to Python in joined pieces (the credential across the seam)
        f'subprocess.run("curl -K - <<< \'user = a:" "{SECRET}\'", shell=True)',
        f'os.system("echo \'user = a:" + "{SECRET}\' | curl -K -")',
        f"subprocess.run(['curl', '-u', 'a:' '{SECRET}', url])",
        f"subprocess.run(['curl', '-u', ('a' ':{SECRET}'), url])",
    ],
)
def test_a_credential_in_joined_string_literals_is_redacted(cell: str) -> None:
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        'print("Basic usage: " + "see the docs")',
        'msg = "Use Bearer " "authentication for this"',
        'h = "Bearer " + token',
        'h = "Authorization: Bearer " + os.environ["TOKEN"]',
        "sql = ('select a '\n       'from b')",
        "x = 'a' + 'b'.upper()",
        "h = 'Bearer ' + f'{token}'",
        "h = 'Bearer ' + \"it's\"",
        "x = b'a' + 'b'",
    ],
)
def test_joined_literals_with_no_credential_stay_as_written(cell: str) -> None:
    assert redact(cell) == cell
