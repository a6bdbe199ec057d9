"""When the embedded MLflow server's state folder (``<root>/.nbcraft``) cannot be made or is
refused, ``/nbcraft/mlflow/status`` and the proxy's 503 told the browser why with the folder's
absolute path (the server's home folder and user name), in the message and in the hint's log
file. Clients now read the folder relative to the Jupyter root; the server's log keeps the
absolute path. Real Jupyter server, real files; the embedded server never gets to start."""

import json
import os
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError


@pytest.fixture(params=["a file", "a link"])
def state_folder(request, jp_root_dir):
    root = Path(jp_root_dir)
    if request.param == "a file":  # mkdir fails: File exists
        (root / ".nbcraft").write_text("not a folder")
    else:  # refused before anything is written (a cloned repository may ship one)
        (root.parent / "elsewhere").mkdir()
        os.symlink("../elsewhere", root / ".nbcraft")
    return request.param


@pytest.fixture
def jp_server_config(jp_server_config, state_folder, capsys):  # (capsys: from the start)
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["NbcraftTracking"]["embedded"] = True
    return config


def _absolute_paths(root: str) -> list[str]:
    return [str(Path(root).resolve()), str(root), os.path.expanduser("~")]


async def test_a_failed_embedded_server_tells_clients_no_absolute_path(
    jp_fetch, jp_root_dir, state_folder, capsys
):
    status = (await jp_fetch("nbcraft", "mlflow", "status")).body.decode()
    body = json.loads(status)
    assert body["state"] == "failed", body
    assert ".nbcraft" in body["message"], body  # (named, relative to the root)
    assert ".nbcraft/mlflow-server.log" in body["hint"], body
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch(
            "nbcraft", "mlflow", "api/2.0/mlflow/experiments/search",
            method="POST", body=b"{}",
        )  # fmt: skip
    assert refused.value.code == 503
    proxied = refused.value.response.body.decode()
    assert ".nbcraft" in proxied, proxied
    info = (await jp_fetch("nbcraft", "info")).body.decode()
    for text in (status, proxied, info):
        for absolute in _absolute_paths(jp_root_dir):
            assert absolute not in text, text  # was: the state folder's absolute path
    assert str(Path(jp_root_dir)) in capsys.readouterr().err  # (the log keeps it)
