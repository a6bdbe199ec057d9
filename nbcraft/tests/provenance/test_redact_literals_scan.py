"""A second review of s15: ``redact`` found a cell's string literals with one regex from every
quote, and a quote that never closes was read to its line's end from each later quote of its
kind: ``"x " + "\\\\'" * 8000`` took 1.1 s, quadratic (bench/provenance-redact-curl-bench.py
--check 3 holds the speed). The forward scan (``_literals``) finds exactly the regex's
literals; these check that it does, on every short text of a small alphabet's hard parts and
on random longer ones."""

from __future__ import annotations

import itertools
import random

import pytest

from nbcraft.provenance.record import literals, redact

R = redact.REDACTED
ALPHABET = ["'", '"', "\\", "\n", "r", "B", "x"]


def _found(found) -> list[tuple]:
    return [(m.start(), m.end(), m.group(1), m.group(2)) for m in found]


def test_the_scan_finds_the_regex_s_literals_in_every_short_text() -> None:
    for n in range(7):
        for chars in itertools.product(ALPHABET, repeat=n):
            text = "".join(chars)
            assert _found(literals.string_literals(text)) == _found(
                literals.LITERAL.finditer(text)
            ), text


def test_the_scan_finds_the_regex_s_literals_in_longer_texts() -> None:
    rng = random.Random(15)
    for _ in range(20_000):
        text = "".join(rng.choice([*ALPHABET, " ", "="]) for _ in range(rng.randint(8, 40)))
        assert _found(literals.string_literals(text)) == _found(literals.LITERAL.finditer(text)), (
            text
        )


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_token_after_many_unclosed_quotes_is_still_redacted(quote: str) -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    escaped = ("\\" + quote) * 3000
    typed = f"x {escaped}\nt = {quote}{token}{quote}\n"
    assert redact.redact(typed) == typed.replace(token, R)
