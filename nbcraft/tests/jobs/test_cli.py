"""``jupyter nbcraft run`` as CI runs it: a real process, real kernels, the real ``mlflow
server``; the exit codes and what is printed are DESIGN.md's contract."""

from __future__ import annotations

import nbformat
import pytest
from jobs_support import (
    CLI,
    RESUME_THEN_FAIL,
    TRAIN,
    mlflow_client,
    run_cli,
    run_cli_here,
    write_notebook,
)

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "nbcraft.json").write_text("{}")
    write_notebook(tmp_path / "nbs" / "train.ipynb", TRAIN)
    write_notebook(tmp_path / "nbs" / "fail.ipynb", RESUME_THEN_FAIL)
    return tmp_path


def test_run_prints_the_run_and_logs_params_metrics_and_output(project, mlflow_server):
    done = run_cli(
        "nbs/train.ipynb", "-p", "alpha", "0.5", "-p", "n", "6", "-p", "model", "tree",
        "--experiment", "cli-jobs", "--output", "out/train.ipynb",
        cwd=project, tracking=mlflow_server,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run_id, url = done.stdout.split()
    run = mlflow_client(mlflow_server).get_run(run_id)
    assert url == f"{mlflow_server}/#/experiments/{run.info.experiment_id}/runs/{run_id}"
    assert run.info.status == "FINISHED"
    # Literals are parsed: 0.5 and 6 are numbers (score = 3.0), `tree` stays a string.
    assert run.data.params == {"alpha": "0.5", "n": "6", "model": "tree"}
    assert run.data.metrics == {"score": 3.0}
    assert run.data.tags["nbcraft.notebook"] == "nbs/train.ipynb"
    assert run.data.tags["nbcraft.compute_target"] == "local"
    executed = nbformat.read(project / "out" / "train.ipynb", as_version=4)
    assert executed["cells"][1]["metadata"]["tags"] == ["injected-parameters"]


def test_failed_notebook_exits_1_with_the_cell_on_one_line(project, mlflow_server):
    done = run_cli("nbs/fail.ipynb", cwd=project, tracking=mlflow_server)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "nbs/fail.ipynb: cell 4: ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in "\n".join(lines[1:])  # then the traceback
    run_id = done.stdout.split()[0]
    assert mlflow_client(mlflow_server).get_run(run_id).info.status == "FAILED"


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "a NOTEBOOK (or --pipeline NAME) is required"),
        (("nbs/missing.ipynb",), "nbs/missing.ipynb: no such notebook"),
        (("nbcraft.json",), "not a notebook (no `cells` and `nbformat` keys)"),
        (("nbs/train.ipynb", "--target", "cluster9"), "unknown target 'cluster9'"),
        (("nbs/train.ipynb", "--timeout", "0"), "--timeout must be a positive number"),
        (("nbs/train.ipynb", "--timeout", "nan"), "--timeout must be a positive number"),
        # `--timeout inf` is no limit: the input is read on, to the target
        (("nbs/train.ipynb", "--timeout", "inf", "--target", "cluster9"), "unknown target"),
        (("nbs/train.ipynb", "-p", "lr", "1e999"), "`parameters`: lr holds NaN or Infinity"),
        (("nbs/train.ipynb", "--colour"), "unrecognized arguments: --colour"),
        (("--from", "x", "nbs/train.ipynb"), "--from STEP goes with --pipeline NAME"),
        (("--pipeline", "nope"), "unknown pipeline 'nope'; pipelines: none in nbcraft.json"),
    ],
)
def test_usage_and_unreadable_input_exit_2(project, args, message, monkeypatch, capsys):
    # In this process: the real process is tested just below.
    assert run_cli_here(*args, cwd=project, monkeypatch=monkeypatch) == 2
    assert message in capsys.readouterr().err


def test_the_real_process_exits_2_on_bad_input(project):
    done = run_cli("nbs/missing.ipynb", cwd=project)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("jupyter nbcraft run: nbs/missing.ipynb: no such notebook")


def test_a_parameter_the_notebook_does_not_define_exits_2_before_running(project):
    done = run_cli("nbs/train.ipynb", "-p", "alhpa", "1", cwd=project)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr == (
        "jupyter nbcraft run: nbs/train.ipynb: cell 1 (tagged `parameters`) does not define "
        "'alhpa' (did you mean 'alpha'?); it defines: alpha, n, model. Fix the name, or "
        "assign it in that cell first\n"
    )
    assert done.stdout == ""


def test_no_tracking_server_says_so(project):
    done = run_cli(
        "nbs/train.ipynb", "-p", "alpha", "1", cwd=project, tracking="http://127.0.0.1:9",
        # The notebook's own MLflow calls give up at once instead of retrying for minutes.
        MLFLOW_HTTP_REQUEST_MAX_RETRIES="0",
    )  # fmt: skip
    assert (
        "warning: not logged to MLflow: the tracking server http://127.0.0.1:9 is not reachable"
        in done.stderr
    )
    # The notebook's own start_run() fails against the dead server: exit 1, named.
    assert done.returncode == 1 and "train.ipynb: cell 3: " in done.stderr
