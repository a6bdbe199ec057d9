"""s22 attack review RV6 (FINDINGS §1) on the redaction: the ``key=`` plain-value exemption
kept for ``key`` only; names bound to a credential in every form Python binds (chained, after
``;``, starred and nested targets, ``+=``, ``:=``, a ``for`` over literals, a name bound to a
name's literal); botocore's ``create_client`` keys, ``set_password(p)``, ``str.__add__`` forms
and an unclosed ``$(... | base64``; comments found after strings holding ``#`` or quotes, read by
their own rule (``comments``' doc), prose kept; and a bound literal's quotes kept valid."""

import ast

import pytest

from nbcraft.provenance.record.redact import redact

PW = "Sup3rS3cretPw"
STRIPE = "sk_live_51HxYzAbCdEfGh1234567890"


def _leaks(cell: str) -> str | None:
    out = redact(cell)
    return out if "S3cret" in out or "secret_2024" in out or STRIPE in out else None


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("requests.get('https://h/x?sig=abc-def-ghi')", "abc-def-ghi"),
        ("requests.get('https://h/x?auth=Prod-Database-Secret')", "Prod-Database"),
        ("requests.get('https://h/x?session=user_1234_abcd')", "user_1234"),
        ("requests.get('https://h/x', params={'appid': 'my_app_secret_2024'})", "my_app"),
        ("requests.get('https://h/x', params=dict(sig='abc-def-ghi'))", "abc-def"),
    ],
)
def test_the_plain_value_exemption_is_for_key_only(cell: str, value: str) -> None:
    assert value not in redact(cell), redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "requests.get('https://h/x?key=data/train.csv')",
        "requests.get('https://h/x', params={'key': 'created_at'})",
    ],
)
def test_a_plain_key_value_is_still_kept(cell: str) -> None:
    assert redact(cell) == cell


CURL = "\n!curl -u $u https://h/x"


@pytest.mark.parametrize(
    "cell",
    [
        f"h = u = 'admin:{PW}'" + CURL,
        f"x = 1; u = 'admin:{PW}'" + CURL,
        f"a, *b, u = 1, 2, 'admin:{PW}'" + CURL,
        f"*b, u = 'x', 'admin:{PW}'" + CURL,
        f"[h, u] = ['h', 'admin:{PW}']" + CURL,
        f"(u, h) = ('admin:{PW}', 'h')" + CURL,
        f"(h, (g, u)) = ('h', ('g', 'admin:{PW}'))" + CURL,
        f"u = 'admin'\nu += ':{PW}'" + CURL,
        f"print(u := 'admin:{PW}')" + CURL,
        f"if (u := 'admin:{PW}'):\n    pass" + CURL,
        f"for u in ['admin:{PW}']:\n    !curl -u $u https://h/x",
        f"for u in ('guest:guest', 'admin:{PW}'):\n    !curl -u $u https://h/x",
        f"p = '{PW}'\nu = f'admin:{{p}}'" + CURL,
        f"p='{PW}'; u=f'admin:{{p}}'" + CURL,
        f"p = '{PW}'\nu = 'admin:' + p" + CURL,
        # (a cell that does not parse: the text path still reads the simple binding)
        f"u = 'admin:{PW}'\nprint 'py2'" + CURL,
    ],
)
def test_every_binding_form_gives_the_use_its_literal(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"botocore.session.get_session().create_client('s3','r',None,None,None,None,'AKIA1','{PW}')",
        f"s.create_client('s3', 'r', None, True, None, None, 'AKIA1', '{PW}', 'tok')",
        f"s.create_client('s3', 'r', None, True, None, None, 'AKIA1', 'x', '{PW}')",
        f"p = '{PW}'\nuser.set_password(p)",
        f"pw = '{PW}'\nsmtp.login('me', pw)",
        f"{{'Authorization': str.__add__('Bearer ', '{PW}')}}",
        f"h = 'Bearer '.__add__('{PW}'.upper())",
        f"h = 'Bearer '.__add__(\"{PW}\".strip().lower())",
        f"!X=$(echo 'u:{PW}' | base64",
        # (a bound name joined to the header's scheme: the line read with its literals joined)
        f"x = '{PW}'\nh = {{'Authorization': str.__add__('Bearer ', x)}}",
        f"x = '{PW}'\nh = {{'Authorization': 'Bearer '.__add__(x)}}",
        f"x = '{PW}'\nh = {{'Authorization': 'Bearer ' + x}}",
    ],
)
def test_other_leaks(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f'x = "don\'t"  # password: {PW}',
        f"s = 'a #1'  # password: {PW}",
        f"s = 'a \\' #1'  # password: {PW}",
        "#password=correct-horse-S3cret-staple",
        "# password: prod_db_S3cret_2024",
        f"# stripe_key = {STRIPE}",
        f"# api key: {STRIPE}",
        f"# token: {PW}",
        f'cfg = """\n# password: {PW}\n"""',  # (a config file's comment in a string)
        "# token: ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    ],
)
def test_a_comment_value_is_redacted(cell: str) -> None:
    out = redact(cell)
    assert _leaks(cell) is None and "ghp_16C7" not in out, out


@pytest.mark.parametrize(
    "cell",
    [
        "# token: must be set in env",
        "# Args:\n#   token: GitHub token used to call the API",
        "# token: str",
        "# api_key: get one at https://x.com",
        "# token: expires after 1h",
        "# password: PASSWORD env var",
        "# key: the column to sort by",
        "# password: see the vault",
        "# token: required",
        "# token: None",
        "# password: N/A",
        "# password: stored in keychain",
        'x = "#"  # password: the vault\'s',
        "x = 1  # token: optional",
    ],
)
def test_a_comment_of_prose_is_kept(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    "cell",
    [
        f'u = "admin:{PW}"\n!curl -u "$u" https://h/x',
        f"u = 'admin:{PW}'\n!curl -u \"$u\" https://h/x",
        f'u = "admin:{PW}"\n!curl -u $u https://h/x',
    ],
)
def test_a_bound_literal_keeps_valid_quoting(cell: str) -> None:
    out = redact(cell)
    first = out.split("\n")[0]
    assert "S3cret" not in out and first.endswith("<redacted>" + first[4]), out
    ast.parse(first)
