"""s20 review: the joined-literals reader (e7c3d3e7, 0709af26) corrupted a record with mixed
quotes, kept the leaking reading on a tie in the count, and missed joins across comments,
prefixes and quote styles. Each case failed on main (a203035a)."""

import ast

import pytest

from nbcraft.provenance.record.redact import joined_literals, redact

SECRET = "S3CRETabc"


@pytest.mark.parametrize(
    "cell",
    [
        # R1: mixed quotes (the first literal's closing quote was kept as the second's)
        f'h = {{"Authorization": \'Bearer \' "{SECRET}"}}\nprint(1)',
        f"h = {{'Authorization': 'Bearer ' + \"{SECRET}\"}}",
        f"q = 'Bearer ' \"{SECRET}\"  # note",
        # R2: a tie in the count (the header's value redacted piecewise)
        f"h = {{'Authorization': 'Bear' 'er {SECRET}'}}",
        "h = {'Authorization': 'Bearer S3CR' 'ETabc'}",
        # R3: a comment in the seam, prefixes and quote styles
        f"h = {{'Authorization': ('Bearer '  # scheme\n  '{SECRET}')}}",
        f"h = {{'Authorization': u'Bearer ' + '{SECRET}'}}",
        f"h = {{'Authorization': 'Bearer ' + r'{SECRET}'}}",
        f'h = {{\'Authorization\': \'Bearer \' + """{SECRET}"""}}',
        f"h = {{'Authorization': 'Bearer ' + ('{SECRET}')}}",
    ],
)
def test_joined_credential_is_redacted_and_the_cell_still_parses(cell: str) -> None:
    out = redact(cell)
    assert SECRET not in out and "ETabc" not in out
    ast.parse(out)  # the record stays Python


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("x = 'a' \"b\"\ny = 1", "x = 'ab'\ny = 1"),
        ("x = 'a' + \"b\"  # c", "x = 'ab'  # c"),
        ("x = ('a'  # c\n 'b')", "x = ('ab')"),
        ("x = u'a' 'b' + r'c'", "x = u'abc'"),
        ("x = 'a' + '''b'''", "x = 'ab'"),
        ("x = 'a' 'b' 'c' + 'd'", "x = 'abcd'"),
        ("x = 'a' + ('b')", "x = 'ab'"),
        ("x = 'a' + ('b').upper()", "x = 'a' + ('b').upper()"),
        # not joined: bytes beside text, a raw backslash, the first's quote in the second
        ("x = b'a' 'b'", "x = b'a' 'b'"),
        ("x = 'a' r'\\d'", "x = 'a' r'\\d'"),
        ("x = 'a' \"it's\"", "x = 'a' \"it's\""),
    ],
)
def test_joined_literals_writes_python_s_one_string(text: str, joined: str) -> None:
    assert joined_literals(text) == joined

    if joined != text:  # the same string Python makes (the inputs are this test's own)
        assert _value(joined) == _value(text)


def _value(source: str) -> object:
    """The string ``x`` is given in ``source`` (literals Python joins, and ``+``)."""
    node = ast.parse(source).body[0].value
    stack, found = [node], []
    while stack:
        node = stack.pop()
        if isinstance(node, ast.BinOp):
            stack += [node.right, node.left]
        else:
            found.append(node.value)
    return "".join(found)
