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
