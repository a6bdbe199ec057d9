"""``confined``: the one check of a path's text that promote's route, provenance's inputs
and a run's notebook path share (each had its own, and they disagreed on backslashes)."""

from __future__ import annotations

import pytest

from nbcraft.relative_path import confined


@pytest.mark.parametrize(
    "path", ["a.py", "proj/tests/test_feat.py", "proj/./tests", " a b.py ", "a..b/c..", "C:x"]
)
def test_a_path_under_the_root_is_confined(path):
    assert confined(path)


@pytest.mark.parametrize(
    "path",
    ["", "/etc/passwd", "..", "../x", "proj/../../x", "proj/..", "..\\x", "proj\\..\\..\\x", None],
)
def test_a_path_that_can_leave_the_root_is_not(path):
    assert not confined(path)
