"""``GET /nbcraft/info`` told why jobs were unavailable with the store error's log message,
naming the job store by its absolute path (the user's home folder and name), and a store
folder that is a link told its absolute path even in the message meant for clients. The
reason any logged-in client reads now names the store relative to the Jupyter root; the
server's log keeps the absolute path. Real Jupyter server, real SQLite files."""

import json
import os
from pathlib import Path

import pytest


@pytest.fixture(params=["link", "damaged"])
def broken_store(request, jp_root_dir):
    root = Path(jp_root_dir)
    if request.param == "link":  # (a cloned repository may ship one)
        (root.parent / "elsewhere").mkdir()
        os.symlink("../elsewhere", root / ".nbcraft")
    else:  # a damaged jobs.db: not a database
        (root / ".nbcraft").mkdir(mode=0o700)
        (root / ".nbcraft" / "jobs.db").write_bytes(b"not a database, " * 512)
    return request.param


@pytest.fixture
def jp_server_config(jp_server_config, broken_store, capsys):
    return jp_server_config


async def test_info_names_no_absolute_path_of_an_unavailable_job_store(
    jp_fetch, jp_root_dir, broken_store, capsys
):
    body = (await jp_fetch("nbcraft", "info")).body.decode()
    reason = json.loads(body)["unavailable"]["jobs"]
    assert ".nbcraft" in reason, reason  # (named, relative to the root)
    for absolute in (str(Path(jp_root_dir).resolve()), str(jp_root_dir), os.path.expanduser("~")):
        assert absolute not in body, body  # was: the store's absolute path
    assert str(Path(jp_root_dir)) in capsys.readouterr().err  # (the log keeps it)


@pytest.mark.parametrize("case", ["file link", "holds the root"])
def test_a_store_folder_error_tells_clients_no_absolute_path(tmp_path, case):
    from nbcraft.jobs.store import JobStore, StoreFolderError

    root = tmp_path / "root"
    state = root / ".nbcraft"
    state.mkdir(parents=True)
    if case == "file link":  # the link's own name, not what it points to
        os.symlink(tmp_path / "victim.txt", state / "jobs.db")
        path, shown = state / "jobs.db", ".nbcraft/jobs.db is a symbolic link"
    else:
        path, shown = tmp_path / "jobs.db", None
    with pytest.raises(StoreFolderError) as refused:
        JobStore(path, root)
    assert str(tmp_path) in str(refused.value)  # (the log's message keeps it)
    assert str(tmp_path) not in refused.value.public, refused.value.public  # was: in it
    assert shown is None or shown in refused.value.public, refused.value.public
