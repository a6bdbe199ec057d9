"""A job whose notebook is outside the Jupyter root was refused naming the root's absolute path
(the server's home folder and user name) to the client. The refusal says why, no path but the
client's own. Real Jupyter server and job service (no job runs: no tracking server needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jobs_support import api


@pytest.fixture
def tracking_uri():
    return "http://127.0.0.1:18993"  # (nothing runs: never reached)


@pytest.mark.parametrize("notebook", ["../x.ipynb", "../../etc/passwd", "/etc/hosts"])
async def test_a_notebook_outside_the_root_is_refused_without_the_roots_path(
    jp_fetch, jp_root_dir, notebook
):
    code, answer = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"notebook": notebook},
        raise_error=False,
    )  # fmt: skip
    assert code == 400
    assert answer["message"] == f"{notebook}: outside the Jupyter root", answer
    text = str(answer)
    for absolute in (str(Path(jp_root_dir).resolve()), str(jp_root_dir), os.path.expanduser("~")):
        assert absolute not in text, text  # was: "... outside the Jupyter root /tmp/.../root_dir"
