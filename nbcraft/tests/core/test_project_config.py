"""``nbcraft.project_config.find_root``: where the CLIs (``jupyter nbcraft run``,
``reproduce``) look for the project config, upwards from a notebook's folder."""

from __future__ import annotations

from nbcraft.project_config import find_root


def test_the_nearest_folder_with_a_config_file_wins(tmp_path):
    (tmp_path / "nbcraft.json").write_text("{}")
    inner = tmp_path / "sub" / "notebooks"
    inner.mkdir(parents=True)
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_root(inner) == (tmp_path / "sub").resolve()
    assert find_root(tmp_path) == tmp_path.resolve()


def test_a_folder_named_like_a_config_file_is_no_config(tmp_path):
    (tmp_path / "nbcraft.json").write_text("{}")
    inner = tmp_path / "work"
    (inner / "nbcraft.json").mkdir(parents=True)
    assert find_root(inner) == tmp_path.resolve()


def test_without_any_config_the_start_folder_itself(tmp_path):
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    # tmp_path's parents (/tmp, /) hold no nbcraft.json or pyproject.toml on a test machine;
    # if one did, the answer would be that folder, which is what a user would get too
    found = find_root(start)
    assert (
        found == start.resolve()
        or (found / "nbcraft.json").is_file()
        or (found / "pyproject.toml").is_file()
    )
