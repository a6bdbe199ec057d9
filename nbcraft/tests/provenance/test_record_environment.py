"""The environment record without a kernel: the distribution list is cached until a folder on
``sys.path`` changes (as ``%pip install`` changes site-packages), local installs are comments,
and the project's lock file is found from the notebook's folder up to the repository root."""

from __future__ import annotations

import json
import os
import sys
import time

from nbcraft.provenance.record import environment


def _dist(site, name, version, direct_url=None):
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if direct_url:
        (info / "direct_url.json").write_text(json.dumps(direct_url))


def test_the_list_is_cached_until_site_packages_change(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    first = environment.lock_text()
    assert environment.lock_text() is first  # cached: nothing changed
    assert "zz-nbcraft-probe==" not in first
    time.sleep(0.01)
    _dist(site, "zz-nbcraft-probe", "1.2.3")
    _dist(site, "Zz_Local.Thing", "0.1", {"url": "file:///src/thing", "dir_info": {}})
    os.utime(site)  # as installing a distribution does to its folder
    second = environment.lock_text()
    assert second is not first
    lines = second.splitlines()
    assert "zz-nbcraft-probe==1.2.3" in lines
    assert "# Zz_Local.Thing==0.1 (local: file:///src/thing)" in lines
    local = lines.index("# Zz_Local.Thing==0.1 (local: file:///src/thing)")
    assert local < lines.index("zz-nbcraft-probe==1.2.3")  # by normalized name: zz-local-thing


def test_the_lock_file_is_the_nearest_one_in_the_documented_order(tmp_path):
    repo = tmp_path / "repo"
    notebooks = repo / "analysis" / "nb"
    notebooks.mkdir(parents=True)
    (repo / "uv.lock").write_text("")
    (repo / "analysis" / "requirements-dev.txt").write_text("")
    (repo / "analysis" / "requirements.txt").write_text("")
    (repo / "analysis" / "environment.yml").write_text("")
    found = environment.find_lockfile(str(notebooks), str(repo))
    assert found == str(repo / "analysis" / "requirements-dev.txt")  # requirements*.txt, sorted
    (repo / "analysis" / "poetry.lock").write_text("")
    assert environment.find_lockfile(str(notebooks), str(repo)) == str(
        repo / "analysis" / "poetry.lock"
    )
    assert environment.find_lockfile(str(repo), str(repo)) == str(repo / "uv.lock")
    assert environment.find_lockfile(str(tmp_path), str(repo)) is None  # above the repository


def test_a_local_installs_url_is_written_without_its_credentials(tmp_path, monkeypatch):
    # pip records the URL it was given (PEP 610 direct_url.json): a token in it would reach
    # requirements.lock, an MLflow artifact anyone with access to the run can read
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    secret = "ghp_S3CRETabcdefabcdefabcdefabcdefabcdef"
    _dist(site, "zz-fake-vcs", "1.0", {"url": f"https://{secret}@github.com/org/fakepkg"})
    _dist(site, "zz-fake-ssh", "2.0", {"url": f"ssh://{secret}@github.com/org/other.git"})
    _dist(site, "zz-fake-bad", "3.0", {"url": f"https://[{secret}@github.com/x"})  # no IPv6 end
    _dist(site, "zz-fake-port", "4.0", {"url": f"https://x:y@github.com:{secret}/x"})
    os.utime(site)
    lines = environment.lock_text().splitlines()
    assert "# zz-fake-vcs==1.0 (local: https://github.com/org/fakepkg)" in lines
    assert "# zz-fake-ssh==2.0 (local: ssh://github.com/org/other.git)" in lines
    assert "# zz-fake-bad==3.0 (local: unknown)" in lines
    # a port that is no number (a pasted token): no address is written, not another one
    assert "# zz-fake-port==4.0 (local: unknown)" in lines
    assert secret not in "\n".join(lines)
