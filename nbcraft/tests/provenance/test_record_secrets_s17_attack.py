"""The s17 attack review of the redactor: the body scan's quadratic chains, a piped writer lost
to curl's own here-string, pip-ref shapes that kept a password with a slash, bash's ANSI-C
escapes, ``%%system``'s ``{token}``, shell references in a body that is no JSON. Each case
failed on the branch before its fix (e820b99), but the guards (marked): right there too, kept
right by the fix."""

import pytest
from record_support import best_times

from nbcraft.provenance.record.redact import redact, redact_value
from nbcraft.provenance.record.shell_words import ansi_c
from nbcraft.tracking.errors import scrub, shown_line

SECRET = "S3CRETxyz"


@pytest.mark.parametrize("piece", ["a=", "a:"])
def test_a_chain_of_names_in_a_body_stays_linear(piece):
    texts = [f"!curl -d '{{{piece * n}' https://x" for n in (2500, 20000)]
    small, large = best_times(redact, texts, rounds=3)
    # 8 times the text: each name's value read to the chain's end was about 64 times (45 s at
    # 10^5 characters); the best of 3 interleaved runs each, and a generous bound
    assert large < max(24 * small, 0.5)


@pytest.mark.parametrize(
    "cell",
    [
        f"%%bash\necho 'password={SECRET}' | curl -d @- https://x <<< 'a=1'",
        f"%%bash\necho '{SECRET}' | curl -F 'password=<-' https://x <<< 'a'",
        f"%%bash\nprintf 'user = u:{SECRET}' | curl -K - https://x <<< 'url = x'",  # (guard)
    ],
)
def test_a_piped_writer_is_read_beside_curls_own_here_string(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "text",
    [
        f"ssh://user:pa/{SECRET}.git@gw",
        f"ssh://user:pa/{SECRET}.git@gw.example.com",
        f"ssh://user:pa/{SECRET}.git@10.0.0.1",
        f"ssh://user:{SECRET}/x.git@v1.2",
    ],
)
def test_a_password_with_a_slash_before_a_repositorys_at_is_redacted(text):
    for shown in (redact(text), redact_value("p", text), scrub(text), shown_line(text)):
        assert SECRET not in shown


@pytest.mark.parametrize(
    "escape, char, last",
    [
        ("\\q", "\\q", 1),
        ("\\ca", "\x01", 2),
        ("\\c'", "\x07", 2),
        ("\\c?", "\x7f", 2),
        ("\\\\", "\\", 1),
        ("\\'", "'", 1),
    ],  # (the last two: guards)
)
def test_ansi_c_reads_unknown_and_control_escapes_as_bash(escape, char, last):
    # bash: printf %q $'\q' is \\q (the backslash kept); \cX is control-X, \c' too
    assert ansi_c(escape + "z", 0) == (char, last)


def test_a_control_quote_does_not_end_an_ansi_c_here_string():
    cell = f"!curl -K - <<< $'x\\c'\\nuser = u:{SECRET}\\n' https://x"
    assert SECRET not in redact(cell)


def test_a_system_cells_braces_are_ipythons_reference():
    cell = "%%system\ncurl -H 'Authorization: Bearer {token}' https://x"
    assert redact(cell) == cell  # (getoutput var_expands %%system's body)


@pytest.mark.parametrize(
    "command",
    [
        "!curl -d '{a: 1, token: ${TOKEN}}' https://x",
        '!curl -d "{a: 1, token: $(cat t)}" https://x',
        "!curl -d '{a: 1, password: $PW, b: 2' https://x",  # (guard)
    ],
)
def test_a_shell_reference_in_a_body_that_is_no_json_is_kept(command):
    assert redact(command) == command
    assert redact_value("cmd", command[1:]) == command[1:]


@pytest.mark.parametrize(
    "command, expected",
    [
        (
            f"!curl -d '{{a: 1, token: $X-{SECRET}}}' https://x",
            "!curl -d '{a: 1, token: $X<redacted>}' https://x",
        ),  # (guard; since s17 attack 2 #7 the reference is kept, its tail redacted)
        (
            f"!curl -d '{{a: 1, token: {SECRET}${{X}}}}' https://x",
            "!curl -d '{a: 1, token: <redacted>${X}}' https://x",
        ),
    ],
)
def test_a_value_around_a_reference_is_still_redacted(command, expected):
    assert redact(command) == expected


@pytest.mark.parametrize(
    "cell",
    [
        # a second heredoc on the line: its body after the first one's delimiter
        f"%%bash\ncurl -K - https://x <<A <<B\nurl = x\nA\nuser = u:{SECRET}\nB\necho done",
        f"%%bash\ncat <<A <<B | curl -K - https://x\nurl = x\nA\nuser = u:{SECRET}\nB\n",
        # a pipeline's middle stages, |& (stderr too)
        f"!echo 'user = u:{SECRET}' | tee log | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' | sed s/a/b/ | grep u | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' |& curl -K - https://x",
        f"!echo 'user = u:{SECRET}' |& tee log |& curl -K - https://x",
    ],
)
def test_every_heredoc_and_every_stage_piped_into_curl_is_read(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "!echo 'user = u:notsecret' || tee log | curl -K - https://x",
        "!echo 'user = u:notsecret' && tee log | curl -K - https://x",
        "!echo 'user = u:notsecret'; tee log | curl -K - https://x",
    ],
)
def test_a_command_before_a_list_operator_is_no_stage(cell):
    # (guards: right on e820b99 too; the walk back over stages stops at ||, && and ;)
    assert redact(cell) == cell


@pytest.mark.parametrize(
    "text",
    [
        f"r = requests.get(url, auth=('bob', '''{SECRET}'''))",
        f"r = requests.get(url, auth=('bob', '' '{SECRET}'))",
        f"r = requests.get(url, auth=('bob', f'{{pw}}' '{SECRET}'))",
    ],
)
def test_an_auth_pairs_password_of_joined_strings_is_redacted(text):
    assert SECRET not in redact(text)
    assert SECRET not in redact_value("code", text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"headers['Authorization'] = 'Basic {SECRET}'", "headers['Authorization'] = 'Basic <"),
        (f"HTTP_AUTHORIZATION=Basic {SECRET}", "HTTP_AUTHORIZATION=Basic <"),
        (f'!curl -H "Authorization: Bearer ${{T:-{SECRET}}}" https://x', "Bearer <"),
    ],
)
def test_an_authorization_value_in_a_subscript_a_variable_or_a_default(text, expected):
    for shown in (redact(text), redact_value("cmd", text), scrub(text)):
        assert SECRET not in shown
    assert expected in redact(text)


@pytest.mark.parametrize(
    "text",
    ["headers['Authorization'] = token", '!curl -H "Authorization: Bearer ${TOKEN}" https://x'],
)
def test_an_authorization_value_that_is_a_variable_is_kept(text):
    # (guards: right on e820b99 too)
    assert redact(text) == text
    assert scrub(text) == text


@pytest.mark.parametrize(
    "cell",
    [
        f"%%bash\necho 'user = u:{SECRET}' |\n\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |\n# a comment\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' \\\n  | curl -K - https://x",
    ],
)
def test_a_pipeline_read_on_past_blank_and_comment_lines_and_a_continuation(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "%%bash\necho 'user = u:notsecret'\n\ncurl -K - https://x",
        "%%bash\necho 'user = u:notsecret'\n# a comment\ncurl -K - https://x",
    ],
)
def test_a_command_on_a_line_before_without_a_pipe_is_no_writer(cell):
    assert redact(cell) == cell  # (guards: right on e820b99 too)
