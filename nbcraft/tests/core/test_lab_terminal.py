"""`make lab`'s terminals have the venv on PATH: the lab is started by scripts/lab.sh with its
output to a file (no tty, the case where jupyter_server would start a login shell whose
/etc/profile resets PATH), a terminal is opened through the server's terminals API, and
`command -v nbcraft` runs in it. Real lab, real terminal, real shell, at a path with a space and
a quote (jupyter_server_terminals shlex-splits a string command: no terminal, or no start)."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    """A port of this worktree's range (9301..9320) that nothing listens on now."""
    for port in range(9301, 9321):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 9301..9320")


def _user_shell(tmp_path: Path) -> Path:
    """The user's bash, at a path with a space and a quote in it."""
    folder = tmp_path / "it's my shell"
    folder.mkdir()
    (folder / "bash").symlink_to("/bin/bash")
    return folder / "bash"


def _lab_env(tmp_path: Path, shell: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NBCRAFT_LAB_DIR": str(tmp_path / "workspace"),
        # a PATH without the venv, as a user's shell has before `make lab`
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "SHELL": str(shell),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        # the user's own jupyter_server_config.py lives here
        "JUPYTER_CONFIG_DIR": str(tmp_path / "user-config"),
    }


def _get(url: str, token: str, method: str = "GET") -> dict:
    request = urllib.request.Request(
        url,
        method=method,
        data=b"" if method == "POST" else None,
        headers={"Authorization": f"token {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


@pytest.mark.timeout(300)
async def test_a_lab_terminal_finds_the_readme_commands(tmp_path):
    token = secrets.token_hex(16)
    port = _free_port()
    log = (tmp_path / "lab.log").open("w")
    env = _lab_env(tmp_path, _user_shell(tmp_path))
    lab = subprocess.Popen(  # noqa: ASYNC220 (a server started in the background, not waited on)
        [
            "bash",
            str(REPO / "scripts" / "lab.sh"),
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                _get(f"{base}/api/status", token)
                break
            except OSError:
                assert lab.poll() is None, (tmp_path / "lab.log").read_text()[-3000:]
                await asyncio.sleep(1)
        terminal = _get(f"{base}/api/terminals", token, method="POST")
        ws = await websocket_connect(
            HTTPRequest(
                f"ws://127.0.0.1:{port}/terminals/websocket/{terminal['name']}",
                headers={"Authorization": f"token {token}"},
            )
        )
        ws.write_message(json.dumps(["stdin", "echo FOUND=$(command -v nbcraft)=END\r"]))
        seen = ""
        while not any(
            line.startswith("FOUND=") and line.rstrip().endswith("=END")
            for line in seen.splitlines()
        ):
            # the shell answers in well under a minute; a silent terminal fails, never hangs
            message = await asyncio.wait_for(ws.read_message(), 60)
            if message is None:
                break
            kind, *rest = json.loads(message)
            if kind == "stdout":
                seen += rest[0]
        ws.close()
        found = [line for line in seen.splitlines() if line.startswith("FOUND=")]
        assert found, seen
        assert found[-1].strip() == f"FOUND={REPO / '.venv' / 'bin' / 'nbcraft'}=END", seen
    finally:
        lab.terminate()
        lab.wait(30)
        log.close()


@pytest.mark.timeout(300)
def test_make_lab_keeps_the_users_terminado_settings(tmp_path):
    """make lab sets only the terminals' shell_command (a list: the path is one argument); the
    rest of the user's terminado_settings stays, as the config the lab would run with shows."""
    shell = _user_shell(tmp_path)
    user_config = tmp_path / "user-config"
    user_config.mkdir()
    (user_config / "jupyter_server_config.py").write_text(
        'c.ServerApp.terminado_settings = {"user_key": "kept"}\n'
    )
    shown = subprocess.run(
        [
            "bash",
            str(REPO / "scripts" / "lab.sh"),
            "--show-config-json",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={_free_port()}",
        ],
        check=False,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=_lab_env(tmp_path, shell),
        timeout=240,
    )
    assert shown.returncode == 0, shown.stderr[-3000:]
    config = json.loads(shown.stdout[shown.stdout.index("{") :])
    assert config["ServerApp"]["terminado_settings"] == {
        "user_key": "kept",
        "shell_command": [str(shell)],
    }, shown.stdout
