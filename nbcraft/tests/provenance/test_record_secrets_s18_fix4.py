"""s18-fix4: the attack review of the s18-redact merge's pipeline reader. A heredoc's ``<<``
lines read back scanned each body to the text's end (seconds at 20 KB); curl in ``sh -c '...'``
lost the outer pipeline's ``echo`` (a leak); a pipeline inside ``$(...)`` or backticks fed curl
nothing, nor did what is piped into a group to its commands after the first, into ``if`` /
``for`` / ``while``, or into a group holding another curl (leaks).
Each case below failed on main but the near misses named."""

import sys

import pytest
from record_support import as_cell_and_parameter

from nbcraft.provenance.record import shell_pipeline
from nbcraft.provenance.record.redact import redact

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "cell",
    [
        # curl in a shell's string that nothing in it pipes into: the outer pipeline's stdin
        f"!echo 'user = u:{SECRET}' | sh -c 'curl -K -'",
        f"!printf 'user = u:{SECRET}' | bash -c 'exec curl -K - https://x'",
        # ``RESP=$(... | curl ...)``: the substitution's commands, read from just inside it
        f"!x=$(echo 'user = u:{SECRET}' | curl -K -)",
        f"!echo `echo 'user = u:{SECRET}' | curl -K -`",
        f"!echo \"$(echo 'user = u:{SECRET}' | curl -K -)\"",
        f"!RESP=$(printf 'user = u:{SECRET}' | curl -sK - https://x)",
        f"%%bash\nx=$(cat <<E |\nuser = u:{SECRET}\nE\ncurl -K -)\n",
        # (near misses, redacted on main too: a substitution closed before the pipeline)
        f"!echo $(date) 'user = u:{SECRET}' | curl -K -",
        f"!echo `date` 'user = u:{SECRET}' | curl -K -",
        f"!echo '$(' x; echo 'user = u:{SECRET}' | curl -K -",
        # a group's stdin goes to every command in it; if/for/while ... fi/done are groups
        f"!echo 'user = u:{SECRET}' | (cd /tmp; curl -K -)",
        f"!echo 'user = u:{SECRET}' | (cd /tmp && curl -K -)",
        f"!echo 'user = u:{SECRET}' | {{ cd /tmp; curl -K - ; }}",
        f"!if true; then echo 'user = u:{SECRET}'; fi | curl -K -",
        f"!for x in a; do echo 'user = u:{SECRET}'; done | curl -K -",
        f"!echo 'user = u:{SECRET}' | while read l; do curl -K -; done",
        f"%%bash\nif true; then\n  echo 'user = u:{SECRET}'\nfi | curl -K -\n",
        # a group that holds another curl (its words end before the group's close)
        f"%%bash\n(echo 'user = u:{SECRET}'; curl -s https://a) | curl -K -",
        f"%%bash\n{{ echo 'user = u:{SECRET}'; curl -s https://a; }} | curl -K -",
        f"%%bash\n(\n  echo 'user = u:{SECRET}'\n  curl -s https://a\n) | curl -K -\n",
        # curl's stdin by its name, echo's long-looking argument (bash's echo takes no long
        # option: it writes it), a process substitution's first word after a space
        f"!echo 'user = u:{SECRET}' | curl -K /dev/stdin",
        f"!echo 'user = u:{SECRET}' | curl --config /dev/fd/0 https://x",
        f"!echo --user u:{SECRET} | curl -K -",
        f"!curl -K <( echo user = u:{SECRET} ) https://x",
        f"!echo 'user = u:{SECRET}' | \"curl\" -K -",
    ],
)
def test_what_is_piped_into_curl_is_redacted(cell: str) -> None:
    """Read as bash reads it: a shell's string, a substitution, a group, a compound command."""
    for redacted in as_cell_and_parameter(cell):
        assert SECRET not in redacted


@pytest.mark.parametrize(
    "cell",
    [
        "!(echo 'user = u:notpiped'; curl -K - https://x)",
        "!if true; then echo 'user = u:notpiped'; fi; curl -K -",
        "!echo 'user = u:notpiped'; (cd /tmp; curl -K -)",
        "!echo 'user = u:notpiped' | sh -c 'echo x | curl -K -'",
        "!echo -n url = https://x | curl -K -",
        "!echo 'user = u:notpiped' | curl -K /dev/null",
        'print("curl")',
    ],
)
def test_what_pipes_into_no_curl_stays_as_written(cell: str) -> None:
    assert redact(cell) == cell


@pytest.mark.parametrize(
    ("before", "unit", "after"),
    [
        ("%%bash\n", "x <<E\ny\n", "E\nz\ncurl -K -\n"),
        ("%%bash\n", "x <<E\nq\n", "y\ncurl -K -"),
    ],
)
def test_heredoc_lines_read_back_stay_linear(before: str, unit: str, after: str) -> None:
    """Each ``<<`` line read back found its body's end by scanning every line after it (1.2 s
    at 20 KB, 31 s at 80 KB): the calls the pipeline reader makes (``find``, ``rfind``, a
    line's split...) add up to a bounded number per character (the times are in
    bench/provenance-redact-curl-bench.py)."""
    text = before + unit * 800 + after
    calls = [0]

    def count(frame, event, _arg):
        if event == "c_call" and frame.f_code.co_filename == shell_pipeline.__file__:
            calls[0] += 1

    sys.setprofile(count)
    try:
        redact(text)
    finally:
        sys.setprofile(None)
    assert calls[0] <= 8 * len(text), (calls[0], len(text))  # (4.3 here; 202 on main)
