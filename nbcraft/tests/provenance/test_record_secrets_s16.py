"""Redaction misses left after s15: a JSON body's credential-named key holding a number, a
boolean, an array or an object, or written with JSON escapes (``"pass\\u0077ord"``); a password
written after the host where a port would be (``https://alice@h:s3cret``); and an
``@`` in a query (``https://h/x?e=a@b``: no user-info). Pure
functions: the recorder's ``redact`` (a cell), ``redact_value`` (a job's parameter) and the
one URL scrubber of ``tracking.errors``."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact
from nbcraft.tracking import errors

R = redact.REDACTED

JSON_BODIES = [
    # a number, a boolean, a negative exponent, an array, an object: the whole value
    ("""!curl -d '{"password": 123456}' https://h/x""",
     f"""!curl -d '{{"password": {R}}}' https://h/x"""),
    ("""!curl -d '{"password": 123456, "user": "bob"}' https://h/x""",
     f"""!curl -d '{{"password": {R}, "user": "bob"}}' https://h/x"""),
    ("""!curl --json '{"password": true}' https://h/x""",
     f"""!curl --json '{{"password": {R}}}' https://h/x"""),
    ("""!curl --json '{"secret": -1.5e3,"a":1}' https://h/x""",
     f"""!curl --json '{{"secret": {R},"a":1}}' https://h/x"""),
    ("""!curl -d '{"api_key": [ "x", "y" ], "n": 2}' https://h/x""",
     f"""!curl -d '{{"api_key": {R}, "n": 2}}' https://h/x"""),
    ("""!curl -d '{"credentials": {"user": "a", "pw": "b]}"}, "n": 2}' https://h/x""",
     f"""!curl -d '{{"credentials": {R}, "n": 2}}' https://h/x"""),
    # nested: a credential key inside an object that is not one
    ("""!curl -d '{"auth": {"token": 42}}' https://h/x""",
     f"""!curl -d '{{"auth": {{"token": {R}}}}}' https://h/x"""),
    # an array that never closes: to the end of the body (nothing after it is the body's)
    ("""!curl -d '{"api_key": ["x", "y"' https://h/x""",
     f"""!curl -d '{{"api_key": {R}' https://h/x"""),
    # escaped keys: JSON's escapes decoded before the name is asked about
    ("""!curl -d '{"pass\\u0077ord": "x1"}' https://h/x""",
     f"""!curl -d '{{"pass\\u0077ord": "{R}"}}' https://h/x"""),
    ("""!curl -d '{"api\\/key": 7}' https://h/x""",
     f"""!curl -d '{{"api\\/key": {R}}}' https://h/x"""),
    # a string value that says "password": is no key
    ("""!curl -d '{"note": "\\"password\\": 5", "n": 1}' https://h/x""",
     """!curl -d '{"note": "\\"password\\": 5", "n": 1}' https://h/x"""),
    # null says nothing: kept; so are other keys' numbers and a key whose escape is broken
    ("""!curl -d '{"token": null, "count": 3}' https://h/x""",
     """!curl -d '{"token": null, "count": 3}' https://h/x"""),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), JSON_BODIES)
def test_a_json_body_s_credential_of_any_type_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), JSON_BODIES)
def test_a_json_body_s_credential_of_any_type_in_a_job_parameter(typed: str, kept: str) -> None:
    assert redact.redact_value("command", typed[1:]) == kept[1:]


def test_an_ipython_expansion_is_kept_and_a_json_object_is_not_one() -> None:
    """On a ``!`` line ``{tok}`` is IPython's (the kernel's value, not the text's); a JSON
    object in braces is the text's, though it is shaped like one."""
    kept = """!curl -d '{"token": {tok}}' https://h/x"""
    assert redact.redact(kept) is kept
    typed = """!curl -d '{"token": {"id": 1}}' https://h/x"""
    assert redact.redact(typed) == f"""!curl -d '{{"token": {R}}}' https://h/x"""


PORT_PASSWORDS = [
    # a password after the host where a port would be: the user meant user:password
    ("https://alice@h:s3cret", f"https://alice@h:{R}"),
    ("x https://alice@h.example:s3cret/api?a=1 y", f"x https://alice@h.example:{R}/api?a=1 y"),
    ("https://alice@[::1]:s3cret/x", f"https://alice@[::1]:{R}/x"),
    # a port stays; so does an scp-like ssh URL's path (git's remotes are written so)
    ("https://alice@h:8080/x", "https://alice@h:8080/x"),
    (
        "!git clone ssh://git@github.com:org/repo.git",
        "!git clone ssh://git@github.com:org/repo.git",
    ),
    ("ssh://git@h:s3cret", f"ssh://git@h:{R}"),
    ("https://alice@[::1]:8080/x", "https://alice@[::1]:8080/x"),
]


@pytest.mark.parametrize(("typed", "kept"), PORT_PASSWORDS)
def test_a_password_where_the_port_would_be_in_a_cell(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept
    assert redact.redact_value("url", typed) == kept


def test_a_password_where_the_port_would_be_leaves_every_scrubber() -> None:
    assert errors.without_userinfo("https://alice@h:s3cret/x") == "https://h/x"
    assert "s3cret" not in errors.scrub("see https://alice@h:s3cret/x")
    assert errors.urls_shown("see https://alice@h:s3cret/x?q=1 now") == "see https://h/x now"
    # a port stays in each
    assert errors.without_userinfo("https://alice@h:8080/x") == "https://h:8080/x"
    assert errors.urls_shown("see https://alice@h:8080/x now") == "see https://h:8080/x now"


KEPT = [
    "https://h/x?e=a@b",
    "see https://h/x?e=a@b now",
    "https://h:8080/x?e=a@b",
    "https://h/x#to=a@b",
]


@pytest.mark.parametrize("text", KEPT)
def test_an_at_in_the_query_is_no_user_info(text: str) -> None:
    assert redact.redact(text) is text
    assert redact.redact_value("url", text) == text
    assert errors.scrub(text) == text
    assert errors.without_userinfo(text.split()[-2] if " " in text else text) == (
        text.split()[-2] if " " in text else text
    )


def test_a_malformed_port_then_a_query_s_at_is_over_redacted() -> None:
    """``h:abc/x?e=a@b`` (no port: ``abc``) reads as ``user:pa/s?s@gw``, a password with
    ``/`` then ``?``: redacted, since a missed password is worse than over-redaction."""
    assert "abc" not in redact.redact("see https://h:abc/x?e=a@b now")
    assert "abc" not in errors.without_userinfo("https://h:abc/x?e=a@b")


def test_a_password_with_slash_or_question_mark_is_still_one() -> None:
    """What the query rule must not lose: ``user:pa/ss@gw`` and ``user:pa?ss@gw`` (no path
    before the ``?``) are passwords, as before."""
    assert redact.redact("x https://user:pa/ss@gw/x y") == f"x https://user:{R}@gw/x y"
    assert redact.redact("x https://user:pa?ss@gw/x y") == f"x https://user:{R}@gw/x y"
    assert errors.without_userinfo("https://user:pa/ss@gw/x") == "https://gw/x"
