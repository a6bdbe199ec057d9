"""``GET /nbcraft/info`` told why a capability was unavailable with the error's own text, scrubbed
(paths under the root or home made relative, URLs' credentials cut): any logged-in client read
absolute paths elsewhere (``/srv/data/alice``), credentials not written as URLs
(``password=...``), and an OSError whose file name was bytes or an int crashed the extension's
``load()`` itself (no capability, no route, the real error never logged). A client now gets a
capability's prepared public message (an error's ``public``: the job store's) or
"failed to start; see the server log", no raw error text; the log keeps the full text (its
credentials redacted), and the other capabilities load. Real Jupyter server; the capability's
failure is injected into its ``setup``."""

import json
import os
from pathlib import Path

import pytest

SECRET = "pa55w0rdXYZ"
TOKEN = "tok3nABCDEF"
GENERIC = "failed to start; see the server log"


class Unprintable(Exception):
    def __str__(self):
        raise ValueError("no text")


class Prepared(RuntimeError):
    public = "the job store cannot be used: .nbcraft is a link"


def _failure(kind, root, home):
    if kind == "os error":
        return PermissionError(13, "Permission denied", str(Path(root) / ".x" / "y.db"))
    if kind == "bytes filename":
        return FileNotFoundError(2, "No such file or directory", os.fsencode(f"{home}/alice.db"))
    if kind == "int filename":
        return OSError(9, "Bad file descriptor", 987)
    if kind == "unprintable":
        return Unprintable()
    if kind == "prepared":
        return Prepared(f"{root}/.nbcraft is a link")
    return RuntimeError(
        f"cannot read /srv/data/alice/settings.cfg nor {root}/p.json (password={SECRET}) from "
        f"https://alice:{SECRET}@mlflow.example.org/api?token={TOKEN}"
    )


@pytest.fixture(
    params=["os error", "bytes filename", "int filename", "other error", "unprintable", "prepared"]
)
def failure(request, jp_root_dir, jp_environ):  # (jp_environ: HOME as the server sees it)
    return _failure(request.param, jp_root_dir, os.path.expanduser("~"))


@pytest.fixture
def jp_server_config(jp_server_config, failure, monkeypatch, capsys):  # (capsys: from the start)
    import nbcraft.promote

    def setup(server_app):
        raise failure

    monkeypatch.setattr(nbcraft.promote, "setup", setup)
    return jp_server_config


async def test_info_tells_only_a_prepared_reason(jp_fetch, jp_root_dir, failure, capsys):
    body = (await jp_fetch("nbcraft", "info")).body.decode()  # was: 404 (load() crashed)
    info = json.loads(body)
    reason = info["unavailable"]["promote"]
    told = Prepared.public if isinstance(failure, Prepared) else GENERIC
    assert reason == f"{type(failure).__name__}: {told}", reason
    assert "tracking" in info["capabilities"] and "jobs" in info["capabilities"], info
    for absolute in (str(Path(jp_root_dir).resolve()), str(jp_root_dir), os.path.expanduser("~")):
        assert absolute not in body, body
    assert "/srv/data" not in body and SECRET not in body and TOKEN not in body, body
    log = capsys.readouterr().err
    assert "nbcraft: promote is unavailable" in log, log
    if isinstance(failure, (PermissionError, RuntimeError)):
        assert str(jp_root_dir) in log  # (the log keeps the path)
    if isinstance(failure, FileNotFoundError):
        assert "alice.db" in log, log
    assert SECRET not in log and TOKEN not in log, log  # (and no credential)
