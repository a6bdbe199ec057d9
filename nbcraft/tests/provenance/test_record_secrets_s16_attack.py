"""What an attack review of the s16 redaction found: the JSON body reader lost its place after a
string-valued credential (every credential after it leaked); a password holding ``/`` then
``?`` or ``#`` was taken for a path and a query; an scp-like ssh URL's ``@ref`` was read as a
user-info's end; ``$PORT``/``{port}`` where a port is were redacted. Pure functions: the
recorder's ``redact`` (a cell), ``redact_value`` (a job's parameter) and ``tracking.errors``'
URL scrubbers."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact
from nbcraft.tracking import errors

R = redact.REDACTED

AFTER_A_STRING = [
    # a string-valued credential, then credentials holding a string, a number, an array
    ("""curl -d '{"secret": "s1", "token": "s2"}' https://h/x""",
     f"""curl -d '{{"secret": "{R}", "token": "{R}"}}' https://h/x"""),
    ("""curl --json '{"username":"bob","password":"hunter2","otp":"123456","api_key":"AKIA0000"}' h""",
     f"""curl --json '{{"username":"bob","password":"{R}","otp":"123456","api_key":"{R}"}}' h"""),
    ("""curl -d '{"password": "a", "token": 42}' https://h/x""",
     f"""curl -d '{{"password": "{R}", "token": {R}}}' https://h/x"""),
    ("""curl -d '{"password": "a", "api_key": ["k1"]}' https://h/x""",
     f"""curl -d '{{"password": "{R}", "api_key": {R}}}' https://h/x"""),
    # a key written twice: both values
    ("""curl -d '{"password": "a", "password": 99}' https://h/x""",
     f"""curl -d '{{"password": "{R}", "password": {R}}}' https://h/x"""),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), AFTER_A_STRING)
def test_every_credential_after_a_string_valued_one_is_redacted(typed: str, kept: str) -> None:
    assert redact.redact_value("command", typed) == kept
    assert redact.redact("!" + typed) == "!" + kept


def test_a_body_of_many_string_credentials_keeps_none() -> None:
    """The bench's shape: every value redacted, not every other one."""
    typed = "curl -d '{" + '"password": "x", ' * 50 + "}'"
    assert '"x"' not in redact.redact_value("command", typed)
    assert '"x"' not in redact.redact("!" + typed)


SLASH_THEN_QUERY = [
    ("x https://user:Xy/9#kq@gw/x y", f"x https://user:{R}@gw/x y", "x https://gw/x y"),
    ("x https://user:pa/s?s@gw/x y", f"x https://user:{R}@gw/x y", "x https://gw/x y"),
]


@pytest.mark.parametrize(("typed", "kept", "shown"), SLASH_THEN_QUERY)
def test_a_password_with_a_slash_then_a_query_or_fragment_mark_leaves_every_scrubber(
    typed: str, kept: str, shown: str
) -> None:
    assert redact.redact(typed) == kept
    assert redact.redact_value("url", typed) == kept
    url = typed.split()[1]
    assert errors.without_userinfo(url) == "https://gw/x"
    assert errors.scrub(typed) == shown.replace("//", f"//{errors.REDACTED}@")
    assert errors.urls_shown(typed) == shown


SCP_LIKE_WITH_A_REF = [
    "!pip install git+ssh://git@github.com:org/repo.git@v1.2#egg=pkg",
    "!git clone ssh://git@github.com:org/repo.git@main",
]


@pytest.mark.parametrize("typed", SCP_LIKE_WITH_A_REF)
def test_an_scp_like_ssh_url_s_ref_is_no_user_info_s_end(typed: str) -> None:
    """``git@github.com:org/repo.git@v1.2``: ``git`` is the user-info, ``org/repo.git`` the
    path, ``@v1.2`` pip's ref; nothing is a password and the host stays."""
    assert redact.redact(typed) is typed
    assert redact.redact_value("command", typed[1:]) == typed[1:]
    url = typed.split()[-1]
    assert errors.without_userinfo(url) == url.replace("git@", "", 1)
    assert errors.urls_shown(typed) == typed.replace("git@", "", 1).split("#")[0]


def test_an_scp_like_ssh_url_then_an_email_in_one_uri() -> None:
    assert (
        errors.without_userinfo("ssh://git@github.com:org/repo.git user@example.com")
        == "ssh://github.com:org/repo.git user@example.com"
    )


NAMED_PORTS = [
    'url = f"https://{user}@{host}:{port}/api"',
    "!curl https://$USER@$HOST:$PORT/api",
    "!curl https://$USER@$HOST:${PORT}/api",
]


@pytest.mark.parametrize("typed", NAMED_PORTS)
def test_a_port_the_text_only_names_is_no_password(typed: str) -> None:
    """``$PORT``, ``${PORT}``, ``{port}`` where the port is: the environment's or Python's
    value, no secret in the text; kept (``alice@h:s3cret`` is still redacted)."""
    assert redact.redact(typed) is typed
    assert redact.redact_value("command", typed) == typed
    assert errors.urls_shown(typed) == typed.replace("{user}@", "").replace("$USER@", "")
    assert redact.redact("!curl https://$USER@h:s3cret/api") == f"!curl https://$USER@h:{R}/api"
