"""s17 review of the redactor: what curl reads from stdin or a ``$'...'`` word, in cells (the
history) and job parameters. Each case leaked on main; each near miss stays as written."""

import pytest
from record_support import as_cell_and_parameter

from nbcraft.provenance.record.redact import redact, redact_value
from nbcraft.provenance.record.shell_words import ansi_c

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "text, expected",
    [
        # 1. bash's ANSI-C quoting: ``\n`` is a newline, so the second config line is one
        (
            f"!curl -K - <<< $'url = https://x\\nuser = u:{SECRET}\\n'",
            "!curl -K - <<< $'url = https://x\\nuser = u:<redacted>\\n'",
        ),
        (
            f'!curl -K - <<< $\'url = "https://x"\\n\\tuser = "u:{SECRET}"\\n\'',
            '!curl -K - <<< $\'url = "https://x"\\n\\tuser = "u:<redacted>"\\n\'',
        ),
        (
            f"!curl -K <(printf $'url = https://x\\nuser = u:{SECRET}\\n') https://x",
            "!curl -K <(printf $'url = https://x\\nuser = u:<redacted>\\n') https://x",
        ),
        # 2. a short-option cluster ending in -K, and --config=<(...) attached
        (
            f'%%bash\ncurl -sK - <<EOF\nuser = "u:{SECRET}"\nEOF\necho done',
            '%%bash\ncurl -sK - <<EOF\nuser = "u:<redacted>"\nEOF\necho done',
        ),
        (
            f"!curl -fsSLK - https://x <<< 'user = u:{SECRET}'",
            "!curl -fsSLK - https://x <<< 'user = u:<redacted>'",
        ),
        (
            f"!curl -sK- https://x <<< 'user = u:{SECRET}'",
            "!curl -sK- https://x <<< 'user = u:<redacted>'",
        ),
        (
            f"!curl --config=<(echo 'user = u:{SECRET}') https://x",
            "!curl --config=<(echo 'user = u:<redacted>') https://x",
        ),
        (
            f"!curl --conf <(echo 'user = u:{SECRET}') https://x",  # (curl's abbreviation)
            "!curl --conf <(echo 'user = u:<redacted>') https://x",
        ),
        (
            f"!curl -sd @- https://x <<< 'a=1&password={SECRET}'",
            "!curl -sd @- https://x <<< 'a=1&password=<redacted>'",
        ),
        # 3. the config piped in: from a heredoc or a here-string through cat, over lines
        (
            f'%%bash\ncat <<EOF | curl -K -\nuser = "u:{SECRET}"\nEOF\n',
            '%%bash\ncat <<EOF | curl -K -\nuser = "u:<redacted>"\nEOF\n',
        ),
        (
            f"%%bash\ncat <<'EOF' | curl -sK - https://x\nuser = u:{SECRET}\nEOF\n",
            "%%bash\ncat <<'EOF' | curl -sK - https://x\nuser = u:<redacted>\nEOF\n",
        ),
        (
            f"%%bash\ncat - <<< 'user = u:{SECRET}' | curl -K - https://x",
            "%%bash\ncat - <<< 'user = u:<redacted>' | curl -K - https://x",
        ),
        (
            f"%%bash\necho 'user = u:{SECRET}' |\n  curl -K - https://x",
            "%%bash\necho 'user = u:<redacted>' |\n  curl -K - https://x",
        ),
        (
            f"!printf 'user = u:{SECRET}' |\\\n  curl -K - https://x",
            "!printf 'user = u:<redacted>' |\\\n  curl -K - https://x",
        ),
        # 4. a form field read from stdin, with attributes after it
        (
            f"!curl -F 'password=<-;type=text/plain' https://x <<< {SECRET}",
            "!curl -F 'password=<-;type=text/plain' https://x <<< <redacted>",
        ),
        (
            f"!curl -sF 'password=<-;filename=p.txt' https://x <<< {SECRET}",
            "!curl -sF 'password=<-;filename=p.txt' https://x <<< <redacted>",
        ),
    ],
)
def test_what_curl_reads_from_stdin_is_redacted(text, expected):
    assert redact(text) == expected
    assert redact_value("cmd", text.lstrip("!")) == expected.lstrip("!")


@pytest.mark.parametrize(
    "text",
    [
        # near misses: a reference, a comment, another command's heredoc, a form file
        "!curl -K - <<< $'user = u:$PW\\n' https://x",
        "%%bash\ncat <<EOF | curl -K -\nuser = u:${PW}\n# a comment: user = u\nEOF\n",
        "%%bash\ncat <<EOF > notes.txt\nuser = alice:wonderland\nEOF\ncurl -sK cfg https://x",
        "!curl -sF 'photo=<-;type=image/png' https://x <<< notasecret",
        "!echo 'user = u:pw' || curl -K - https://x",
        "!curl -fsSL https://x -o out.json",
    ],
)
def test_near_misses_stay_as_written(text):
    assert as_cell_and_parameter(text) == [text, text.lstrip("!")]


@pytest.mark.parametrize(
    "escape, char",
    [
        ("\\n", "\n"),
        ("\\t", "\t"),
        ("\\x41", "A"),
        ("\\101", "A"),
        ("\\u00e9", "é"),
        ("\\q", "\\q"),
    ],
)
def test_ansi_c_escapes_read_as_bash_reads_them(escape, char):
    assert ansi_c(escape + "z", 0) == (char, len(escape) - 1)
