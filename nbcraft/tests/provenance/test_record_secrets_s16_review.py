"""Redaction gaps a second attack review of main found (s16): a line continuation inside a
word (the shell joins the lines, the reader ended the word), an ``Authorization`` scheme other
than Bearer/Basic/token (the scheme word was redacted, the credential kept), and
over-redaction that loses what the user needs (``$TOKEN``, ``$(gcloud ...)``, ``-d ts=-5u:30``).
Pure functions: the recorder's ``redact`` (a cell), ``redact_value`` (a job's parameter) and
``tracking.errors``' ``scrub``/``shown_line`` (logs and MLflow tags)."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact

R = redact.REDACTED

CONTINUED = [
    ("!curl -u bob:\\\nS3cr3t h", f"!curl -u bob:{R} h"),
    ("!curl --user bob:\\\nS3cr3t h", f"!curl --user bob:{R} h"),
    ("!curl -d password=\\\nS3cr3t h", f"!curl -d password={R} h"),
    ("!http -a bob:\\\nS3cr3t h", f"!http -a bob:{R} h"),
    ("!curl --oauth2-bearer ab\\\ncdS3cr3t h", f"!curl --oauth2-bearer {R} h"),
    ("%%bash\ncurl -u bob:\\\nS3cr3t h\n", f"%%bash\ncurl -u bob:{R} h\n"),
    ("%%bash\ncurl -u bob:\\\r\nS3cr3t h\n", f"%%bash\ncurl -u bob:{R} h\n"),
    ('%%bash\ncurl -u "bob:ab\\\ncdS3cr3t" h\n', f'%%bash\ncurl -u "bob:{R}" h\n'),
]


@pytest.mark.parametrize(("typed", "kept"), CONTINUED)
def test_a_line_continuation_inside_a_word_is_the_word_s(typed: str, kept: str) -> None:
    """``-u bob:\\<newline>S3cr3t``: the shell joins the lines, so the password is
    ``S3cr3t``; the reader ended the word at the backslash and ``S3cr3t`` stayed in history and
    in job parameters."""
    assert redact.redact(typed) == kept
    assert redact.redact_value("cmd", typed) == kept
