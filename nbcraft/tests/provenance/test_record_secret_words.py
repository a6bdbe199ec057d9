"""The history's fast word scan must not skip a name ``secret_shapes`` calls a credential's.

``redact`` looks for a credential name only in text holding one of its scan words; a word the
shared ``credential_names.json`` gains without a scan word of its own would leave the history
unredacted (``GITHUB_PAT`` did, until ``pat`` joined the scan).
"""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact as redact_module
from nbcraft.provenance.record.redact import redact
from nbcraft.secret_shapes import is_credential_name, load_credential_names

_NAMES = load_credential_names()
_WORD_LISTS = (
    "credentialWords",
    "credentialEndings",
    "lastCredentialWords",
    "lastCredentialEndings",
    "lastWordsAfterAnother",
    "connectionString",
)


@pytest.mark.parametrize(
    "word", sorted({w for key in _WORD_LISTS for w in _NAMES[key]} | {"apikey", "accesskey"})
)
def test_every_credential_word_holds_a_scan_word(word: str) -> None:
    assert any(scan in word for scan in redact_module._WORDS), word


@pytest.mark.parametrize("name", ["GITHUB_PAT", "databricks_pat", "ado_pat", "myPat"])
def test_a_personal_access_token_is_redacted_in_history_on_its_own(name: str) -> None:
    assert is_credential_name(name)
    text = f'{name} = "Zq9sLq2ZrT4kW8Zq9s"\n'
    assert redact(text) == f'{name} = "<redacted>"\n'


def test_names_that_only_hold_pat_are_kept() -> None:
    text = 'path = "/data/x"\npattern = r"a+"\npat = r".+/(x)"\n'
    assert redact(text) == text
