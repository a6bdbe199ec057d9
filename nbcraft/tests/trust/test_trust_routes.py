"""Workspace trust through a real Jupyter server: the attacks of a cloned repository, then the
same flows once the user trusted the file, without a restart.

The project file names an "interpreter" that is an executable script writing a marker file,
and a tracking server that is a loopback capture server. Nothing is mocked: the server, its
routes, the kernelspec folder and the capture server are real."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
from pathlib import Path
from typing import ClassVar

import pytest
import tornado.httpclient

CLOSED = 9  # nothing listens on the discard port here
TOKEN = "mlflow-token-of-the-user-7781"


class Capture(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def _record(self) -> None:
        Capture.seen.append((self.path, dict(self.headers)))
        self.send_response(404)
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def capture():
    Capture.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def evil_root(jp_environ, jp_root_dir, tmp_path, monkeypatch, capture):
    root = Path(jp_root_dir)
    marker = tmp_path / "marker"
    tools = root / "tools"
    tools.mkdir()
    script = tools / "py"
    script.write_text(f'#!/bin/sh\necho ran >> {marker}\nexec python3 "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"http://127.0.0.1:{CLOSED}")
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
    config = {
        "rules": {"NB101": "off"},
        "tracking": {"uri": capture},
        "compute": {
            "targets": [
                {"name": "evil", "kind": "spark-connect", "url": f"sc://127.0.0.1:{CLOSED}",
                 "python": "tools/py"},
                {"name": "evil-dbx", "kind": "databricks-connect", "profile": "dev",
                 "serverless": True, "python": "tools/py"},
            ]
        },
    }  # fmt: skip
    (root / "nbcraft.json").write_text(json.dumps(config))
    return root, marker


@pytest.fixture
def jp_server_config(jp_server_config, evil_root):
    return {
        **jp_server_config,
        "ServerApp": {"jpserver_extensions": {"nbcraft": True}},
        "NbcraftCompute": {"watch_interval": 0.2, "check_timeout": 1.0},
        "NbcraftTracking": {"embedded": False},
    }


async def get_json(jp_fetch, *parts, **kwargs):
    return json.loads((await jp_fetch(*parts, **kwargs)).body)


async def post_trust(jp_fetch, body, method="POST"):
    response = await jp_fetch(
        "nbcraft", "trust", method=method, body=json.dumps(body), raise_error=False
    )
    return response.code, json.loads(response.body)


def generated_specs(jp_data_dir) -> list[str]:
    kernels = Path(jp_data_dir) / "kernels"
    return sorted(p.name for p in kernels.glob("nbcraft-*")) if kernels.is_dir() else []


async def load_the_lab(jp_fetch):
    """What the lab's plugins ask for when the page loads, and the picker after it."""
    described = await get_json(jp_fetch, "nbcraft", "trust")
    listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    status = await get_json(jp_fetch, "nbcraft", "mlflow", "status")
    for name in ("evil", "evil-dbx"):
        await jp_fetch("nbcraft", "compute", "targets", name, raise_error=False)
        await jp_fetch(
            "nbcraft", "compute", "targets", name, "switch", params={"kernel": "python3"},
            raise_error=False,
        )  # fmt: skip
    specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
    return described, listed, status, specs


async def test_an_untrusted_project_runs_writes_and_contacts_nothing(
    jp_fetch, evil_root, jp_data_dir
):
    root, marker = evil_root
    described, listed, status, specs = await load_the_lab(jp_fetch)
    await asyncio.sleep(0.5)  # the config watcher ticks (0.2 s) and must not act either
    assert not marker.exists(), "the project's interpreter ran"
    assert generated_specs(jp_data_dir) == [] and not any(n.startswith("nbcraft-") for n in specs)
    assert Capture.seen == []  # the project's tracking server was never contacted
    # Tracking fell through to the next source, the user's environment.
    assert status["source"] == "MLFLOW_TRACKING_URI"
    # The listing says why the targets are missing, naming the file and the key.
    [held] = [t for t in listed if t.get("error")]
    assert held["detail"].startswith("nbcraft.json: compute: held back: the file is not trusted")
    assert {t["name"] for t in listed} == {"nbcraft.json: compute"}
    # What the lab's notice shows: what the file would set, credentials never repeated.
    assert described["trusted"] is False and described["heldBack"] is True
    assert described["path"] == str((root / "nbcraft.json").resolve())
    assert described["requests"] == ["tracking", "compute"]
    assert described["targets"][0] == {
        "name": "evil",
        "kind": "spark-connect",
        "where": f"sc://127.0.0.1:{CLOSED}",
        "python": "tools/py",
        "envNames": [],
    }


async def test_trusting_applies_at_once_and_a_change_or_revoke_takes_it_back(
    jp_fetch, evil_root, jp_data_dir, capture
):
    root, marker = evil_root
    described = await get_json(jp_fetch, "nbcraft", "trust")
    # Only the content the user saw, of the root's own file, gets trusted.
    code, body = await post_trust(jp_fetch, {"path": described["path"], "sha256": "0" * 64})
    assert code == 409 and "changed since it was shown" in body["message"]
    code, body = await post_trust(jp_fetch, {"path": "/etc/passwd", "sha256": described["sha256"]})
    assert code == 400 and "only the Jupyter root's config file" in body["message"]
    assert (await post_trust(jp_fetch, {"path": described["path"]}))[0] == 400
    assert generated_specs(jp_data_dir) == []

    code, body = await post_trust(
        jp_fetch, {"path": described["path"], "sha256": described["sha256"]}
    )
    assert code == 200 and body["trusted"] is True and body["heldBack"] is False
    # At once, no restart: the targets are listed and their kernelspecs written...
    listed = {t["name"]: t for t in await get_json(jp_fetch, "nbcraft", "compute", "targets")}
    assert set(listed) == {"evil", "evil-dbx"}
    assert listed["evil"]["kernelspec"] == "nbcraft-evil"
    assert generated_specs(jp_data_dir) == ["nbcraft-evil", "nbcraft-evil-dbx"]
    spec = json.loads((Path(jp_data_dir) / "kernels" / "nbcraft-evil" / "kernel.json").read_text())
    assert spec["argv"][0] == str(root / "tools" / "py")
    # ...listing them looked at the interpreter on disk and did not run it...
    assert not marker.exists()
    # ...and the project's tracking server is the one in use.
    status = await get_json(jp_fetch, "nbcraft", "mlflow", "status")
    assert status["source"] == f"tracking.uri in {root / 'nbcraft.json'}"
    assert status["uri"] == capture

    # Any change to the file: untrusted again, the targets go, the watcher removes the specs.
    (root / "nbcraft.json").write_text((root / "nbcraft.json").read_text() + "\n")
    again = await get_json(jp_fetch, "nbcraft", "trust")
    assert again["trusted"] is False and again["heldBack"] is True
    listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert {t["name"] for t in listed} == {"nbcraft.json: compute"}
    for _ in range(50):
        if not generated_specs(jp_data_dir):
            break
        await asyncio.sleep(0.1)
    assert generated_specs(jp_data_dir) == []
    status = await get_json(jp_fetch, "nbcraft", "mlflow", "status")
    assert status["source"] == "MLFLOW_TRACKING_URI"

    # Trusted again, then revoked from the lab: the specs are removed at once.
    code, _ = await post_trust(jp_fetch, {"path": again["path"], "sha256": again["sha256"]})
    assert code == 200 and generated_specs(jp_data_dir) == ["nbcraft-evil", "nbcraft-evil-dbx"]
    response = await jp_fetch("nbcraft", "trust", method="DELETE")
    assert json.loads(response.body)["trusted"] is False
    assert generated_specs(jp_data_dir) == []
    assert not marker.exists()


async def test_trust_routes_need_authentication(jp_fetch, evil_root):
    no_auth = {"Authorization": ""}
    for method, body in (("GET", None), ("POST", "{}"), ("DELETE", None)):
        with pytest.raises(tornado.httpclient.HTTPClientError) as err:
            await jp_fetch("nbcraft", "trust", method=method, body=body, headers=no_auth)
        assert err.value.code == 403, method


async def test_the_server_removes_its_kernelspecs_when_it_stops(
    jp_fetch, jp_serverapp, evil_root, jp_data_dir
):
    described = await get_json(jp_fetch, "nbcraft", "trust")
    await post_trust(jp_fetch, {"path": described["path"], "sha256": described["sha256"]})
    assert generated_specs(jp_data_dir) == ["nbcraft-evil", "nbcraft-evil-dbx"]
    await jp_serverapp.cleanup_extensions()
    assert generated_specs(jp_data_dir) == []


async def test_a_linked_config_borrows_no_trust_through_the_lab(
    jp_fetch, evil_root, jp_data_dir, tmp_path
):
    """The clone's nbcraft.json links to the same content in a folder the user trusted: the
    lab's route neither applies it nor lets it be trusted (nbcraft/tests/trust/test_attacks.py)."""
    from nbcraft.trust.store import TrustStore

    root, marker = evil_root
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "nbcraft.json").write_bytes((root / "nbcraft.json").read_bytes())
    (root / "nbcraft.json").unlink()
    (root / "nbcraft.json").symlink_to(mine / "nbcraft.json")
    described = await get_json(jp_fetch, "nbcraft", "trust")
    TrustStore().trust(described["path"], described["sha256"])  # trusted where it lives

    again = await get_json(jp_fetch, "nbcraft", "trust")
    assert again["trusted"] is False and "is a link to" in again["trustProblem"]
    code, body = await post_trust(jp_fetch, {"path": again["path"], "sha256": again["sha256"]})
    assert code == 409 and "is a link to" in body["message"]
    listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert {t["name"] for t in listed} == {"nbcraft.json: compute"}
    assert generated_specs(jp_data_dir) == [] and not marker.exists()


async def test_the_trust_notice_shows_no_password_written_where_a_port_would_be(
    jp_fetch, evil_root
):
    """``sc://alice@h:s3cret`` (the user meant ``alice:s3cret@h``): the notice the lab shows
    names the host, never the password; a port stays."""
    root, _ = evil_root
    targets = [
        {"name": "a", "kind": "spark-connect", "url": "sc://alice@spark.example:s3cret/;x=1"},
        {"name": "b", "kind": "spark-connect", "url": "sc://alice:pw@spark.example:15002"},
    ]
    (root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": targets}}))
    response = await jp_fetch("nbcraft", "trust")
    described = json.loads(response.body)
    assert [t["where"] for t in described["targets"]] == [
        "sc://spark.example",
        "sc://spark.example:15002",
    ]
    assert "s3cret" not in response.body.decode() and "pw@" not in response.body.decode()
