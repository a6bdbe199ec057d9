"""A project folder's own ``.git/config`` must not run anything when a run records its commit:
``core.fsmonitor`` (run by ``git status``), clean/smudge filters and textconv drivers (run by
``git diff``), external diff drivers and hooks. A real repository whose config names commands
that leave a marker file; recording must leave none and still say the tree is dirty.
"""

from __future__ import annotations

from record_support import git

from nbcraft.provenance.record.git import git_state, strip_credentials, tracked_diff


def test_a_repositorys_config_runs_no_command_while_recording(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    markers = tmp_path / "markers"
    markers.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("*.txt filter=evil diff=evil\n")
    (repo / "notes.txt").write_text("one\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    for key, name in (
        ("core.fsmonitor", "fsmonitor"),
        ("filter.evil.clean", "clean"),
        ("filter.evil.smudge", "smudge"),
        ("filter.evil.process", "process"),
        ("diff.evil.textconv", "textconv"),
        ("diff.external", "external"),
        ("core.pager", "pager"),
    ):
        git(repo, "config", key, f"touch {markers / name}; cat")
    git(repo, "config", "filter.evil.required", "true")
    (repo / ".git" / "hooks" / "post-index-change").write_text(f"#!/bin/sh\ntouch {markers}/hook\n")
    (repo / ".git" / "hooks" / "post-index-change").chmod(0o755)
    (repo / "notes.txt").write_text("two\n")

    state = git_state(str(repo))
    diff, truncated = tracked_diff(str(repo))

    assert sorted(p.name for p in markers.iterdir()) == []
    assert state.problem is None and state.dirty is True and state.branch == "main"
    assert b"-one\n+two\n" in diff and not truncated


def test_credentials_are_stripped_from_the_origin_url():
    assert strip_credentials("https://u:p@host.example/a/b.git") == "https://host.example/a/b.git"
    assert strip_credentials("https://ghp_tokenvalue@github.com/o/r") == "https://github.com/o/r"
    assert strip_credentials("https://host:8443/r.git?private_token=x") == "https://host:8443/r.git"
    assert strip_credentials("ssh://git@host/r.git") == "ssh://git@host/r.git"
    assert strip_credentials("ssh://git:pw@host/r.git") == "ssh://host/r.git"
    assert strip_credentials("git@github.com:o/r.git") == "git@github.com:o/r.git"
    assert strip_credentials("ssh://gitolite@host/r.git") == "ssh://gitolite@host/r.git"


def test_a_token_used_as_the_ssh_login_name_is_stripped():
    # only a plain login name (git, gitolite, alice) is kept: a token pasted there is a secret
    token = "ghp_S3CRETabcdefabcdefabcdefabcdefabcdef"
    assert strip_credentials(f"ssh://{token}@github.com/o/r.git") == "ssh://github.com/o/r.git"
    assert strip_credentials("ssh://glpat-Ab1Cd2Ef3Gh4@gitlab.com/o/r") == "ssh://gitlab.com/o/r"
    assert strip_credentials("ssh://%67it@host/r") == "ssh://host/r"  # escaped: not plain
