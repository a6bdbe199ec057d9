"""Promote must not change what a notebook computes: checked on real notebooks with a real kernel.

For each notebook under ``notebooks/`` (public notebooks that run offline; their sources are named
in their metadata), the original is executed once with nbclient. Then every code cell is
promoted with the real CLI (``nbcraft promote NB --cells N --module promoted/mN.py``) and the
promoted notebook is executed with the modules importable; every cell's text/plain, stream and
error outputs must equal the original run's. Some multi-cell ranges are promoted the same way
and every cell after them is compared.

To keep CI time low, one run promotes every code cell at once: the cells are promoted bottom-up,
one CLI call per cell, so each call plans against the notebook as the later promotions left it
(the strongest case: every promoted call cell feeds the next). When a run mismatches, its
promoted cells are re-run one at a time to name the culprit.

Normalisation (unavoidable, and only this): memory addresses (``0x7f...``), timings printed by
``%time``/``%timeit``, and the file:line prefix and indentation of warnings (the code now runs in
a module). Randomness is seeded once per kernel before the first cell (``np.random.seed(0)``,
``random.seed(0)``), identically for the original and the promoted runs, because some of these
notebooks draw from the global generators without a seed.

The share of cells promoted and refused (by reason) is printed and written to
``bench/results/promote-equivalence.txt``.
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
NOTEBOOKS = sorted((HERE / "notebooks").glob("*.ipynb"))
#: while debugging: NBCRAFT_EQUIVALENCE_ONLY=02.05 runs only the notebooks whose name contains it
ONLY = os.environ.get("NBCRAFT_EQUIVALENCE_ONLY", "")
CLI = REPO / "lint-rules" / "bin" / "nbcraft.js"
CLI_LIB = REPO / "lint-rules" / "lib" / "cli" / "promote.js"
RESULTS = REPO / "bench" / "results" / "promote-equivalence.txt"
#: at least this share of all code cells must be promoted (a planner that refuses everything
#: would otherwise pass trivially)
MIN_PROMOTED_SHARE = 0.6

pytestmark = pytest.mark.skipif(
    not CLI_LIB.exists(),
    reason="build lint-rules first: cd lint-rules && ../node_modules/.bin/tsc -b tsconfig.cli.json",
)

SETUP = (
    "import sys as _nbcraft_sys, random as _nbcraft_random\n"
    "_nbcraft_sys.path.insert(0, {root!r})\n"
    "import numpy as _nbcraft_np\n"
    "_nbcraft_np.random.seed(0); _nbcraft_random.seed(0)\n"
    "del _nbcraft_sys, _nbcraft_random, _nbcraft_np"
)

ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
TIMING = re.compile(r"^.*(per loop|CPU times|Wall time|slowest run took).*$", re.MULTILINE)
WARNING_AT = re.compile(r"^\S.*?:\d+: (\w*Warning)", re.MULTILINE)


def normalise(text: str) -> str:
    text = ADDRESS.sub("0x?", text)
    text = TIMING.sub("<timing>", text)
    text = WARNING_AT.sub(r"<file>: \1", text)
    return "\n".join(line.strip() for line in text.splitlines())


def comparable(outputs) -> list:
    """What must not change: streams, text/plain of results and displays, and errors."""
    raw = []
    for o in outputs:
        kind = o["output_type"]
        if kind == "stream":
            # consecutive chunks of one stream may be split differently between runs
            if raw and raw[-1][0] == "stream" and raw[-1][1] == o["name"]:
                raw[-1] = ("stream", o["name"], raw[-1][2] + o["text"])
            else:
                raw.append(("stream", o["name"], o["text"]))
        elif kind in ("execute_result", "display_data"):
            if "text/plain" in o.get("data", {}):
                raw.append(("data", o["data"]["text/plain"]))
        elif kind == "error":
            raw.append(("error", o["ename"], o["evalue"]))
    return [
        tuple(normalise(x) if i == len(item) - 1 else x for i, x in enumerate(item)) for item in raw
    ]


def execute(path: Path, root: Path) -> dict:
    """Runs the notebook at `path` in a fresh kernel; returns comparable outputs by cell id."""
    nb = nbformat.read(str(path), as_version=4)
    setup = nbformat.v4.new_code_cell(SETUP.format(root=str(root)))
    setup["id"] = "nbcraft-setup"
    nb.cells.insert(0, setup)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(root)}},
    )
    client.execute()
    return {
        c["id"]: comparable(c.get("outputs", [])) for c in nb.cells[1:] if c["cell_type"] == "code"
    }


def code_cells(path: Path) -> list[tuple[int, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (i, c["id"])
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and "".join(c["source"]).strip()
    ]


DRIVER = HERE / "promote_many.js"


def promote_bottom_up(root: Path, selections: list[list[int]]) -> list[tuple[list[int], int, str]]:
    """`nbcraft promote nb.ipynb --cells SPEC --module promoted/mN.py` per selection, last first.

    All calls run in one Node process (promote_many.js calls the CLI's own execute()).
    """
    ordered = sorted(selections, key=lambda s: -s[0])
    calls = []
    for sel in ordered:
        spec = f"{sel[0] + 1}-{sel[-1] + 1}" if len(sel) > 1 else str(sel[0] + 1)
        argv = [
            "promote",
            "nb.ipynb",
            "--cells",
            spec,
            "--module",
            f"promoted/m{sel[0] + 1}.py",
            "--tests",
            "tests",
        ]
        calls.append({"cwd": str(root), "argv": argv[1:]})
    proc = subprocess.run(
        ["node", str(DRIVER), str(CLI_LIB.parent)],
        input=json.dumps(calls),
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,  # the exit code is asserted below, with stderr
    )
    assert proc.returncode == 0, proc.stderr
    out = []
    for sel, res in zip(ordered, json.loads(proc.stdout)):
        if res["code"] not in (0, 1):
            raise AssertionError(
                f"nbcraft promote --cells {sel[0] + 1} exited {res['code']}: {res['stderr']}"
            )
        reason = ""
        if res["code"] == 1:
            m = re.search(r"\[([a-z-]+)\]\s*$", res["stderr"].strip().splitlines()[0])
            reason = m.group(1) if m else "unknown"
        out.append((sel, res["code"], reason))
    return out


def compile_outputs(root: Path) -> list[str]:
    """Every module and test file the CLI wrote must compile."""
    problems = []
    for py in list((root / "promoted").glob("*.py")) + list((root / "tests").glob("*.py")):
        try:
            compile(py.read_text(encoding="utf-8"), str(py), "exec")
        except SyntaxError as err:
            problems.append(f"{py.name}: {err}")
    return problems


def run_generated_tests(root: Path) -> tuple[int, str]:
    """Runs the test files the CLI wrote; returns pytest's exit code and its summary line."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "agg"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,  # the caller judges pytest's exit code
    )
    lines = [line for line in proc.stdout.strip().splitlines() if line.strip()]
    return proc.returncode, lines[-1] if lines else proc.stderr[-500:]


def run_batch(nb_path: Path, work: Path, selections: list[list[int]], original: dict) -> dict:
    """Promote each selection (bottom-up), execute, compare. Returns a result record."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(nb_path, work / "nb.ipynb")
    before = json.loads((work / "nb.ipynb").read_text(encoding="utf-8"))
    ids = [c["id"] for c in before["cells"]]
    promoted, refused = [], []
    for sel, code, reason in promote_bottom_up(work, selections):
        (promoted if code == 0 else refused).append((sel, reason))
    problems = compile_outputs(work)
    mismatches = []
    if promoted:
        after = execute(work / "nb.ipynb", work)
        # cells inside a promoted range (except its first, which becomes the call) are gone
        gone = {ids[i] for sel, _ in promoted for i in sel[1:]}
        ranged_calls = {ids[sel[0]] for sel, _ in promoted if len(sel) > 1}
        for cid, outs in original.items():
            if cid in gone or cid in ranged_calls:
                continue
            if cid not in after:
                mismatches.append(f"cell {cid} missing after promotion")
            elif after[cid] != outs:
                mismatches.append(
                    f"cell {ids.index(cid) + 1} ({cid}): expected {outs!r}, got {after[cid]!r}"
                )
    return {"promoted": promoted, "refused": refused, "mismatches": mismatches, "compile": problems}


def ranges_for(cells: list[tuple[int, str]], errored: set[str]) -> list[list[int]]:
    """Non-overlapping runs of 2 or 3 consecutive code cells, spread over the notebook.

    A run never has an erroring cell before its last one: cell by cell, Jupyter runs the cells
    after an error; one function would stop there (the planner warns about it), so such a run is
    not a program whose outputs could stay the same.
    """
    out = []
    k = 1
    size = 2
    while k + size <= len(cells):
        run = cells[k : k + size]
        if any(cid in errored for _, cid in run[:-1]):
            k += 1
            continue
        out.append(list(range(run[0][0], run[-1][0] + 1)))
        k += size + 4
        size = 5 - size  # 2, 3, 2, 3...
    return out


def check_notebook(nb_path: Path, tmp: Path) -> dict:
    root = tmp / nb_path.stem
    (root / "orig").mkdir(parents=True)
    shutil.copy(nb_path, root / "orig" / "nb.ipynb")
    original = execute(root / "orig" / "nb.ipynb", root / "orig")
    cells = code_cells(nb_path)
    record = {"notebook": nb_path.name, "code_cells": len(cells), "singles": [], "ranges": None}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        singles = pool.submit(
            run_batch, nb_path, root / "singles", [[i] for i, _ in cells], original
        )
        errored = {cid for cid, outs in original.items() if any(o[0] == "error" for o in outs)}
        ranges = pool.submit(
            run_batch, nb_path, root / "ranges", ranges_for(cells, errored), original
        )
        record["singles"].append(singles.result())
        record["ranges"] = ranges.result()
    # the generated tests: every signature test passes, every characterization test is skipped
    # (no kernel values on the command line), nothing fails
    code, summary = run_generated_tests(root / "singles")
    record["pytest"] = (code, summary)
    # name the culprit of a mismatching batch: re-run its promoted cells one at a time
    for r, res in enumerate(record["singles"]):
        if res["mismatches"]:
            res["culprits"] = []
            first_bad = (
                min(
                    int(m.split()[1])
                    for m in res["mismatches"]
                    if m.startswith("cell ") and m.split()[1].isdigit()
                )
                if any(m.split()[1].isdigit() for m in res["mismatches"])
                else 10**9
            )
            suspects = [p for p in res["promoted"] if p[0][0] + 1 <= first_bad][-6:]
            for sel, _ in suspects:
                alone = run_batch(nb_path, root / f"alone{sel[0]}", [sel], original)
                if alone["mismatches"]:
                    res["culprits"].append((sel[0] + 1, alone["mismatches"][:2]))
    return record


def report(records: list[dict]) -> str:
    lines = [
        "nbcraft promote: equivalence on real notebooks (nbcraft/tests/promote/test_equivalence.py)",
        "",
    ]
    lines.append(f"{'notebook':<52} {'code':>5} {'promoted':>9} {'refused':>8} {'ranges ok':>10}")
    total = promoted = 0
    reasons: collections.Counter = collections.Counter()
    range_total = range_promoted = 0
    for rec in records:
        p = sum(len(s["promoted"]) for s in rec["singles"])
        r = sum(len(s["refused"]) for s in rec["singles"])
        for s in rec["singles"]:
            reasons.update(reason for _, reason in s["refused"])
        rp = len(rec["ranges"]["promoted"])
        rt = rp + len(rec["ranges"]["refused"])
        total += rec["code_cells"]
        promoted += p
        range_total += rt
        range_promoted += rp
        lines.append(
            f"{rec['notebook']:<52} {rec['code_cells']:>5} {p:>9} {r:>8} {f'{rp}/{rt}':>10}"
        )
    lines.append("")
    share = promoted / total if total else 0.0
    lines.append(
        f"single cells: {promoted}/{total} promoted ({share:.1%}), {total - promoted} refused ({1 - share:.1%})"
    )
    for reason, n in reasons.most_common():
        lines.append(f"  refused, {reason}: {n} ({n / total:.1%})")
    lines.append(f"multi-cell ranges: {range_promoted}/{range_total} promoted")
    mism = sum(len(s["mismatches"]) for rec in records for s in rec["singles"] + [rec["ranges"]])
    lines.append(f"output mismatches after promotion: {mism}")
    return "\n".join(lines) + "\n"


@pytest.mark.timeout(900)
def test_promoted_notebooks_compute_the_same_outputs(tmp_path):
    assert len(NOTEBOOKS) >= 10, "the equivalence set needs at least 10 notebooks"
    chosen = [nb for nb in NOTEBOOKS if ONLY in nb.name]
    # two notebooks at a time: kernels mostly wait, and CI machines have two cores
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        records = list(pool.map(lambda nb: check_notebook(nb, tmp_path), chosen))
    text = report(records)
    if not ONLY:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
    print("\n" + text)

    failures = []
    for rec in records:
        for s in rec["singles"] + [rec["ranges"]]:
            failures += [f"{rec['notebook']}: {m}" for m in s["compile"]]
            if s["mismatches"]:
                failures.append(
                    f"{rec['notebook']}: {s['mismatches'][:3]} culprits={s.get('culprits')}"
                )
    for rec in records:
        code, summary = rec["pytest"]
        promoted = len(rec["singles"][0]["promoted"])
        expected = f"{promoted} passed, {promoted} skipped"
        if code != 0 or expected not in summary:
            failures.append(
                f"{rec['notebook']}: generated tests: expected {expected!r}, got {summary!r} (exit {code})"
            )
    assert not failures, "\n".join(failures)
    total = sum(r["code_cells"] for r in records)
    promoted = sum(len(s["promoted"]) for r in records for s in r["singles"])
    assert promoted / total >= MIN_PROMOTED_SHARE, text
    assert sum(len(r["ranges"]["promoted"]) for r in records) > 0, (
        "no multi-cell range was promoted"
    )
