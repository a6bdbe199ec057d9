"""s18: the redactor's known leaks from session 17's two attack reviews (each: a secret reached
a provenance file), read as bash reads the shell: which stage of a pipeline feeds curl (a
subshell or brace group, a ``|`` inside ``$(...)`` or backticks, a glued ``&``, a heredoc
between a pipeline's lines), what echo writes into a process substitution, and an unclosed
``auth=(`` before a well-formed pair. Each case leaked on main but seven, redacted there too
and kept as guards (checked against the s18-redact merge's first parent): ``echo "$(printf x |
tr a b)" 'header = ...' 'user = ...' |``, ``true&&echo``, ``false||echo``, ``true;echo``, ``sleep
1 &echo``, ``curl -K <(echo user=...)`` and ``s.auth = (user,`` before a later pair. Each near
miss stays as written."""

import pytest
from record_support import as_cell_and_parameter

from nbcraft.provenance.record.redact import redact, redact_value

SECRET = "S3CRETxyz"


@pytest.mark.parametrize(
    "cell",
    [
        # 1. a subshell or a brace group of several commands piped into curl -K -
        f"!(echo 'user = \"u:{SECRET}\"'; echo 'url = https://x') | curl -K -",
        f"!(echo url = https://x; echo 'user = u:{SECRET}') | curl -K -",
        f"!{{ echo 'user = \"u:{SECRET}\"'; echo 'url = https://x'; }} | curl -K -",
        f"%%bash\n(\n  echo 'url = https://x'\n  echo 'user = u:{SECRET}'\n) | curl -K -\n",
        f"%%bash\n{{ echo 'url = https://x'\n  echo 'user = u:{SECRET}'; }} |\n  curl -K -\n",
        f"!(cat <<< 'user = u:{SECRET}'; echo 'url = x') | curl -K -",
        f"!( (echo 'user = u:{SECRET}') ) | curl -K -",
        # 2. a | inside $(...) or backticks is no stage's end
        f"!echo $(printf x | tr a b) 'user = u:{SECRET}' | curl -K -",
        f"!echo `printf x | tr a b` 'user = u:{SECRET}' | curl -K -",
        f"!echo \"$(printf x | tr a b)\" 'header = \"X: 1\"' 'user = u:{SECRET}' | curl -K -",
        f"!echo 'user = u:{SECRET}' | tee $(echo a | tr a b) | curl -K -",
        f"!echo 'user = u:{SECRET}' | tee `echo a | tr a b` | curl -K -",
        f"!echo 'user = u:{SECRET}' | env X=$(echo 'a|b') curl -K -",
        f"!echo 'user = u:{SECRET}' | env X='a|b' curl -K -",
        # 3. & and && ; || next to a pipe, read as bash reads them
        f"!grep a&echo 'user = u:{SECRET}' | curl -K -",
        f"!true&&echo 'user = u:{SECRET}' | curl -K -",
        f"!false||echo 'user = u:{SECRET}' | curl -K -",
        f"!true;echo 'user = u:{SECRET}' | curl -K -",
        f"!sleep 1 &echo 'user = u:{SECRET}' | curl -K -",
        # (bash refuses an empty stage, ``a & | b``: read as the pipe the user meant)
        f"!echo 'user = u:{SECRET}' | grep a& | curl -K -",
        f"!echo 'user = u:{SECRET}'; | curl -K -",
        # 5. echo's words unquoted: it writes them joined by spaces, one config line
        f"!curl -K <(echo user = u:{SECRET}) https://x",
        f"!curl -K <(echo user=u:{SECRET}) https://x",
        f"!echo user = u:{SECRET} | curl -K - https://x",
        f'!curl -K <(echo -n user = "u:{SECRET}") https://x',
    ],
)
def test_the_stage_that_feeds_curl_is_read_as_bash_reads_it(cell):
    for redacted in as_cell_and_parameter(cell):
        assert SECRET not in redacted


@pytest.mark.parametrize(
    "cell",
    [
        # 4. a heredoc's body between the lines of a pipeline into curl
        f"%%bash\ncat <<EOF |\nuser = u:{SECRET}\nEOF\n  curl -K - https://x\n",
        f'%%bash\ncat <<-EOF |\n\tuser = "u:{SECRET}"\n\tEOF\ncurl -K - https://x\n',
        f"%%bash\ncat <<EOF | tee log |\nuser = u:{SECRET}\nEOF\n  curl -K - https://x\n",
        f"%%bash\ncat <<'EOF' |\nuser = u:{SECRET}\nEOF\n# sent\ncurl -K - https://x\n",
        f"%%bash\ncat <<A <<B |\nurl = x\nA\nuser = u:{SECRET}\nB\ncurl -K - https://x\n",
    ],
)
def test_a_heredoc_between_a_pipelines_lines_is_read(cell):
    assert SECRET not in redact(cell)


@pytest.mark.parametrize(
    "text",
    [
        # 6. an unclosed ``auth=(`` earlier in a cell hid a later, well-formed pair
        f"r = get(url, auth=(\nx = 1\nr = requests.get(url, auth=('u', '{SECRET}'))",
        f"auth=[\nr = requests.get(url, auth=('u', '{SECRET}'))",
        f"s.auth = (user,\nr = requests.get(url, auth=HTTPBasicAuth('u', '{SECRET}'))",
        f"a = auth=(auth=(auth=(\nr = requests.get(url, auth=('u', '{SECRET}'))",
        f"auth=(f(x)\nr = get(u, auth=('a', ('{SECRET}')))\n",
    ],
)
def test_an_unclosed_auth_pair_does_not_hide_a_later_one(text):
    assert SECRET not in redact(text)
    assert SECRET not in str(redact_value("code", text))


@pytest.mark.parametrize(
    "text",
    [
        # near misses: no secret in the text, kept as written
        "requires_authorization = False",
        "!(echo 'url = https://x'; echo 'user = $U') | curl -K -",
        '!{ echo url = https://x; } | curl -K - -u "$U"',
        "!echo $(printf x | tr a b) 'url = https://x' | curl -K -",
        "!grep a&echo 'url = https://x' | curl -K -",
        "!curl -K <(echo url = https://x) https://y",
        "!echo user = u | curl -K - https://x",  # (no password: curl asks)
        "%%bash\ncat <<EOF |\nurl = https://x\nEOF\n  curl -K - https://x\n",
        "%%bash\ncat <<EOF\nuser = u:notpiped\nEOF\ncurl -K - https://x\n",
        "r = get(url, auth=(\nx = 1\nr = requests.get(url, auth=(user, pw))",
        "auth=(f(x)\nr = get(u, auth=('a', pw))\n",
        "!(echo 'user = u:notpiped'); curl -K - https://x",
        "!echo 'user = u:bg' & curl -K - https://x",
    ],
)
def test_near_misses_stay_as_written(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "cell",
    [
        # the same class in redact_curl's package check: a command substitution is curl's own
        # command, not the install's (``pip install x $(curl ...)`` skipped curl)
        f"!pip install foo $(curl -s -d password={SECRET} https://x/r)",
        f"!pip install foo `curl -s -d password={SECRET} https://x/r`",
        f"!pip install -r <(curl -s -d password={SECRET} https://x/r)",
    ],
)
def test_a_curl_substituted_in_an_install_is_read(cell):
    for redacted in as_cell_and_parameter(cell):
        assert SECRET not in redacted


@pytest.mark.parametrize(
    "cell", ["!pip install curl -U", "!(pip install curl -U)", "!apt-get install -y curl -u"]
)
def test_installing_curl_stays_as_written(cell):
    assert redact(cell) == cell


@pytest.mark.parametrize(
    "cell",
    [
        # the same class: a pipeline in a string given to a shell (curl's command is the
        # string's; its stages were read from the Python line)
        f"subprocess.run(\"echo 'user = u:{SECRET}' | curl -K -\", shell=True)",
        f"os.system(\"printf 'user = u:{SECRET}' | curl -K - https://x\")",
        f"!bash -c \"echo 'user = u:{SECRET}' | curl -K -\"",
        f"cmd = 'echo \"user = u:{SECRET}\" | tee log | curl -K -'",
    ],
)
def test_a_pipeline_in_a_string_given_to_a_shell_is_read(cell):
    assert SECRET not in redact(cell)


def test_a_string_pipeline_without_a_password_stays_as_written():
    cell = "subprocess.run(\"echo 'url = https://x' | curl -K -\", shell=True)"
    assert redact(cell) == cell
