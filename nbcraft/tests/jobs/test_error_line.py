"""A kernel's start error is scrubbed (``redact``, the gateway token) before it is cut to
ERROR_CHARACTERS; it was scrubbed whole, a message of megabytes (a response body) on the
server's event loop (second review of s14-jobs). Now its first ERROR_SCRUBBED characters."""

from __future__ import annotations

from nbcraft.jobs.runner import ERROR_CHARACTERS, ERROR_SCRUBBED, error_line
from nbcraft.provenance.record.redact import REDACTED, redact


def test_a_huge_error_line_is_cut_before_it_is_scrubbed() -> None:
    message = "gateway said: curl -u alice:s3cretpw https://x " + "y" * 5_000_000
    line = error_line(RuntimeError(message))
    assert line.startswith("RuntimeError: gateway said: curl -u alice:s3cretpw")
    assert len(line) <= len("RuntimeError: ") + ERROR_SCRUBBED
    assert ERROR_SCRUBBED > 10 * ERROR_CHARACTERS  # a secret crossing the final cut is whole
    assert f"alice:{REDACTED}" in redact(line)


def test_the_cut_keeps_the_first_line_of_a_long_message() -> None:
    line = error_line(ValueError("\n\n  first line\n" + "second " * 10_000))
    assert line == "ValueError: first line"
