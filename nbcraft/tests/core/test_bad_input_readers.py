"""Malformed input to the server extension's readers of project config and notebooks: every
case gets a located error (the file and the key, or the line) and never an uncaught exception;
through the real server a route answers a 4xx or a described error, never a 500 with a
traceback. Python's parsers raise past their limits what their own error classes do not cover
(``ValueError`` for an integer of more than 4,300 digits, ``RecursionError`` for deep nesting):
those were the crashes found here, each kept below by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbcraft.jobs.params import NotebookError, read_notebook
from nbcraft.project_config import read_project_config
from nbcraft.provenance.record.notebook import NotebookUnreadable, snapshot
from nbcraft.provenance.record_reader import RecordError, parse_inputs

HUGE_INT = "1" + "0" * 5000  # past Python's int/str conversion limit (4,300 digits)
DEEP = "[" * 100_000 + "]" * 100_000  # past Python's recursion limit
SECRET = "dapi-secret-token-5531"

CONFIG_CASES = [
    # (name, file, bytes, the key or "(file)" the error must name, words in the message)
    ("huge integer in JSON", "nbcraft.json", f'{{"rules": {HUGE_INT}}}', "(file)", "4300 digits"),
    ("deep nesting in JSON", "nbcraft.json", f'{{"rules": {DEEP}}}', "(file)", "nested too deeply"),
    (
        "huge integer in TOML",
        "pyproject.toml",
        f"[tool.nbcraft]\nx = {HUGE_INT}\n",
        "(file)",
        "4300",
    ),
    ("deep nesting in TOML", "pyproject.toml", f"[tool.nbcraft]\nx = {DEEP}\n", "(file)", "nested"),
    ("invalid JSON", "nbcraft.json", '{"rules": \n  {,}', "line 2 column 4", "invalid JSON"),
    ("invalid TOML", "pyproject.toml", "[tool.nbcraft\n", "(file)", "invalid TOML"),
    ("not UTF-8", "nbcraft.json", b'{\n"a": "\xff"}', "(file)", "line 2"),
    ("a JSON array", "nbcraft.json", "[1, 2]", "(top level)", "expected a JSON object"),
    ("tool.nbcraft a string", "pyproject.toml", '[tool]\nnbcraft = "x"\n', "tool.nbcraft", "table"),
    (
        "a duplicate key",
        "nbcraft.json",
        '{"rules": {"NB101": "off", "NB101": "warn"}}',
        "NB101",
        "twice",
    ),
    ("a NUL byte", "nbcraft.json", '{"a": "\x00"}', "line 1 column 8", "invalid JSON"),
]


@pytest.mark.parametrize(
    "name, file, content, key, words", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES]
)
def test_a_malformed_project_config_is_a_located_error(tmp_path, name, file, content, key, words):
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    (tmp_path / file).write_bytes(raw)
    config = read_project_config(tmp_path)
    assert config.error is not None, name
    assert config.error.source == file
    assert config.error.key == key
    assert words in config.error.message
    assert config.data == {}
    assert config.section("compute") == (None, str(config.error))


@pytest.mark.parametrize("file", ["nbcraft.json", "pyproject.toml"])
def test_a_byte_order_mark_is_read_as_the_linter_reads_it(tmp_path, file):
    text = (
        '{"extends": "strict"}'
        if file == "nbcraft.json"
        else '[tool.nbcraft]\nextends = "strict"\n'
    )
    (tmp_path / file).write_bytes(b"\xef\xbb\xbf" + text.encode())
    config = read_project_config(tmp_path)
    assert config.error is None
    assert config.data == {"extends": "strict"}


NOTEBOOK_CASES = [
    ("huge integer", f'{{"cells": [], "nbformat": 4, "x": {HUGE_INT}}}', "4300 digits"),
    ("deep nesting", f'{{"cells": [], "nbformat": 4, "metadata": {DEEP}}}', "nested too deeply"),
    ("truncated", '{"cells": [', "invalid JSON at line 1 column 12"),
    (
        "cells not a list",
        '{"cells": 5, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
        "valid",
    ),
    (
        "source a number",
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": 5,
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                        "id": "a",
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
        'cell 1: "source" must be text',
    ),
]


@pytest.mark.parametrize("name, text, words", NOTEBOOK_CASES, ids=[c[0] for c in NOTEBOOK_CASES])
def test_a_malformed_job_notebook_is_a_notebook_error_naming_it(tmp_path, name, text, words):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    with pytest.raises(NotebookError) as caught:
        read_notebook(path, "bad.ipynb")
    assert str(caught.value).startswith("bad.ipynb: ")
    assert words in str(caught.value)


@pytest.mark.parametrize("text", [f'{{"cells": {DEEP}}}', f'{{"cells": [], "n": {HUGE_INT}}}'])
def test_a_provenance_snapshot_of_a_malformed_notebook_says_why(tmp_path, text):
    path = tmp_path / "nb.ipynb"
    path.write_text(text)
    with pytest.raises(NotebookUnreadable, match=r"nb\.ipynb: not a readable notebook"):
        snapshot(str(path))


@pytest.mark.parametrize("text", [DEEP, f'{{"inputs": [{HUGE_INT}]}}', "{", '{"inputs": 5}'])
def test_a_recorded_inputs_artifact_that_is_malformed_is_a_record_error(text):
    with pytest.raises(RecordError, match=r"nbcraft/inputs\.json: "):
        parse_inputs(text)


@pytest.mark.parametrize("mtime", ["NaN", "Infinity", "-Infinity", "1e999", "1" + "0" * 400])
def test_a_recorded_mtime_no_double_holds_is_unknown(mtime):
    """A run's inputs.json (from the tracking server) with ``"mtime": NaN`` was read as a NaN
    float, which the provenance routes wrote back as a bare ``NaN`` (JSON.parse rejects it);
    an integer of 400 digits raised OverflowError out of the reader (a 502)."""
    (found,) = parse_inputs(f'{{"inputs": [{{"path": "a.csv", "mtime": {mtime}, "size": 3}}]}}')
    assert found.path == "a.csv" and found.size == 3 and found.mtime is None
    assert parse_inputs('{"inputs": [{"path": "b", "mtime": 17}]}')[0].mtime == 17.0


# ---- through the real server ----


async def test_the_trust_route_describes_a_config_past_the_parser_limits(jp_fetch, jp_root_dir):
    """Before: ``RecursionError`` out of ``read_project_config``, a 500 with a traceback."""
    root = Path(jp_root_dir)
    for text in (f'{{"tracking": {{"uri": "{SECRET}"}}, "x": {DEEP}}}', f'{{"x": {HUGE_INT}}}'):
        (root / "nbcraft.json").write_text(text)
        response = await jp_fetch("nbcraft", "trust", raise_error=False)
        assert response.code == 200, response.body[:300]
        body = response.body.decode()
        assert "nbcraft.json" in body and "Traceback" not in body
        assert SECRET not in body


async def test_compute_targets_route_survives_a_config_past_the_parser_limits(
    jp_fetch, jp_root_dir
):
    (Path(jp_root_dir) / "pyproject.toml").write_text(f"[tool.nbcraft]\nx = {DEEP}\n")
    response = await jp_fetch("nbcraft", "compute", "targets", raise_error=False)
    assert response.code < 500, response.body[:300]
    assert b"Traceback" not in response.body
