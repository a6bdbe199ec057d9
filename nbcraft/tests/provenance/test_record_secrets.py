"""What nbcraft itself writes to a tracking server carries no credential the user typed or
keeps in a hidden file. Attacks first: a token typed into a cell that was then deleted (still
in the execution history), and an SDK reading ``~/.databrickscfg``-style files under a Jupyter
root that is a home folder. The history is redacted; hidden files are never data inputs."""

from __future__ import annotations

import os
from pathlib import Path

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
