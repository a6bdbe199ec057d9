"""curl's ``-u user:password`` (second review of s14-jobs): the shell-quoting reader runs in
time linear in the cell's length, and never redacts less than the regex before it did."""

from __future__ import annotations

import pytest

from nbcraft.provenance.record import redact, redact_curl, shell_pipeline, shell_words

R = redact.REDACTED


@pytest.mark.parametrize(
    "unit",
    [
        "curl;", "curl ", "!curl -u a:b;", "x/curl/", "['curl', ", "pip install curl curl ",
        "curl \\\n", "curl -u a:{x};", "!http -a a:b;", "http ", "curl https://x?a=1&",
        "curl -d password=x&a=1&", "curl -E C:\\x\\:y:p;", "curl -H 'X-Api-Key: k';",
        "https -A bearer -a t ", "curl -d '{\"password\": \"x\", ", "curl -d a='b'&password='c'&",
        "echo curl, it's ", "# it's curl\n", "curl 'curl ",
        # pipelines into curl -K - (shell_pipeline.piped_into): groups, one closed that opened
        # before the line, substitutions, a heredoc between the lines, a glued &
        "(echo 'user = a:b'; echo x) | curl -K - ;", "{ echo a; } | curl -K - ;",
        ") | curl -K - ;", ") ) | curl -K -\n", "echo $(a | b) x | curl -K -;",
        "echo $( | curl -K - ;", "cat <<E |\nx\nE\ncurl -K -\n", "grep a&echo x | curl -K - ;",
        # many substitutions with curl in them on one line (each read back to the line's start)
        "$(curl -K - a) ", "`curl -K - `", "x=$(echo a | curl -K -) ",
        # s19: process substitutions read whole, output ones, curl named by a substitution,
        # case/esac and an inner $(...) in the $(...) curl is in
        "curl -K <(echo a; echo user = a:b) ", "curl -K - < <(cat <<< 'a') ;",
        "echo 'user = a:b' > >(curl -K -) ;", "$(which curl) -K - <<< 'a' ;",
        "x=$(case a in a) echo x;; esac | curl -K -) ;", "x=$(echo $(date) x | curl -K -) ;",
        "<(echo a; ", "> >(", "$(echo ",
    ],
)  # fmt: skip
def test_redacting_many_curls_reads_each_character_a_bounded_number_of_times(
    monkeypatch, unit: str
) -> None:
    """``redact("curl;" * 20000)`` took 42 s: each curl sliced and split its whole line. The
    characters the readers of a client's words go over (``shell_words``, ``_list_items``, and
    ``substitution_end``'s scans) add up to a few times the text's length, whatever its length
    (the times are in bench/provenance-redact-curl-bench.py, ``--check``; a heredoc's lines
    read back: test_record_secrets_s18_fix4.py)."""
    read, length = [], [0]
    scan = shell_words.substitution_end

    def scanned(text, i, last_quote, known=None):  # (the substitutions' scans, counted too)
        # (one never closing, or one whose end is known: no scan)
        remembered = i >= last_quote.get(text[i] + "(", len(text) + 1) or i in (known or ())
        end = scan(text, i, last_quote, known)
        read.append(0 if remembered else (end or len(text)) - i)
        return end

    for module in (shell_words, shell_pipeline):
        monkeypatch.setattr(module, "substitution_end", scanned, raising=False)
    readers = [(redact_curl, "shell_words"), (shell_pipeline, "shell_words")]
    for module, name in [*readers, (redact_curl, "_list_items")]:
        reader = getattr(module, name)

        def counted(text, i, *rest, reader=reader, **options):
            words, end = reader(text, i, *rest, **options)
            read.append(end - i)
            length[0] = len(text)  # (after redact's other passes)
            return words, end

        monkeypatch.setattr(module, name, counted)
    text = ("!echo " if "curl -K - a" in unit else "") + unit * 6000
    redact.redact(text)
    # (a process substitution is read three times over: its end found, its word, its commands;
    # and ``curl -K <(...) curl -K <(...)``, one command, the words run on over the next curls
    # and are read again once, redact_curl's budget: 4.7 times the text, whatever its length)
    times = 6 if "<(" in unit else 2
    assert sum(read) <= times * max(length[0], len(text)), sum(read)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("!/opt/conda/bin/curl -u alice:s3cret https://x", f"!/opt/conda/bin/curl -u alice:{R} https://x"),
        ("!conda run -n base curl -u alice:s3cret https://x", f"!conda run -n base curl -u alice:{R} https://x"),
        ("subprocess.run(['curl', f'{base}/api', '-u', 'alice:s3cret'])",
         f"subprocess.run(['curl', f'{{base}}/api', '-u', 'alice:{R}'])"),
        ("subprocess.run(['curl', os.environ['URL'], '-u', 'alice:s3cret'])",
         f"subprocess.run(['curl', os.environ['URL'], '-u', 'alice:{R}'])"),
        ("subprocess.run(['curl', str(url), '-o', out, '-u', 'alice:s3cret'])",
         f"subprocess.run(['curl', str(url), '-o', out, '-u', 'alice:{R}'])"),
        ("!curl --data $'it\\'s' -u alice:s3cret https://x", f"!curl --data $'it\\'s' -u alice:{R} https://x"),
        ("!curl -H 'x: y -u alice:s3cret https://x", f"!curl -H 'x: y -u alice:{R} https://x"),
        ("!curl -u alice\\:s3cret https://x", f"!curl -u alice\\:{R} https://x"),
        ("%%bash\ncurl -u alice:{hunter2} https://x\n", f"%%bash\ncurl -u alice:{R} https://x\n"),
        ("!curl-config -u a:bcd", f"!curl-config -u a:{R}"),
        ("x.curl -u a:bcd", f"x.curl -u a:{R}"),
        ('cmd = ["curl", "-o", "-u", \'alice:s3cret\']', f'cmd = ["curl", "-o", "-u", \'alice:{R}\']'),
        ("!apt-get install -y curl && curl -u alice:s3cret x", f"!apt-get install -y curl && curl -u alice:{R} x"),
        ("!sudo pip3 install x; curl -u alice:s3cret x", f"!sudo pip3 install x; curl -u alice:{R} x"),
    ],
)  # fmt: skip
def test_curl_passwords_the_old_regex_found_are_redacted(typed: str, kept: str) -> None:
    """The reviewer's table: a package manager's name anywhere before curl (``/opt/conda/bin``,
    ``conda run``), an f-string or a call in a list, an unclosed quote, ``$'...'``, ``\\:``,
    ``{x}`` outside a ``!`` line (bash's literal) kept the password; the regex before did not."""
    assert redact.redact(typed) == kept


def test_curl_in_a_job_parameter_is_redacted() -> None:
    redacted = redact.redact_parameters({"cmd": "/opt/conda/bin/curl -u alice:s3cret https://x"})
    assert redacted == {"cmd": f"/opt/conda/bin/curl -u alice:{R} https://x"}


def test_a_package_named_curl_and_ipython_s_expansion_are_kept() -> None:
    for code in (
        "!pip download curl -U a:b",
        "!curl -u alice:{pw} https://x",  # IPython puts the value in: not in the cell
        "subprocess.run(['curl', '-u', f'alice:{pw}'])",  # Python's
    ):
        assert redact.redact(code) is code
