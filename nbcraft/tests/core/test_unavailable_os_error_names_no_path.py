"""``GET /nbcraft/info`` told why a capability was unavailable with the error's own text when
the error had no ``public`` message (only the job store's has one): an OSError names its file
by the absolute path (the server's home folder and user name), and an error's text may carry a
URL with ``user:password@`` or a ``?token=``. Any logged-in client reads that reason: it now
names a file under the Jupyter root relative to it, one outside by its name, the home folder
as ``~``, and no credential; the server's log keeps the paths, never the credential. Real
Jupyter server; the capability's failure is injected into its ``setup``."""

import json
import os
from pathlib import Path

import pytest

SECRET = "pa55w0rdXYZ"
TOKEN = "tok3nABCDEF"


@pytest.fixture(params=["os error", "other error"])
def failure(request, jp_root_dir, jp_environ):  # (jp_environ: HOME as the server sees it)
    home = os.path.expanduser("~")
    if request.param == "os error":
        return PermissionError(13, "Permission denied", str(Path(jp_root_dir) / ".x" / "y.db"))
    return RuntimeError(
        f"cannot read {home}/nbcraft-private/settings.cfg nor {jp_root_dir}/p.json from "
        f"https://alice:{SECRET}@mlflow.example.org/api?token={TOKEN}"
    )


@pytest.fixture
def jp_server_config(jp_server_config, failure, monkeypatch, capsys):  # (capsys: from the start)
    import nbcraft.promote

    def setup(server_app):
        raise failure

    monkeypatch.setattr(nbcraft.promote, "setup", setup)
    return jp_server_config


async def test_info_names_no_absolute_path_nor_credential(jp_fetch, jp_root_dir, failure, capsys):
    body = (await jp_fetch("nbcraft", "info")).body.decode()
    reason = json.loads(body)["unavailable"]["promote"]
    assert reason.startswith(type(failure).__name__ + ": "), reason
    if isinstance(failure, OSError):
        assert reason == "PermissionError: Permission denied (.x/y.db)", reason
    else:
        assert "~/nbcraft-private/settings.cfg" in reason and "p.json" in reason, reason
        assert "mlflow.example.org" in reason, reason
    for absolute in (str(Path(jp_root_dir).resolve()), str(jp_root_dir), os.path.expanduser("~")):
        assert absolute not in body, body
    assert SECRET not in body and TOKEN not in body, body
    log = capsys.readouterr().err
    assert str(jp_root_dir) in log  # (the log keeps the path)
    assert SECRET not in log and TOKEN not in log, log  # (and no credential)
