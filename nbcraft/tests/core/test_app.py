"""``jupyter nbcraft``: dispatch and usage exit codes."""

from __future__ import annotations

import subprocess
import sys

from nbcraft import app


def test_no_command_is_a_usage_error(capsys):
    assert app.main([]) == 2
    assert "usage: jupyter nbcraft <command>" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys):
    assert app.main(["no-such-command"]) == 2
    assert "unknown command 'no-such-command'" in capsys.readouterr().err


def test_help_exits_zero(capsys):
    assert app.main(["--help"]) == 0
    assert "usage:" in capsys.readouterr().out


def test_module_entry_point_runs_as_a_process():
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from nbcraft.app import main; sys.exit(main(['x']))"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown command" in done.stderr
