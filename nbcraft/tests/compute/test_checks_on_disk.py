"""Reachability checks never run a target's interpreter or Java: packages are looked for in
the environment's site-packages on disk, Java's version in its release file."""

from __future__ import annotations

import asyncio
import os
import sys

from nbcraft.compute.checks import java_status, python_has_modules


def make_venv(root, packages, python_target=sys.executable):
    """A venv-shaped folder whose bin/python links to a real Python (as venvs do)."""
    (root / "bin").mkdir(parents=True)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\n")
    os.symlink(python_target, root / "bin" / "python")
    site = root / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    for name in packages:
        parts = name.split(".")
        (site.joinpath(*parts)).mkdir(parents=True)
    return str(root / "bin" / "python")


def test_a_venv_of_the_same_base_python_is_judged_by_its_own_packages(tmp_path):
    """Two venvs link to one base Python: the check must not take the server's packages for
    the target's."""
    python = make_venv(tmp_path / "other", ["grpc", "google/rpc"])
    found = asyncio.run(python_has_modules(python, ("pyspark", "grpc", "google.rpc")))
    assert found == {"pyspark": False, "grpc": True, "google.rpc": True}


def test_an_interpreter_script_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    script = tmp_path / "venv" / "bin" / "python"
    script.parent.mkdir(parents=True)
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    answer = asyncio.run(python_has_modules(str(script), ("pyspark",)))
    assert "cannot tell which packages" in answer
    assert not marker.exists()
    plain = tmp_path / "notexec"
    plain.write_text("")
    assert "not an executable" in asyncio.run(python_has_modules(str(plain), ("pyspark",)))
    assert "does not exist" in asyncio.run(python_has_modules(str(tmp_path / "no"), ("x",)))


def test_java_version_comes_from_the_release_file(tmp_path):
    jdk = tmp_path / "jdk"
    (jdk / "bin").mkdir(parents=True)
    java = jdk / "bin" / "java"
    java.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\n")
    java.chmod(0o755)
    (jdk / "release").write_text('IMPLEMENTOR="x"\nJAVA_VERSION="11.0.2"\n')
    assert java_status(str(java)) == (
        11,
        "Java 11 found; Spark 4 needs Java 17+: apt-get install -y openjdk-17-jre-headless",
    )
    (jdk / "release").write_text('JAVA_VERSION="17.0.15"\n')
    assert java_status(str(java)) == (17, "Java 17")
    (jdk / "release").unlink()
    assert java_status(str(java))[0] is None
    assert not (tmp_path / "ran").exists()
