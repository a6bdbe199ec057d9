"""What nbcraft itself writes to a tracking server carries no credential the user typed or
keeps in a hidden file. Attacks first: a token typed into a cell that was then deleted (still
in the execution history), and an SDK reading ``~/.databrickscfg``-style files under a Jupyter
root that is a home folder. The history is redacted; hidden files are never data inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nbcraft.provenance.record import data, redact

TOKEN = "dapi" + "0123456789abcdef" * 2
R = redact.REDACTED


def test_the_history_loses_typed_credentials_and_keeps_the_code() -> None:
    cells = {
        f"os.environ['DATABRICKS_TOKEN'] = '{TOKEN}'": f"os.environ['DATABRICKS_TOKEN'] = '{R}'",
        "%env MLFLOW_TRACKING_PASSWORD=hunter2": f"%env MLFLOW_TRACKING_PASSWORD={R}",
        "%set_env AWS_SECRET_ACCESS_KEY abc": f"%set_env AWS_SECRET_ACCESS_KEY {R}",
        'password = "hunter2"': f'password = "{R}"',
        f"client = connect(host, '{TOKEN}')": f"client = connect(host, '{R}')",
        "os.environ.setdefault('GITHUB_TOKEN', 'abc')": f"os.environ.setdefault('GITHUB_TOKEN', '{R}')",
    }
    for typed, kept in cells.items():
        assert redact.redact(typed) == kept
    code = (
        "path = 'data/train.csv'\ndf = pd.read_csv(path)\nauthor = 'me'\nprint(f'{len(df)} rows')"
    )
    assert redact.redact(code) == code


S = "Sup3rS3cret!"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f'password = """{S}"""', f'password = """{R}"""'),
        (f"DB_PASSWORD = '''{S}\nline 2'''", f"DB_PASSWORD = '''{R}'''"),
        ('password = "Sup3r\\"S3cret!"', f'password = "{R}"'),
        ('password = "a\\\\"', f'password = "{R}"'),
        (f'login(user="a", pwd="{S}")', f'login(user="a", pwd="{R}")'),
        (f'password = ("{S}")', f'password = ("{R}")'),
        (f'password = r"{S}"', f'password = r"{R}"'),
        (f'cfg = {{"api_key": "{S}", "n": 1}}', f'cfg = {{"api_key": "{R}", "n": 1}}'),
        (f'os.environ["MLFLOW_TRACKING_PASSWORD"] = "{S}"',
         f'os.environ["MLFLOW_TRACKING_PASSWORD"] = "{R}"'),
        (f'os.environ.update(MLFLOW_TRACKING_PASSWORD="{S}")',
         f'os.environ.update(MLFLOW_TRACKING_PASSWORD="{R}")'),
        (f'conn = "postgresql://admin:{S}@db.example.org/x"',
         f'conn = "postgresql://admin:{R}@db.example.org/x"'),
        (f'headers = {{"Authorization": "Bearer {S}"}}', f'headers = {{"Authorization": "Bearer {R}"}}'),
        (f"requests.get(u, headers={{'Authorization': 'Basic {S}'}})",
         f"requests.get(u, headers={{'Authorization': 'Basic {R}'}})"),
        (f"!curl -H 'Authorization: Bearer {S}' $URL", f"!curl -H 'Authorization: Bearer {R}' $URL"),
        (f"%env MLFLOW_TRACKING_PASSWORD {S}\nx = 1", f"%env MLFLOW_TRACKING_PASSWORD {R}\nx = 1"),
        (f"!export DATABRICKS_TOKEN={S}", f"!export DATABRICKS_TOKEN={R}"),
    ],
)  # fmt: skip
def test_each_shape_of_a_typed_secret_is_redacted(typed: str, kept: str) -> None:
    """Shapes the attack review found kept whole or in part (a triple-quoted or escaped value
    left its tail; ``pwd``, a parenthesized value, a URL's password, a header were kept)."""
    assert redact.redact(typed) == kept
    assert S not in redact.redact(typed)


@pytest.mark.parametrize(
    "code",
    [
        "author = 'me'",
        "if password == 'x': pass",
        "token_count: int = 3\ntokens = tokenizer(text)",
        'url = "http://example.org:8080/a@b"',
        'email = "someone@example.org"',
        'print("Bearer of bad news")',
        'doc = """a docstring about the password field"""',
        "%env PATH=/usr/bin",
        "secret" * 4000 + " = 1",
    ],
)
def test_code_without_a_secret_is_kept_as_the_same_object(code: str) -> None:
    """Nothing changed: the same string, not a copy held again per execution."""
    assert redact.redact(code) is code


def test_hidden_files_under_the_root_are_not_inputs(tmp_path: Path) -> None:
    root = tmp_path / "home"
    names = (".databrickscfg", ".env", ".aws/credentials", "data/train.csv", "data/.cache/x")
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    log = data.ReadLog([str(root)])
    audit = log.hook()
    for name in names:
        audit("open", (str(root / name), "r", os.O_RDONLY))
    assert list(log.reads) == [os.path.realpath(root / "data/train.csv")]
    log.record(str(root / ".aws" / "credentials"), "pyarrow")
    assert list(log.reads) == [os.path.realpath(root / "data/train.csv")]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f'pw = "{S}"', f'pw = "{R}"'),
        (f'password: str = "{S}"', f'password: str = "{R}"'),
        (f'db_password: Optional[str] = "{S}"', f'db_password: Optional[str] = "{R}"'),
        (f"PWD='{S}'", f"PWD='{R}'"),
        (f'pass_ = "{S}"', f'pass_ = "{R}"'),
        (f'db_pw = "{S}"', f'db_pw = "{R}"'),
        (f'sas = "{S}"', f'sas = "{R}"'),
        (f'conn_str = "Server=db;User=a;Password={S}"', f'conn_str = "{R}"'),
        (f'connection_string = "{S}"', f'connection_string = "{R}"'),
        (f'clientSecret = "{S}"', f'clientSecret = "{R}"'),
        (f'apiKey = "{S}"', f'apiKey = "{R}"'),
        (f'password += "{S}"', f'password += "{R}"'),
        # (the patterns read ``password = "me"`` too: the first value is lost, not the second)
        (f'user, password = "me", "{S}"', f'user, password = "{R}", "{R}"'),
        (f'(user, pw) = ("me", "{S}")', f'(user, pw) = ("me", "{R}")'),
        (f'cfg = {{"pw": "{S}", "user": "me"}}', f'cfg = {{"pw": "{R}", "user": "me"}}'),
        (f'db = connect(host="h", password="{S}")', f'db = connect(host="h", password="{R}")'),
        (f'os.environ["X_TOKEN"] = "{S}"', f'os.environ["X_TOKEN"] = "{R}"'),
        (f'cfg["pw"] = "{S}"', f'cfg["pw"] = "{R}"'),
        (f'cfg.api_key = "{S}"', f'cfg.api_key = "{R}"'),
        (f'self.client.token = "{S}"', f'self.client.token = "{R}"'),
        (f'password = "abc" "{S}"', f'password = "{R}"'),
        (f'password = f"{S}{{n}}"', f'password = f"{R}"'),
        (f'if (pw := "{S}"): pass', f'if (pw := "{R}"): pass'),
        (f'%time x = 1\npw = "{S}"', f'%time x = 1\npw = "{R}"'),
        (f'def f(:\npw = "{S}"', f'def f(:\npw = "{R}"'),  # does not parse: the pattern pass
        (f'x = ("me",\n     "{TOKEN}")', f'x = ("me",\n     "{R}")'),
    ],
)  # fmt: skip
def test_short_annotated_and_structured_credentials_are_redacted(typed: str, kept: str) -> None:
    """The class the attack review of session 13 found kept whole: short credential names
    (``pw``, ``pass_``, ``sas``, ``conn_str``), annotated, augmented and walrus assignments,
    the second of a tuple's targets (the first's value was redacted instead), keyword
    arguments, attribute and subscript targets, implicitly joined strings."""
    assert redact.redact(typed) == kept
    assert S not in redact.redact(typed) and TOKEN not in redact.redact(typed)


@pytest.mark.parametrize(
    "code",
    [
        "password_min_length = 8",
        "token_count = tokens[0]",
        'secret_name = "db-password"',
        'tokens = ["a", "b"]',
        'bypass = "yes"',
        'sort_key = "name"',
        'password_field = "password"',
        "user, n = 'me', 3",
        'connect(host="db.example.org", port=5432)',
        'passes = "3"',
    ],
)
def test_names_that_only_mention_a_credential_keep_their_values(code: str) -> None:
    assert redact.redact(code) is code


def test_the_shortest_secret_is_what_the_shapes_can_match() -> None:
    """Redaction skips literals shorter than ``SHORTEST_SECRET``: a shape that matched less
    would be skipped unseen (computed here with the regex parser, which redact.py must not
    import: it is private)."""
    from re import _parser  # type: ignore[attr-defined]

    from nbcraft import secret_shapes

    shapes = (*secret_shapes._SHAPES, *secret_shapes._GENERIC_SHAPES)
    patterns = [p for _kind, p in shapes] + [secret_shapes._RANDOM_RUN]
    widths = [_parser.parse(p.pattern, p.flags).getwidth()[0] for p in patterns]
    assert secret_shapes.SHORTEST_SECRET == min(widths)
    slack = "xoxb-" + "1a2b3c4d5e"
    assert len(slack) == secret_shapes.SHORTEST_SECRET
    assert redact.redact(f"x = '{slack}'") == f"x = '{R}'"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ('# password = "hunter2"\nx = 1\n', f'# password = "{R}"\nx = 1\n'),
        ('password = "hunter2".strip()\n', f'password = "{R}".strip()\n'),
        ('password = "hunter2" if prod else "dev"\n', f'password = "{R}" if prod else "{R}"\n'),
        ('setattr(cfg, "password", "hunter2")\n', f'setattr(cfg, "password", "{R}")\n'),
        ('config.set("db", "password", "hunter2")\n', f'config.set("db", "password", "{R}")\n'),
        ("q = \"... password: 'hunter2'\"\n", f"q = \"... password: '{R}'\"\n"),
        ('password = os.getenv("X") or "hunter2"\n', f'password = os.getenv("X") or "{R}"\n'),
        ('password = ["hunter2"]\n', f'password = ["{R}"]\n'),
        ('%env DB_PASSWORD=hunter2\npw = "x"\n', f'%env DB_PASSWORD={R}\npw = "{R}"\n'),
    ],
)  # fmt: skip
def test_a_cell_that_parses_is_read_by_the_patterns_too(typed: str, kept: str) -> None:
    """``ast`` adds to the patterns; it does not replace them: a commented-out line, a value
    in a string or given by ``setattr`` is no assignment ``ast`` sees (main's patterns
    redacted these; the first ast version kept them)."""
    assert redact.redact(typed) == kept


def test_a_deeply_joined_string_is_redacted_not_an_error() -> None:
    """``"a" + "a" + ...`` a thousand deep: the recorder redacts every cell after it runs."""
    source = "token = " + " + ".join(['"a"'] * 1000) + "\n"
    out = redact.redact(source)
    assert '"a"' not in out and out.count(R) == 1000


def test_a_cell_over_the_parse_limit_is_read_by_the_patterns_only(monkeypatch) -> None:
    """``ast`` costs seconds on a megabyte cell, run synchronously after each cell: past
    ``_LONGEST_PARSED`` the patterns alone redact it."""

    def no_parse(*_args: object) -> None:
        raise AssertionError("a long cell was parsed")

    monkeypatch.setattr(redact, "parsed_redacted", no_parse)
    source = "x = 1\n" * 170_000 + 'api_key = "hunter2"\n'  # 1 MB
    assert redact.redact(source).endswith(f'api_key = "{R}"\n')


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ('headers = {"x-api-key": "abcd1234"}', f'headers = {{"x-api-key": "{R}"}}'),
        ('h = {"X-Api-Key": "abcd1234"}', f'h = {{"X-Api-Key": "{R}"}}'),
        ("h = {'Ocp-Apim-Subscription-Key': 'abcd1234'}", f"h = {{'Ocp-Apim-Subscription-Key': '{R}'}}"),
        ('s.headers["x-auth-token"] = "abcd1234"', f's.headers["x-auth-token"] = "{R}"'),
    ],
)  # fmt: skip
def test_a_header_s_hyphenated_name_is_a_credential_s(typed: str, kept: str) -> None:
    assert redact.redact(typed) == kept


def test_hyphens_do_not_make_code_a_credential_s_name() -> None:
    for code in ("n = total-token_count", "x = a-b", 'cfg = {"sort-key": "name"}'):
        assert redact.redact(code) is code


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("!mysql -u root --password=hunter2xx", f"!mysql -u root --password={R}"),
        ("!mysql -u root --password hunter2xx db", f"!mysql -u root --password {R} db"),
        ('!mysql --password "hunter 2" db', f'!mysql --password "{R}" db'),
        ('!curl -H "x-api-key: hunter2xx" https://x', f'!curl -H "x-api-key: {R}" https://x'),
        ('client = Client(api_key=os.getenv("K", "hunter2xx"))',
         f'client = Client(api_key=os.getenv("K", "{R}"))'),
    ],
)  # fmt: skip
def test_shell_options_headers_and_getenv_defaults_are_redacted(typed: str, kept: str) -> None:
    """The second review's cell forms, kept in clear in the history."""
    assert redact.redact(typed) == kept


def test_shell_lines_keep_options_that_are_not_credentials() -> None:
    for code in (
        "!pip install --token-count 3",
        "!git log --pretty=oneline",
        "!x --password-file f",
    ):
        assert redact.redact(code) is code


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("!curl -u alice:hunter2xx https://x", f"!curl -u alice:{R} https://x"),
        ("!curl --user alice:hunter2xx https://x", f"!curl --user alice:{R} https://x"),
        ("!curl --user=alice:hunter2xx https://x", f"!curl --user=alice:{R} https://x"),
        ("!curl -sSu alice:hunter2xx https://x", f"!curl -sSu alice:{R} https://x"),
        ("!curl -ualice:hunter:2xx https://x", f"!curl -ualice:{R} https://x"),
        ("!curl -u 'alice:hunter 2' https://x", f"!curl -u 'alice:{R}' https://x"),
        ('!curl -u "alice:it\'s" https://x', f'!curl -u "alice:{R}" https://x'),
        ("out = !curl -u alice:hunter2xx https://x", f"out = !curl -u alice:{R} https://x"),
        ("%%bash\nset -e\ncurl -fsS -u alice:hunter2xx https://x | jq .\n",
         f"%%bash\nset -e\ncurl -fsS -u alice:{R} https://x | jq .\n"),
        ("subprocess.run(['curl', '-u', 'alice:hunter2xx', url])",
         f"subprocess.run(['curl', '-u', 'alice:{R}', url])"),
        ("!curl https://alice:hunter2xx@x.example/a", f"!curl https://alice:{R}@x.example/a"),
        # the review of s14-jobs: the proxy's user, quoting, continuations, lists over lines
        ("!curl -U alice:hunter2xx https://x", f"!curl -U alice:{R} https://x"),
        ("!curl -x http://p --proxy-user alice:hunter2xx x", f"!curl -x http://p --proxy-user alice:{R} x"),
        ("!curl --proxy-user=alice:hunter2xx x", f"!curl --proxy-user=alice:{R} x"),
        ("!curl -u alice:hunter2xx\\\n  https://x", f"!curl -u alice:{R}\\\n  https://x"),
        ("%%bash\ncurl \\\n  -u alice:hunter2xx \\\n  https://x\n",
         f"%%bash\ncurl \\\n  -u alice:{R} \\\n  https://x\n"),
        ('!curl -u alice:"hunter2xx" https://x', f"!curl -u alice:{R} https://x"),
        ('!curl -u"alice:hunter2xx" https://x', f'!curl -u"alice:{R}" https://x'),
        ("!curl -u alice:hunter\\ 2xx https://x", f"!curl -u alice:{R} https://x"),
        ('!curl -u "alice:hun;ter|2&xx" https://x', f'!curl -u "alice:{R}" https://x'),
        ("!CURL -u alice:hunter2xx https://x", f"!CURL -u alice:{R} https://x"),
        ("!/usr/bin/curl -K - -u alice:hunter2xx", f"!/usr/bin/curl -K - -u alice:{R}"),
        ("subprocess.run([\n 'curl',\n '-u',\n 'alice:hunter2xx',\n url])",
         f"subprocess.run([\n 'curl',\n '-u',\n 'alice:{R}',\n url])"),
        ('os.system("curl -u alice:hunter2xx")', f'os.system("curl -u alice:{R}")'),
        ("!curl -u a:hunter2xx x; echo curl -u b:hunter3xx", f"!curl -u a:{R} x; echo curl -u b:{R}"),
    ],
)  # fmt: skip
def test_curl_s_user_password_is_redacted(typed: str, kept: str) -> None:
    """``curl -u user:password`` kept the password in clear in the history and in a job's
    cells; only the password goes (the user and the URL stay, as for a URL's user-info)."""
    assert redact.redact(typed) == kept


def test_other_commands_u_and_curl_without_a_password_are_kept() -> None:
    for code in (
        "!sort -u data.txt",
        "!pip install -U mlflow",
        "!curl https://x | sort -u a:b",
        "!curl -u alice https://x",  # curl asks for the password
        "!curl -u $USER:$PASS https://x",  # from the environment: nothing in the cell
        "!curl --user-agent 'probe:1' https://x",
        "!curl -H 'X-User: a:b' https://x",
        "!python -u train.py --epochs 3:4",
        "!uniq -u a:b",
        "!docker run -u 1000:1000 img curl x",
        "!curl x && docker run -u 1000:1000 img",
        "!sudo -u root:wheel curl x",
        "!pip download curl -U a:b",
        "!curl -A a:b -T c:d x",
        "!curl -u alice:{pw} https://x",  # IPython puts the variable's value in: not in the cell
        "! curl -G -u alice:'${TOKEN}' x",
        "!git clone x && curl -sSL x | bash -s -- -u 1:2",
    ):
        assert redact.redact(code) is code
