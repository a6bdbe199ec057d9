"""How long ``jupyter nbcraft reproduce --env rebuild`` takes to build an environment from a
run's lock, per installer (prints numbers; not a test).

    .venv/bin/python bench/reproduce-rebuild-bench.py [--repeat 3] [--lock FILE]

The lock is, by default, ipykernel and everything it needs at this environment's versions
(the smallest environment a kernel starts in, about 30 packages); ``--lock`` takes a
``requirements.lock`` of a real run instead. Variants, each building into a fresh folder
with nbcraft.provenance.rebuild.build_environment (what reproduce calls):
- ``uv, warm cache``: uv venv + uv pip install, with uv's cache filled by a first build;
- ``uv, cold cache``: the same with an empty cache folder (every wheel downloaded from PyPI);
- ``pip, warm cache``: python -m venv + pip install, with pip's cache.
Prints the median seconds per variant and the number of packages.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _scripts import load_script

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nbcraft.provenance.rebuild import build_environment
from nbcraft.provenance.record_reader import Lock


def closure(root: str) -> dict[str, str]:
    """The tests' helper (nbcraft/tests/provenance/reproduce_support.py): ``root``
    and what it needs."""
    path = REPO / "nbcraft" / "tests" / "provenance" / "reproduce_support.py"
    sys.path.insert(0, str(path.parent))  # it imports record_support by name, as under pytest
    return load_script("reproduce_support", path).requirement_closure(root)


def build(lock: Lock, installer: str, env: dict[str, str]) -> float:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with tempfile.TemporaryDirectory(prefix="nbcraft-rebuild-bench-") as tmp:
            started = time.monotonic()
            build_environment(lock, Path(tmp) / "venv", installer=installer)
            return time.monotonic() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lock", type=Path, default=None)
    args = parser.parse_args()
    if args.lock:
        lock = Lock.parse(args.lock.read_text())
    else:
        text = "\n".join(f"{n}=={v}" for n, v in sorted(closure("ipykernel").items()))
        lock = Lock.parse(text)
    print(f"lock: {len(lock.requirements)} packages; {args.repeat} builds per variant")
    build(lock, "uv", {})  # fills uv's cache
    cold_dir = tempfile.mkdtemp(prefix="nbcraft-uv-cold-")
    variants = {
        "uv, warm cache": ("uv", {}),
        "uv, cold cache": ("uv", {"UV_CACHE_DIR": cold_dir}),
        "pip, warm cache": ("pip", {}),
    }
    try:
        for name, (installer, env) in variants.items():
            times = []
            for _ in range(args.repeat):
                if installer == "uv" and env:
                    shutil.rmtree(cold_dir, ignore_errors=True)
                times.append(build(lock, installer, env))
            print(f"{name:<16} median {statistics.median(times):6.1f} s  (runs: "
                  + ", ".join(f"{t:.1f}" for t in times) + ")")  # fmt: skip
    finally:
        shutil.rmtree(cold_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
