"""A capability that cannot start is reported and left out; the others keep serving."""

import json
from pathlib import Path

import pytest


@pytest.fixture
def jp_server_config(jp_server_config, jp_root_dir):
    # a file where the capabilities' state folder (.nbcraft) should be: jobs cannot keep its
    # database there; tracking reports its own failure; the rest must still load
    (Path(jp_root_dir) / ".nbcraft").write_text("not a folder")
    return jp_server_config


async def test_a_capability_that_cannot_start_leaves_the_others_serving(jp_fetch):
    body = json.loads((await jp_fetch("nbcraft", "info")).body)
    assert "jobs" in body["unavailable"], body
    assert "jobs" not in body["capabilities"]
    assert {"compute", "trust"} <= set(body["capabilities"]), body
    listing = await jp_fetch("nbcraft", "compute", "targets")
    assert listing.code == 200
