"""Attacks through the embedded server's state folder, ``<root>/.nbcraft``, which a cloned
repository can ship (git stores symlinks): nbcraft must not write through a link it did not
make, nor stop a process because a file in the project named it. Real files, a real process."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from nbcraft.tracking.embedded import EmbeddedMlflowServer


@pytest.mark.parametrize("name", ["mlflow-server.pid", "mlflow-server.log", "mlflow.db"])
async def test_a_linked_file_in_the_state_folder_is_never_written_through(tmp_path, name):
    """``.nbcraft/mlflow-server.pid -> ~/.bashrc`` in a clone would have the server's pid
    written over the user's file when the lab starts (the embedded server needs no trust)."""
    from tornado.ioloop import IOLoop

    victim = tmp_path / "victim"
    victim.write_text("the user's own file\n")
    root = tmp_path / "clone"
    (root / ".nbcraft").mkdir(parents=True)
    (root / ".nbcraft" / name).symlink_to(victim)
    server = EmbeddedMlflowServer(root, runtime_dir=tmp_path / "runtime")
    try:
        server.start(IOLoop.current())
        assert server.state == "failed" and server.process is None
        assert str(root / ".nbcraft" / name) in server.message and "link" in server.message
    finally:
        server.stop()
    assert victim.read_text() == "the user's own file\n"


async def test_a_linked_state_folder_is_refused(tmp_path):
    from tornado.ioloop import IOLoop

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    elsewhere.chmod(0o755)
    root = tmp_path / "clone"
    root.mkdir()
    (root / ".nbcraft").symlink_to(elsewhere)
    server = EmbeddedMlflowServer(root, runtime_dir=tmp_path / "runtime")
    try:
        server.start(IOLoop.current())
        assert server.state == "failed" and "link" in server.message
    finally:
        server.stop()
    assert list(elsewhere.iterdir()) == [] and (elsewhere.stat().st_mode & 0o777) == 0o755


def test_a_pid_file_in_the_project_cannot_stop_another_process(tmp_path):
    """A shipped ``mlflow-server.pid`` naming one of the user's processes whose command line
    holds "mlflow" (their own ``mlflow ui``) must not get it killed: only a server on this
    root's own database is stale."""
    other = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()", "mlflow", "ui"],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        root = tmp_path / "clone"
        (root / ".nbcraft").mkdir(parents=True)
        (root / ".nbcraft" / "mlflow-server.pid").write_text(f"{other.pid}\nmlflow\n")
        server = EmbeddedMlflowServer(root, runtime_dir=tmp_path / "runtime")
        server._kill_stale_server()
    finally:
        other.send_signal(signal.SIGTERM)
        other.wait()
    assert other.returncode == -signal.SIGTERM  # ended by us, not SIGKILLed by nbcraft
