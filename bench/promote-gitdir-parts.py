"""How long the git folder check takes for a ``.git`` file naming a gitdir of many parts.

    .venv/bin/python bench/promote-gitdir-parts.py [--parts 25000,50000,100000,200000] [--repeat 3]

For each count N, a fresh folder holds ``.git`` reading ``gitdir: a/a/.../a`` (N parts, under
``GIT_FILE_MAX``) and ``src/``; times ``in_git_folder`` on ``src/m.py`` (the realpath of such a
gitdir was quadratic: 160k parts took 5.5 s). Prints, per N, the median and max in ms and the
ms per 1,000 parts, which stays flat when the check is linear. Was an assertion of < 1.0 s in
nbcraft/tests/promote/test_git_folder.py, which keeps the functional check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time

from nbcraft.promote.git_folder import GIT_FILE_MAX, in_git_folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", default="25000,50000,100000,200000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("parts  median_ms  max_ms  ms_per_1k_parts")
    for parts in (int(n) for n in args.parts.split(",")):
        text = "gitdir: " + "a/" * parts + "\n"
        if len(text) > GIT_FILE_MAX:
            print(f"{parts}: over GIT_FILE_MAX ({GIT_FILE_MAX} bytes), skipped")
            continue
        root = tempfile.mkdtemp(prefix="nbcraft-gitdir-bench-")
        try:
            os.mkdir(os.path.join(root, "src"))
            with open(os.path.join(root, ".git"), "w") as f:
                f.write(text)
            target = os.path.join(os.path.realpath(root), "src", "m.py")
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                found = in_git_folder(target)
                times.append((time.perf_counter() - started) * 1000)
                assert not found, "a gitdir past PATH_MAX names no git folder"
            median = statistics.median(times)
            print(f"{parts:6d}  {median:9.1f}  {max(times):6.1f}  {median / parts * 1000:15.3f}")
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
