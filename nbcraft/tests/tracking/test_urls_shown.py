"""``urls_shown``: a URL's user-info (to the last ``@`` before its path, or a password with
``/``) and a scheme-less path's query are not shown; nbclient's handshake log line is shown as
a job's error is (second review of s14-jobs). Pure functions and a real logging record."""

from __future__ import annotations

import logging

import pytest

from nbcraft.jobs import runner
from nbcraft.tracking.errors import shown_line, urls_shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://user:p@ss@gw/x", "https://gw/x"),
        ("https://user:pa/ss@gw", "https://gw"),
        ("GET /api/kernelspecs?token=abc123 failed", "GET /api/kernelspecs failed"),
        ("'/api/kernels?token=abc123'", "'/api/kernels'"),
        ("https://tok@gw/x?token=y", "https://gw/x"),
        ("https://gw:8888/api?token=x", "https://gw:8888/api"),
        ("http://h:1/", "http://h:1/"),
        ("https://host:8080/path@foo", "https://host:8080/path@foo"),
        ("is a?b the same", "is a?b the same"),
    ],
)
def test_urls_shown(text: str, shown: str) -> None:
    assert urls_shown(text) == shown


def test_shown_line_takes_the_token_and_curl_s_password_out() -> None:
    line = shown_line(
        "gateway tok3nvalue failed: curl -u a:pw123 https://u:p@gw/x?t=1", "tok3nvalue"
    )
    assert line == "gateway <redacted> failed: curl -u a:<redacted> https://gw/x"


def test_nbclient_s_handshake_log_line_is_shown_as_a_job_s_error() -> None:
    record = logging.LogRecord(
        "nbcraft.jobs.nbclient", logging.ERROR, __file__, 1,
        "Error occurred while starting new kernel client for kernel %s: %s",
        ("k1", ("Handshake status 403 https://u:pw@gw/api/kernels/k1/channels?token=abc"
                f"{runner.HANDSHAKE_TAIL}set-cookie: session=xyz")),
        None,
    )  # fmt: skip
    assert runner._HandshakeCut().filter(record)
    message = record.getMessage()
    assert message == (
        "Error occurred while starting new kernel client for kernel k1: "
        "Handshake status 403 https://gw/api/kernels/k1/channels"
    )
