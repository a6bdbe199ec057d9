"""``confined``: the one check of a path's text that promote's route, provenance's inputs
and a run's notebook path share (each had its own, and they disagreed on backslashes)."""

from __future__ import annotations

import json
from pathlib import Path, PureWindowsPath

import pytest

from nbcraft.relative_path import confined, refusal, what_to_do


@pytest.mark.parametrize(
    "path",
    ["a.py", "proj/tests/test_feat.py", "proj/./tests", " a b.py ", "a..b/c..", "x/C:y",
     "a" * 255, "/".join(["a" * 200] * 20), "é" * 127],
)  # fmt: skip
def test_a_path_under_the_root_is_confined(path):
    assert confined(path)
    assert refusal(path) is None


@pytest.mark.parametrize(
    "path",
    ["", "/etc/passwd", "..", "../x", "proj/../../x", "proj/..", "..\\x", "proj\\..\\..\\x", None],
)
def test_a_path_that_can_leave_the_root_is_not(path):
    assert not confined(path)


@pytest.mark.parametrize("path", ["C:x", "c:x/sub/nb.ipynb", "C:"])
def test_a_drive_relative_path_is_refused_as_the_lab_refuses_it(path):
    """On Windows ``D:/tree`` joined with ``C:x`` is on drive C, outside the tree."""
    assert not PureWindowsPath("D:/tree").joinpath(path).is_relative_to("D:/tree")
    assert not confined(path)
    assert refusal(path) == "a path naming a drive"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("a\0b.ipynb", "a path with a control character"),
        ("src/a\tb.py", "a path with a control character"),
        ("a\x7fb", "a path with a control character"),
        # C1 controls (NEL shows as nothing: ``te\x85sts`` looks like ``tests``) and the line
        # and paragraph separators, the set the lab's preview and the CLI refuse
        ("te\x85sts", "a path with a control character"),
        ("tests/\x9f", "a path with a control character"),
        ("a\u2028b", "a path with a control character"),
        ("a\u2029b", "a path with a control character"),
        ("a" * 256, "a path (or a part of it) too long for a file system"),
        ("é" * 128, "a path (or a part of it) too long for a file system"),
        ("/".join(["a" * 200] * 21), "a path (or a part of it) too long for a file system"),
        ("a\ud800b", "a path that is not valid text"),
        ("data\\train.csv", "a path with a backslash"),
        ("proj/../x", "a path with a '..' part"),
        ("/x", "an absolute path"),
    ],
)
def test_a_path_no_file_system_call_can_take_is_refused_with_its_reason(path, reason):
    """A forged record's tag or a request's path must not reach ``stat`` and come back as an
    error naming the server's folders (ENAMETOOLONG, an embedded NUL)."""
    assert refusal(path) == reason
    assert not confined(path)


# the table the lab's preview and the ``nbcraft promote`` CLI are tested against too
# (lint-rules/test/promote/hiddenCharacters.test.ts, test/promote/paths.spec.ts)
HIDDEN = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/hidden-characters.json").read_text()
)
# the reasons and hints, worded once for both sides (the lab's templates are checked against
# the same entries in hiddenCharacters.test.ts)
REFUSALS = HIDDEN["refusals"]
KINDS = ["control", "invisible", "allowed"]


@pytest.mark.parametrize(
    ("kind", "code"),
    [(kind, code) for kind in KINDS for code in HIDDEN[kind]],
)
def test_a_hidden_character_is_refused_as_the_lab_and_the_cli_refuse_it(kind, code):
    """``te\\u200bsts`` shows as ``tests``: written, it is another folder than the one seen."""
    path = f"proj/te{chr(int(code, 16))}sts"
    if kind == "allowed":
        assert refusal(path) is None
        return
    assert refusal(path) == REFUSALS[kind]["reason"]
    # what the route answers is what the lab's preview says for the same path
    assert what_to_do(refusal(path)) == REFUSALS[kind]["hint"]
