"""What ``GET /nbcraft/promote/existing``'s link check costs for deep paths.

    .venv/bin/python bench/promote-existing-links.py [--depth 500] [--paths 20] [--repeat 5]

Makes a folder ``--depth`` names deep in a fresh root and times ``_link_refusal`` (on POSIX
the walk from the root down by descriptor, then the git folder check walking down from the file
system's root the same way; elsewhere ``lstat`` of each prefix and ``realpath``) for
``--paths`` new files at its bottom, as one request of the route asks. Prints the median, min
and max in ms. The check runs in a thread, off the server's event loop.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
import types

from nbcraft.promote.handlers import _link_refusal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--depth", type=int, default=500)
    parser.add_argument("--paths", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="nbcraft-bench-links-")
    try:
        _make_deep(root, args.depth)  # os.makedirs recurses once a level: RecursionError
        cm = types.SimpleNamespace(root_dir=root, _get_os_path=lambda path: path)
        paths = ["/".join(["d"] * args.depth + [f"f{i}.py"]) for i in range(args.paths)]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for path in paths:
                if _link_refusal(cm, path) is not None:
                    raise SystemExit(f"{path} refused: the bench measures a path that is not")
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{args.paths} paths x {args.depth} folders deep: median"
            f" {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f}"
        )
    finally:
        _remove_deep(root, args.depth)


def _make_deep(root: str, depth: int) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            below = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = below
    finally:
        os.close(fd)


def _remove_deep(root: str, depth: int) -> None:
    """``root`` and the chain of ``d`` folders in it, bottom up (shutil.rmtree recurses)."""
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(depth):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        for fd in reversed(fds):
            for name in os.listdir(fd):
                if name != "d":
                    os.unlink(name, dir_fd=fd)
        for parent in reversed(fds[:-1]):
            os.rmdir("d", dir_fd=parent)
    finally:
        for fd in fds:
            os.close(fd)
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
