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
