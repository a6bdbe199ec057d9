"""The second s17 attack review of the redactor: code's ``x_authorization`` names read as
headers, ``${T:-}``/``${T:?msg}`` no longer references, a later command's heredoc on the line
skipped, a quadratic walk back over a long pipeline. Each case failed on the branch before its
fix (656f909), but the guards (marked): right there too, kept right by the fix."""

import pytest

from nbcraft.provenance.record.redact import redact, redact_value
from nbcraft.provenance.record.redact_curl import redact_curl
from nbcraft.tracking.errors import scrub

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "text",
    [
        "requires_authorization = False",
        "SKIP_AUTHORIZATION=1 pytest tests/",
        "has_authorization = check(request)",
        "is_authorization: bool = False",
        "x = {'needs_authorization': 'yes please'}",
        "oauth_authorization = 'https://idp/authorize'",
        "check_authorization(request)\nuse_authorization = settings.get('x')",
    ],
)
def test_codes_underscored_authorization_names_are_kept(text):
    for shown in (redact(text), str(redact_value("code", text)), scrub(text)):
        assert shown == text


@pytest.mark.parametrize(
    "text",
    [
        f"HTTP_AUTHORIZATION=Basic {SECRET}",  # (guard)
        f'MY_AUTHORIZATION="Bearer {SECRET}"',  # (guard)
        f"X-Authorization: {SECRET}",  # (guard: a header's hyphenated prefix)
    ],
)
def test_an_underscored_name_with_a_schemes_value_is_still_redacted(text):
    for shown in (redact(text), str(redact_value("code", text)), scrub(text)):
        assert SECRET not in shown


@pytest.mark.parametrize(
    "text",
    [
        '!curl -H "Authorization: Bearer ${TOKEN:-}" https://x',
        '!curl -H "Authorization: Bearer ${TOKEN:?unset}" https://x',
        '!curl -H "Authorization: Bearer ${TOKEN:-$OTHER}" https://x',
        '!curl -H "Authorization: Bearer ${TOKEN:-${OTHER}}" https://x',
        '!curl -H "Authorization: Bearer ${TOKEN?}" https://x',
    ],
)
def test_a_reference_with_an_empty_default_or_an_error_message_is_kept(text):
    assert redact(text) == text
    assert scrub(text) == text


@pytest.mark.parametrize(
    "text",
    [
        f'!curl -H "Authorization: Bearer ${{T:-{SECRET}}}" https://x',  # (guard)
        f'!curl -H "Authorization: Bearer ${{T:+{SECRET}}}" https://x',  # (guard)
        f'!curl -H "Authorization: Bearer ${{T:={SECRET}}}" https://x',  # (guard)
    ],
)
def test_a_references_literal_default_is_still_redacted(text):
    for shown in (redact(text), scrub(text)):
        assert SECRET not in shown


@pytest.mark.parametrize(
    "cell",
    [
        # a later command's heredoc on the line: its body after the first one's delimiter
        f"%%bash\ncat <<A | curl -K - https://y; curl -K - https://z <<B\nurl = x\nA\nuser = u:{SECRET}\nB\n",
        f"%%bash\ncurl -K - https://y <<A; curl -K - https://z <<B\nurl = x\nA\nuser = u:{SECRET}\nB\n",
        f"%%bash\ncurl -K - https://y <<A | curl -K - https://z <<B\nurl = x\nA\nuser = u:{SECRET}\nB\n",
        f"%%bash\ncurl -K - https://y <<A; curl -K - https://z <<B\nuser = u:{SECRET}\nA\nurl = x\nB\n",
    ],  # (the last: a guard)
)
def test_each_commands_heredoc_on_a_line_is_read(cell):
    assert SECRET not in redact(cell)


class _Scanned(str):
    """A text that counts the characters its ``rfind`` reads (from the end to what it finds)."""

    read = 0

    def rfind(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        found = str.rfind(self, sub, start, end)
        _Scanned.read += end - (found if found >= 0 else start)
        return found


def test_a_long_one_line_pipeline_into_curl_is_walked_back_once():
    stages = 4000
    text = f"!echo 'user = u:{SECRET}' " + "| tee a " * stages + "| curl -K - https://x"
    assert SECRET not in redact_curl(text, "<redacted>")
    _Scanned.read = 0
    redact_curl(_Scanned(text), "<redacted>")
    # each stage's walk back to the line's start read the whole line again (quadratic: 25 s at
    # 1.6x10^6 characters, see bench/provenance-redact-curl-bench.py): a count, not a timing
    assert _Scanned.read < 10 * len(text)  # (each stage read back about 3 times: ; & and |)


@pytest.mark.parametrize(
    "command, expected",
    [
        (
            f'!curl -d "{{a: 1, password: $(cat p){SECRET}}}" https://x',
            '!curl -d "{a: 1, password: $(cat p)<redacted>}" https://x',
        ),
        (
            f"!curl -d '{{password: ${{PW}}{SECRET}, a' https://x",
            "!curl -d '{password: ${PW}<redacted>, a' https://x",
        ),
        (
            f"!curl -d '{{a: 1, token: ${{A}}${{B}}{SECRET}}}' https://x",
            "!curl -d '{a: 1, token: ${A}${B}<redacted>}' https://x",
        ),
        (
            "!curl -d '{a: 1, token: ${A}${B}}' https://x",
            "!curl -d '{a: 1, token: ${A}${B}}' https://x",
        ),
    ],  # (the last: references only, kept whole; ${B was redacted)
)
def test_a_body_value_after_a_reference_has_its_tail_redacted(command, expected):
    assert redact(command) == expected


@pytest.mark.parametrize(
    "cell",
    [
        f"!echo 'user = u:pa;{SECRET}' | curl -K - https://x",
        f"!echo 'user = u:pa&{SECRET}' | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' 2>&1 | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' | tee a 2>&1 | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' | tee 'a;b' | curl -K - https://x",
        f"!echo 'user = u:{SECRET}' | grep \"a;b\" | curl -K - https://x",
    ],
)
def test_a_separator_in_quotes_or_a_redirection_does_not_end_a_stage(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        f"%%bash\necho 'user = u:{SECRET}' |\ntee a |\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |\ntee a | curl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' \\\n | tee a \\\n | curl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |\n\n# c\ntee a |\n# d\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |  # note\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |\n# a ; b\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' | # c; x\ncurl -K - https://x",
        f"%%bash\necho 'user = u:{SECRET}' |\n  \\\ncurl -K - https://x",
    ],
)
def test_every_line_of_a_pipeline_into_curl_is_read(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "%%bash\necho 'user = u:notsecret'\ntee a | curl -K - https://x",
        "%%bash\necho 'user = u:notsecret' # a |\ncurl -K - https://x",
    ],
)
def test_a_line_before_that_ends_in_no_pipe_is_no_stage(cell):
    # (the first a guard; the second: a comment's | read as a pipe redacted it on 656f909)
    assert redact(cell) == cell


@pytest.mark.parametrize(
    "text",
    [
        f"r = requests.get(url, auth=('bob', 'a' # c\n '{SECRET}'))",
        f"r = requests.get(url, auth=('bob', 'a' \\\n '{SECRET}'))",
        f"r = requests.get(url, auth=('bob', ('{SECRET}')))",
        f"r = requests.get(url, auth=('bob', 'a' + '{SECRET}'))",
    ],
)
def test_an_auth_pairs_password_joined_across_lines_or_parenthesised_is_redacted(text):
    assert SECRET not in redact(text)
    assert SECRET not in str(redact_value("code", text))


@pytest.mark.parametrize(
    "text",
    ["r = requests.get(url, auth=('bob', (pw)))", "r = requests.get(url, auth=('bob', pw + 'x'))"],
)
def test_an_auth_pairs_password_of_a_variable_is_kept(text):
    assert redact(text) == text  # (guards)


def test_a_writer_in_a_subshell_piped_into_curl_is_read():
    # (a subshell of one echo only; one of several commands, (echo a; echo b) |, is still open)
    assert SECRET not in redact(f"!(echo 'user = u:{SECRET}') | curl -K - https://x")
