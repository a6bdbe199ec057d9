"""What a review of the one URL scrubber (``tracking.errors``) found. Its regex read from every
``scheme://`` to the end of the text (``a://:`` repeated: 16 s on 100 kB, on the event loop,
reachable from an untrusted project's ``nbcraft.json`` through the trust summary); and on one
URI (the trust summary, the status) it kept a password holding a quote, ``<``, ``>``, a space or
a tab, which the summary's ``urlsplit`` used to hide. Pure functions; the scan is counted, not
timed (the timing is in ``bench/provenance-redact-curl-bench.py``)."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import url_userinfo
from nbcraft.tracking import errors
from nbcraft.trust import summary


@pytest.mark.parametrize(
    "password", ["p'w", 'p"w', "p<w", "p>w", "p w", "p\tw", "p\u00a0w", "p\u3000w", "p'w/x"]
)
def test_one_uri_hides_any_password(password: str) -> None:
    uri = f"https://alice:{password}@gw.example/x"
    assert summary.without_userinfo(uri) == "https://gw.example/x"
    assert errors.without_userinfo(uri) == "https://gw.example/x"
    where = summary.target_where({"kind": "gateway", "url": uri})
    assert where == "https://gw.example"


def test_one_uri_keeps_a_port_an_ipv6_host_and_an_at_in_its_path() -> None:
    for uri in ("https://gw:443/x@y", "http://[::1]:5000/x@y", "https://h/x?mail=a@b"):
        assert errors.without_userinfo(uri) == uri


def test_a_url_after_the_first_in_one_uri_is_scrubbed_too() -> None:
    uri = "https://u:p@h/x?next=https://v:q@i/"
    assert errors.without_userinfo(uri) == "https://h/x?next=https://i/"


SHAPES = ["a://:", "a", "a1", "a://a:", "a://a:b/", "x://u:p/", "a://@", "https://h/x?q "]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_scan_reads_each_character_a_bounded_number_of_times(monkeypatch, shape) -> None:
    """Each search the scrubber makes is counted in characters read; on a text of ``shape``
    repeated they add up to a few times its length, whatever its length."""
    read = []
    search, first = url_userinfo.search, url_userinfo.first

    def counted_search(pattern, text, start):
        end = search(pattern, text, start)
        read.append(end - start)
        return end

    def counted_first(text, chars, start):
        end = first(text, chars, start)
        read.append(end - start)
        return end

    monkeypatch.setattr(url_userinfo, "search", counted_search)
    monkeypatch.setattr(url_userinfo, "first", counted_first)
    monkeypatch.setattr(errors, "search", counted_search)
    text = shape * (20_000 // len(shape)) + "://"
    for scrubber in (errors.scrub, errors.without_userinfo, errors.urls_shown):
        read.clear()
        scrubber(text)
        assert sum(read) <= 3 * len(text), (scrubber.__name__, sum(read))


def test_a_parameter_after_a_second_question_mark_is_read() -> None:
    uri = "https://h.example/x?a=b?token=s3cretPW"
    assert errors.without_userinfo(uri) == "https://h.example/x?a=b?token=<redacted>"
