"""`make lab`'s terminals have the venv on PATH: the lab is started by scripts/lab.sh with its
output to a file (no tty, the case where jupyter_server would start a login shell whose
/etc/profile resets PATH), a terminal is opened through the server's terminals API, and
`command -v nbcraft` runs in it. Real lab, real terminal, real shell."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import urllib.request
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[3]
PORT = 9317  # this worktree's range (9301..9320)


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
    log = (tmp_path / "lab.log").open("w")
    env = {
        **os.environ,
        "NBCRAFT_LAB_DIR": str(tmp_path / "workspace"),
        # a PATH without the venv, as a user's shell has before `make lab`
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "SHELL": "/bin/bash",
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    lab = subprocess.Popen(  # noqa: ASYNC220 (a server started in the background, not waited on)
        [
            "bash",
            str(REPO / "scripts" / "lab.sh"),
            "--no-browser",
            f"--port={PORT}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
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
                f"ws://127.0.0.1:{PORT}/terminals/websocket/{terminal['name']}",
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
