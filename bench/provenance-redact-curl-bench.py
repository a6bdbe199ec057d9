"""What redacting curl's and HTTPie's credentials costs on long cells (the recorder does it after
every cell, the server on its event loop), and what the URL scrubbers of ``tracking.errors`` cost
on long texts (an MLflow error body, an untrusted project's tracking URI): each shape repeated
n, 2n and 4n times.

    .venv/bin/python bench/provenance-redact-curl-bench.py [--n 20000] [--rounds 5] [--check 3]
        [--only TEXT] [--quadratic] [--chars 100000]

Each size is timed ``--rounds`` times, the sizes taken in turn within each round (a burst of
load on a shared machine then falls on all of them alike), and the median kept. Prints the
medians in ms and the growth per doubling: the least-squares slope of log(time) over log(size),
as a ratio (about 2 when linear, 4 when quadratic). Fitting three sizes' medians, not one pair of
best times, keeps one slow run from deciding. With ``--check R`` exits 1 when a growth is above
R (of shapes taking 20 ms or more at n). ``--quadratic`` makes the JSON body reader read each
value to the body's end (a deliberately quadratic variant) to show that ``--check`` still fails
on one; ``--only`` keeps the shapes whose text holds TEXT; ``--chars`` sizes each text at n by
characters (``--chars 100000``: 10^5, 2x and 4x that), not by repetitions.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbcraft.provenance.record import redact_json
from nbcraft.provenance.record.redact import redact, redact_value
from nbcraft.tracking.errors import scrub, urls_shown, without_userinfo

SHAPES = ["curl;", "curl ", "!curl -u a:b;", "x/curl/", "['curl', ", "pip install curl curl ",
          "curl \\\n", "curl -u a:{x};",
          # HTTPie, a URL's glued &, -d's fields, --cert's drive and escapes, a header
          "!http -a a:b;", "http ", "curl https://x?a=1&", "curl -d password=x&a=1&",
          "curl -E C:\\x\\:y:p;", "curl -H 'X-Api-Key: k';", "https -A bearer -a t ",
          "curl -d '{\"password\": \"x\", ", "curl -d a='b'&password='c'&",
          # a line continuation inside a word (the word goes on to the next line)
          "curl -u a:\\\nb", "curl -u a:\\\n ",
          # xh and python -m httpie (HTTPie's options), curlie (curl's)
          "!xh -a a:b;", "python -m httpie -a a:b;", "curlie -u a:b;",
          # escaped quotes that never close (redact's string literals: each read to the line's end)
          "\\'", '\\"', "\\'''"]  # fmt: skip
# (before, repeated, after): one JSON body of many credential keys (each value's end found, none
# read twice), of escaped keys, of a string that never closes
AROUND = [
    ("curl -d '{", '"password": [1, {"a": "]"}], ', "}'"),
    ("curl -d '{", '"api\\/key": 1, ', "}'"),
    ("curl -d '{", '"a": "', "}'"),
    ("curl -d '{", '"password": "x", ', "}'"),
]
# tracking.errors' URL scrubbers: a scheme's run of letters, a user-info without @, a password
# with / that never ends, a query, a path and a query before an @, a password after the host
URL_SHAPES = ["a://:", "a", "a1", "a://a:", "a://a:b/", "x://u:p/", "a://@", "https://h/x?q ",
              "a://h:b/x?e=", "a://u@h:p/"]  # fmt: skip
URL_SCRUBBERS = [scrub, without_userinfo, urls_shown]
# The Authorization header's rule (redact.authorization_redacted, in redact and scrub): many
# headers on one line (each value read once), escaped spaces, a quote that never closes, code's
HEADER_SHAPES = ["Authorization: x ", "Authorization: Bearer $T ", "Authorization:\\ Bearer\\ x ",
                 '"Authorization: Digest a=\\"', "{'Authorization': t, ",
                 # a variable's prefix (one long word of them), a subscript's
                 "HTTP_AUTHORIZATION=Basic x ", "x_", "h['Authorization'] = 'Basic x' ",
                 # a scheme's credential outside a header (s18: one owner), brackets after it
                 "Bearer abc123 ", "basic auth ", "Bearer x", "(Bearer x) "]  # fmt: skip
# what curl reads from stdin (curl_stdin.stdin_credentials): a here-string, a pipe, a
# heredoc that never ends (each read once), a process substitution
STDIN_SHAPES = ["curl -K - <<< 'user = a:b' ", "printf 'user = a:b' | curl -K - ;",
                "curl -K - <<E\nuser = a:b\n", "curl -K <(echo 'user=a:b') ", "x | curl -d @- "]  # fmt: skip
# a URL's ?token= in a cell and a parameter (url_userinfo.parameters_redacted): many URLs, a
# ``://`` run with no tail (each read once), a tail that never ends
QUERY_SHAPES = ["a://h/x?token=a ", "a://", "a://h?a=1&token=", "x#token=a "]
# wget's and any shell's credential options in a %%bash cell and a job's parameter
SHELL_SHAPES = ["wget --password x ", "--http-passwd=", "'X-API-Key: k ", "--a "]


# s20: credentials a shell or a config file reads as name=value (key_values): many assignment
# words (credentials' and not), a chain of = and of dotted or dashed names (a value read only
# after a credential's name), printf escapes, netrc's password, a file's lines, heredocs that
# never close (each read once), string bodies; joined literals across comments and quotes
S20_REDACT2_AROUND = [
    ("!", "X_TOKEN=a B=c ", "gh repo list"),
    ("!x ", "a=", "b"),
    ("!x ", "a.a-", "=b"),
    ("!printf '", "\\npassword=a", "'"),
    ("!echo 'machine h ", "password a ", "'"),
    ("%%writefile .env\n", "X_TOKEN=a\nb: c\n", ""),
    ("%%writefile .env\nX_TOKEN=", " ", "a"),
    ("%%bash\n", "cat <<E\nx\n", ""),
    ("", "!cat <<E\nx\n", ""),
    ("", "!cat <<E\npassword = a\nE\n", ""),
    ("x = '", "host=h password=a ", "'"),
    ('x = """', "token = a\n", '"""'),
    ("x = (", "'a'  # c\n", ")"),
    ("x = ", "'a' + \"b\" ", ""),
    ("h = {'Authorization': ", "'Bear' 'er x' ", "}"),
    # each tool's own options (shell_tools), a secret read from stdin, a token-shaped word
    ("!", "az login -p a ", ""),
    ("!", "echo a | gh auth login --with-token; ", ""),
    ("!gh auth login --with-token ", "<<< a ", ""),
    ("!", "aws configure set aws_secret_access_key a ", ""),
    ("!echo ", "ghp_abcdefabcdefabcdefabcdefabcdefabcdef ", ""),
    # strings built by formatting literals (formatted): many formats, one of many arguments,
    # an f-string of many literal fields; a URL's user-info that is a token
    ("x = ", "'Bearer %s' % 'a', ", ""),
    ("x = 'Bearer %s' % (", "'a', ", "'b')"),
    ("x = ' '.join([", "'Bearer', 'a', ", "])"),
    ("x = f'Bearer ", "{'a'} ", "'"),
    ("!git clone https://", "ghp_abcdefabcdefabcdefabcdefabcdefabcdef@h/ ", ""),
    # a tool run from a list of literals (shell_tools.argv_redacted): many, one long list
    ("", "subprocess.run(['az', 'login', '-p', 'a'])\n", ""),
    ("x = [", "'az', '-p', ", "'b']"),
    ("", "run(['gh', 'auth', 'login', '--with-token'], input='a')\n", ""),
]


def parameter(text: str) -> object:
    """A job's parameter as nbcraft logs it."""
    return redact_value("cmd", text)


# requests' auth tuples (auth_pair.auth_passwords_redacted): many on one line, a string that never closes
AUTH_SHAPES = [
    "auth=('a', 'b'), ",
    "auth=('a', '",
    "BasicAuth(x, ",
    "auth=('",
    "auth=('a', ('b' + 'c' # d\n 'e'), ",
]  # (joined strings, s17 attack 2)
# (functions, before, repeated, after, a secret's text): every repetition's secret redacted,
# checked before timing (the JSON body reader once lost its place after a string value and
# kept every other one). The SHAPES' ``curl -d '{"password": "x", `` repeated is one body in
# every other repetition (the next one's quote closes it), so a job's parameter is checked on
# one body of many keys (AROUND's shape).
LEAKS = [
    ((redact,), "", 'curl -d \'{"password": "x", ', "", '"x"'),
    ((redact, parameter), "curl -d '{", '"password": "x", ', "}'", '"x"'),
    ((redact, parameter), "!curl -d '{", '"password": "x", "token": 1, ', "}'", ": 1"),
    # s20: every exec's descriptor, every Python input, every base64 pair
    ((redact,), "!", "exec 3< <(echo 'user = a:Sx'); curl -K /dev/fd/3 x; ", "", "Sx"),
    ((redact,), "", "subprocess.run(['curl', '-K', '-', u], input='user = a:Sx')\n", "", "Sx"),
    ((redact,), "", "h = base64.b64encode(b'user:Sx')\n", "", "Sx"),
]
# s17's review: $'...' here-strings (ANSI-C escapes), -K at a cluster's end, a heredoc piped in
# through cat, an auth pair whose user is an expression, a body that is no JSON (the key scan), a
# prefixed Authorization header, {x} in a %%bash body, an scp-like URL's ref
S17_SHAPES = ["curl -K - <<< $'user = a:b\\n' ", "curl -sK - <<< 'user = a:b' ",
              "cat <<E | curl -K -\nuser = a:b\nE\n", "auth=(f(x['u']), 'p'), ",
              "curl -d '{\"a\": \"x, \"password\": \"y\", ", "{password: \"y\", ",
              "'Proxy-Authorization: Digest a=b' x ", "ssh://h:o/r.git@v1 ",
              # the attack review's: a pipeline's stages, two heredocs on a line
              "echo 'user = a:b' | tee l |& curl -K - | ", "echo 'user = a:b' |\n\n# c\ncurl -K - ;\n",
              "curl -K - <<A <<B\nA\nuser = a:b\nB\n",
              # the second attack review's: each command's heredoc on a line (one table a line)
              "cat <<A | curl -K - ; curl -K - <<B ", "curl -K - <<A; curl -K - <<B\nA\nuser = a:b\nB\n"]  # fmt: skip
S17_AROUND = [
    ("curl -d '{", '"a": "x, "password": "y", ', "}'"),
    # the s17 attack review: a chain of non-credential names with no spaces (each
    # name's value was read to the chain's end: 45 s at 10^5 characters)
    ("!curl -d '{", "a=", "' https://x"),
    ("!curl -d '{", "a:", "' https://x"),
    # the second attack review: a long one-line pipeline into curl (each stage's walk back ran
    # to the line's start: 25 s at 1.6x10^6 characters)
    ("!echo 'user = u:S' ", "| tee a ", "| curl -K - https://x"),
    # a body value after references (their tail read): many, and one long run of references
    ("!curl -d '{", "token: ${A}$(b)x, ", "' https://x"),
    ("!curl -d '{token: ", "${A}", "x' https://x"),
    # a pipeline over many lines (each line walked back once), and many curls a line apart
    ("%%bash\necho 'user = u:S' |\n", "tee a |  # c\n\n", "curl -K - https://x"),
    ("%%bash\n", "echo 'user = u:S' |\ncurl -K - |\n", "x"),
]
# s18: the pipeline reader (shell_pipeline): groups, one closed that opened before its line (read
# again from the last client's end), $(...) and backticks whole, a $( that never closes, a glued &,
# a heredoc between a pipeline's lines, echo's words joined; auth pairs left open, in strings
S18_SHAPES = ["(echo 'user = a:b'; echo x) | curl -K - ;", "{ echo a; } | curl -K - ;",
              ") | curl -K - ;", ") ) | curl -K -\n", "( ( ( ", "echo $(a | b) `c | d` x | curl -K -;",
              "echo $( | curl -K - ;", "$(", "`", "grep a&echo x | curl -K - ;",
              "cat <<E |\nx\nE\ncurl -K -\n", "E\ncurl -K -\n", "curl -K <(echo a = b:c) ;",
              "auth=(\n", "auth=(f(x)\n", "'auth=(' ", "\"auth=('a', 'b')\" ", "# auth=(\n"]  # fmt: skip
# s18-fix4's attack review: many heredoc lines read back (each body scanned to the text's end:
# 31 s at 80 KB), many $(curl ...) and backticks on one line (each read back to its start)
S18_FIX4_AROUND = [
    ("%%bash\n", "x <<E\ny\n", "E\nz\ncurl -K -\n"),
    ("%%bash\n", "x <<E\nq\n", "y\ncurl -K -"),
    ("!echo ", "$(curl -K - a) ", ""),
    ("!pip install x ", "`curl -K - `", ""),
    ("!echo ", "x=$(echo 'user = u:S' | curl -K -) ", ""),
    # a group holding another curl (its opening looked for back, bounded), compound commands
    ("%%bash\n", "(echo 'user = u:S'; curl -s https://a) | curl -K -\n", ""),
    ("%%bash\n", "(\n curl -s a\n) | curl -K -\n", ""),
    ("%%bash\n", "x(\n) | curl -K -\n", ""),
    ("!", "if true; then echo 'user = u:S'; fi | curl -K - ; ", ""),
]
# s19: process substitutions read whole (each command in one feeds curl), curl in an output
# substitution, curl's name a substitution's, case/esac and comments in $(...), an inner $(...)
# closed before curl in an outer one, backticks over lines, string literals joined in Python
S19_AROUND = [
    ("!", "curl -K <(echo a; echo user = a:b) ", ""),
    ("!", "curl -K <(cat <<< 'user = a:b') ", ""),
    ("!", "curl -K - < <(echo 'user = a:b') ; ", ""),
    ("!curl -K ", "<(echo a; ", ""),
    ("!", "echo 'user = a:b' > >(curl -K -) ; ", ""),
    ("!echo 'user = a:b' ", "> >(", "curl -K -"),
    ("!", "$(which curl) -K - <<< 'user = a:b' ; ", ""),
    ("!", "x=$(case a in a) echo 'user = a:b';; esac | curl -K -) ; ", ""),
    ("%%bash\n", "x=$(echo a | # c )\n curl -K -)\n", ""),
    ("!", "x=$(echo $(date) 'user = a:b' | curl -K -) ; ", ""),
    ("!x=$(", "echo $(date) ", "| curl -K -)"),
    ("!x=", "$(echo ", "'user = a:b' | curl -K -"),
    ("%%bash\n", "y=`a\nb` ; x=`echo 'user = a:b' | curl -K -`\n", ""),
    ("", "h = 'Bearer ' + 'abc123x' ; ", ""),
    ("x = (", "'a' ", ")"),
    ("x = (", "'a' + ", "'b')"),
    ("os.system(", "'curl -u a:' 'b' ", ")"),
]
# s20: a heredoc's body in a substitution (its lines no code: each read once), one that never
# ends, many delimiters on a line, a shift in arithmetic; a descriptor's redirections (each read
# for one curl), curl's stdin given by Python (a bounded look after the list), base64's pairs
S20_AROUND = [
    ("%%bash\n", "curl -K <(cat <<EOF\n)\nEOF\necho 'user = a:b') x\n", ""),
    ("%%bash\ncurl -K <(", "cat <<EOF\n)\nEOF\n", "echo 'user = a:b') x\n"),
    ("%%bash\n", "curl -K <(cat <<EOF\n", ""),
    ("%%bash\ncurl -K <(", "cat <<'E <<\"F ", "\n)"),
    ("!x=$(", "$((1<<2)) ", ")"),
    ("!", "exec 3< <(echo 'user = a:b'); curl -K /dev/fd/3 x; ", ""),
    ("!exec 3< <(echo 'user = a:b'); ", "curl -K /dev/fd/3 x; ", ""),
    ("!", "3<", " curl -K /dev/fd/3"),
    ("", "subprocess.run(['curl', '-K', '-', u], input='user = a:b')\n", ""),
    ("", "['curl', '-K', '-', ", "]"),
    ("", "base64.b64encode(b'user:pw') + ", ""),
    ("base64.b64encode(b'user:", "x", "')"),
]
NOISE_MS = 20  # --check leaves out shapes faster than this at n (a busy machine's noise)
SIZES = (1, 2, 4)  # times n


def growth(sizes: list[int], medians: list[float]) -> float:
    """The time's growth per doubling of the size: 2 ** the least-squares slope of
    log2(time) over log2(size)."""
    xs = [math.log2(s) for s in sizes]
    ys = [math.log2(max(m, 1e-3)) for m in medians]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return 2**slope


def medians(function, texts: list[str], rounds: int) -> list[float]:
    """Each text's median time in ms, over ``rounds`` rounds that take the texts in turn."""
    times: list[list[float]] = [[] for _ in texts]
    for _ in range(rounds):
        for k, text in enumerate(texts):
            start = time.perf_counter()
            function(text)
            times[k].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def quadratic() -> None:
    """The JSON body reader made to read each value to the body's end: a quadratic path."""
    json_end = redact_json._json_end

    def reads_to_the_end(value: str, i: int) -> int:
        value.count('"', i)  # (what a scan that forgot its bound costs)
        return json_end(value, i)

    redact_json._json_end = reads_to_the_end


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check", type=float, default=None, help="exit 1 above this growth")
    parser.add_argument("--only", action="append", help="only the shapes holding this text (any)")
    parser.add_argument("--chars", type=int, default=None, help="each text's size at n, not n")
    parser.add_argument("--quadratic", action="store_true", help="a quadratic variant (see doc)")
    args = parser.parse_args()
    if args.quadratic:
        quadratic()
    n = args.n
    for functions, before, shape, after, secret in LEAKS:
        for function in functions:
            text = before + shape * 100 + after
            if function is parameter:
                text = text.lstrip("!")
            if secret in str(function(text)):
                print(f"{function.__name__}: {before + shape!r} repeated keeps {secret!r}")
                sys.exit(1)
    cases = [(redact, "", shape, "") for shape in SHAPES]
    cases += [(redact, *around) for around in AROUND]
    cases += [(f, "", shape, "") for f in URL_SCRUBBERS for shape in URL_SHAPES]
    cases += [(f, "", shape, "") for f in (redact, scrub) for shape in HEADER_SHAPES]
    cases += [(f, "", shape, "") for f in (redact, parameter) for shape in QUERY_SHAPES]
    cases += [(redact, "", shape, "") for shape in AUTH_SHAPES]
    cases += [(redact, "", shape, "") for shape in STDIN_SHAPES]
    cases += [(redact, "%%bash\n", shape, "") for shape in SHELL_SHAPES]
    cases += [(parameter, "", shape, "") for shape in SHELL_SHAPES]
    cases += [(f, "", shape, "") for f in (redact, parameter) for shape in S17_SHAPES]
    cases += [(f, *around) for f in (redact, parameter) for around in S17_AROUND]
    cases += [(redact, "%%bash\n", "curl -H 'Authorization: Bearer {x}' ", "")]
    cases += [(f, "", shape, "") for f in (redact, parameter) for shape in S18_SHAPES]
    cases += [(f, *around) for f in (redact, parameter) for around in S18_FIX4_AROUND]
    cases += [(f, *around) for f in (redact, parameter) for around in S19_AROUND]
    cases += [(f, *around) for f in (redact, parameter) for around in S20_AROUND]
    cases += [(redact, *around) for around in S20_REDACT2_AROUND]
    # one credential of closing brackets (each stripped once: 35 s at 10^6 while written)
    cases += [(f, "Bearer x", ")", "") for f in (redact, scrub)]
    if args.only is not None:
        cases = [c for c in cases if any(only in "".join(c[1:]) for only in args.only)]
    worst = 0.0
    for function, prefix, shape, suffix in cases:
        unit = n if args.chars is None else max(1, args.chars // len(shape))
        sizes = [k * unit for k in SIZES]
        texts = [prefix + shape * size + suffix for size in sizes]
        found = medians(function, texts, args.rounds)
        rate = growth(sizes, found)
        if found[0] >= NOISE_MS:
            worst = max(worst, rate)
        shown = " ".join(f"x{size}: {ms:8.1f} ms" for size, ms in zip(sizes, found))
        print(f"{function.__name__:16} {prefix + shape!r:34} {shown}  growth {rate:.2f}")
    if args.check is not None and worst > args.check:
        print(f"worst growth {worst:.2f} > {args.check}")
        sys.exit(1)
    print(f"worst growth {worst:.2f}")


if __name__ == "__main__":
    main()
