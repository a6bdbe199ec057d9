"""A second review of s15: Python's urlsplit strips a URL's leading spaces and C0 controls and
deletes tab, CR and LF anywhere; ``without_userinfo`` did neither, so the trust summary (which
then built the host from ``urlsplit(...).netloc``) showed a gateway's password for
``' https://alice:s3c ret@gw/'`` or ``'https:/\\t/alice:s3cret@gw/'``, and the tracking status
served ``' https://alice:s3c ret@h/'`` unchanged. Both now read a URI as urlsplit does, and the
summary shows the host and port alone."""

from __future__ import annotations

import pytest

from nbcraft.tracking.errors import without_userinfo
from nbcraft.trust.summary import target_where

SPLIT_AS_URLSPLIT = [
    " https://alice:s3c ret@gw/",
    "\x01https://alice:s3cret@gw/",
    "https:/\t/alice:s3cret@gw/",
    "https\t://alice:s3cret@gw/",
    "https:\n//alice:s3cret@gw/",
    "\x00 \x1f https://alice:s3c\r\nret@gw/",
]


@pytest.mark.parametrize("url", SPLIT_AS_URLSPLIT)
def test_the_trust_summary_shows_no_gateway_password(url: str) -> None:
    assert target_where({"kind": "gateway", "url": url}) == "https://gw"


@pytest.mark.parametrize("url", SPLIT_AS_URLSPLIT)
def test_the_url_scrubber_reads_a_uri_as_urlsplit(url: str) -> None:
    shown = without_userinfo(url)
    assert "s3c" not in shown and "alice" not in shown
    assert shown == "https://gw/"


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("https://alice:s3cret@[::1]:8443/x", "https://[::1]:8443"),
        ("https://gw.example:444/api", "https://gw.example:444"),
        ("http://gw", "http://gw"),
        ("https://gw:notaport/", "?"),
    ],
)
def test_the_summary_shows_host_and_port(url: str, where: str) -> None:
    assert target_where({"kind": "gateway", "url": url}) == where
