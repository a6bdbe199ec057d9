"""s23: a name bound in more branches of an ``if``/``elif`` chain than a use's line reads whole
(``bound._MOST_USES``): every branch's value is still read at the use."""

import pytest

from nbcraft.provenance.record.redact import redact

PW = "S3cretPwXyz"


def _branches(n: int, secret_at: int, tail: str, shown: bool = False) -> str:
    """A name bound in ``n`` branches of an ``if``/``elif`` chain, the secret in one of them
    (``shown``: as redacted: curl's ``-u`` takes every binding's password); ``tail``: the
    rest of the ``!curl`` line (a long one is read near the use only past 16 bindings)."""
    lines = []
    for i in range(n):
        user, password = ("admin", PW) if i == secret_at else (f"guest{i}", "guest")
        lines.append(f"{'if' if i == 0 else 'elif'} x == {i}:")
        lines.append(f"    u = '{user}:{'<redacted>' if shown else password}'")
    return "\n".join(lines) + f"\n!curl -u $u https://h/x{tail}\n"


@pytest.mark.parametrize(
    ("n", "secret_at", "tail"),
    [(17, 0, ""), (40, 0, ""), (40, 20, ""), (40, 39, ""), (200, 3, ""), (40, 0, " -o x" * 400)],
)
def test_every_branch_binding_of_a_name_is_read_at_its_use(
    n: int, secret_at: int, tail: str
) -> None:
    assert redact(_branches(n, secret_at, tail)) == _branches(n, secret_at, tail, shown=True)


def test_a_use_line_repeated_with_the_same_value_is_read_once() -> None:
    """A command repeated with the same value gives the same reading: it is read once (each
    was read again, up to 16 times a binding, when the reading took nothing out)."""
    from nbcraft.provenance.record.bound import bound_literals_redacted
    from nbcraft.provenance.record.literals import string_literals

    text = "u = 'https://h/data.csv'\n" + "!curl -O $u\n" * 40 + "u = 'u:pw'\n!curl -u $u h\n"
    read: list[str] = []

    def reading(line: str, shell: bool) -> str:
        read.append(line)
        return line.replace(":pw", ":<redacted>")

    out = bound_literals_redacted(text, [*string_literals(text)], reading, "<redacted>")
    assert out == text.replace("'u:pw'", "'u:<redacted>'")
    assert read == ["!curl -O 'https://h/data.csv'", "!curl -u 'u:pw' h"]
