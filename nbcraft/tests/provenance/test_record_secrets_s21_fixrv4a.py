"""s21 review (RV4) leaks, each recorded as written on main c828cfb2: a bound secret's use after
16 uses of an ordinary bound name (the cap counted every name's uses together); a secret given
by position or in ``params=`` in a cell that does not parse whole (an IPython ``%time`` line, a
help line ``obj?``, a Python 2 line, an unfinished block, a deeply nested expression); a format's
named field (``'Bearer {t}'.format(t='x')``)."""

import pytest

from nbcraft.provenance.record.redact import redact

PW = "S3CRETpw"


def _leaks(cell: str) -> str | None:
    out = redact(cell)
    return out if "S3CRET" in out else None


@pytest.mark.parametrize("prints", [15, 16, 40])
def test_a_bound_secret_is_read_after_many_uses_of_another_name(prints: int) -> None:
    cell = (
        "p = 'data.csv'\n"
        + "".join(f"print(p, {i})\n" for i in range(prints))
        + f"u = 'admin:{PW}'\n!curl -u $u https://h/x\n"
    )
    assert _leaks(cell) is None, redact(cell)
    assert "p = 'data.csv'" in redact(cell)


_LOGIN = f"smtp.login('me@x.com', '{PW}')"
_CALLS = [
    _LOGIN,
    f"cred = ClientSecretCredential('t', 'c', '{PW}')",
    f"r = requests.get(u, params={{'key': '{PW}'}})",
]


@pytest.mark.parametrize(
    "cell",
    [
        f"%time {_LOGIN}",
        f"%timeit -n 1 -r 1 {_LOGIN}",
        f"import smtplib\n%time {_LOGIN}\nprint('sent')",
        f"{_LOGIN}\nsmtp?",
        f"{_LOGIN}\nsmtp.login??",
        *(f"print 'sending'\n{call}" for call in _CALLS),
        *(f"{call}\nfor x in y:" for call in _CALLS),
        *(f"x = {'-' * 5000}1\n{call}" for call in _CALLS),
        f"print 'a'\nsmtp.login(\n    'me@x.com',\n    '{PW}',\n)\n",
        f"print 'a'\nfor s in servers:\n    s.login('me', '{PW}')\n",
        f"print 'a'\ndef send():\n    {_LOGIN}\n    return 1\n",
    ],
)
def test_a_positional_or_params_secret_is_read_in_a_cell_that_does_not_parse_whole(
    cell: str,
) -> None:
    assert _leaks(cell) is None, redact(cell)


def test_what_parses_around_a_broken_line_is_kept_as_written() -> None:
    cell = f"print 'a'\nsmtp.login('me@x.com', '{PW}')\nfor x in y:\n"
    out = redact(cell)
    assert out == "print 'a'\nsmtp.login('me@x.com', '<redacted>')\nfor x in y:\n"


@pytest.mark.parametrize(
    "cell",
    [
        f"h = {{'Authorization': 'Bearer {{t}}'.format(t='{PW}')}}",
        f"h = {{'Authorization': 'Bearer {{t}}'.format(t = '{PW}')}}",
        f"u = 'https://{{u}}:{{p}}@h/x'.format(u='me', p='{PW}')",
        f"subprocess.run(['curl', '-u', '{{}}:{{p}}'.format('me', p='{PW}'), 'https://h'])",
    ],
)
def test_a_format_keyword_field_is_read_as_the_literal_it_makes(cell: str) -> None:
    assert _leaks(cell) is None, redact(cell)


def test_a_format_keyword_the_reading_keeps_stays() -> None:
    out = redact(f"u = 'https://{{u}}:{{p}}@h/x'.format(u='me', p='{PW}')")
    assert "u='me'" in out and "p='<redacted>'" in out, out


def test_a_timed_compound_statement_does_not_cost_the_cells_other_readings() -> None:
    # (``%time for ...: ...`` kept as ``0; for ...`` does not parse: the magic line is blanked
    # whole then, as before, and the tuple's pair is still read with ``ast``)
    cell = f"%time for i in range(3): pass\nuser, password = 'me', '{PW}'"
    assert _leaks(cell) is None, redact(cell)
