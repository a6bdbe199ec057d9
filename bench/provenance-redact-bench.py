"""What the history costs at a run's start in a long session: redacting the cells run so far.

    .venv/bin/python bench/provenance-redact-bench.py [--executions 5000] [--size 2400] [--repeat 3]
        [--families-only] [--family LABEL]

Every ``mlflow.start_run()`` takes ``nbcraft/history.json`` (every cell run in the kernel so
far, credentials redacted) and the digest ``nbcraft.notebook.executed.sha256`` (of the same
redacted sources) inside the user's cell; the run's end takes the history again. This times
the kernel recorder's own code for that (``KernelRecorder.history`` and
``KernelRecorder.executed_record``, as ``_start_record`` calls them), in this process, for
``--executions`` distinct cells of about ``--size`` characters of ordinary notebook code
(imports, paths, f-strings, dicts of strings, one credential in every 50th cell):

- per cell: what the recorder spends in each of those cells (IPython's ``pre_run_cell`` and
  ``post_run_cell`` hooks; mlflow is not imported, so no run is looked for);
- first start: the first run of the session, after all those cells ran;
- next start: one more cell, then another run (what every later run in the session costs);
- end: the same run's end (the history again, with no new cell).

Then single cells of the shapes that cost the most (a 4 MB base64 literal, a 5 MB csv
literal, a 20 KB identifier repeating ``token``): what the recorder spends in the cell, and
the cell's redaction.

First, each credential family sessions 21 and 22 read (a query's ``key=``, a literal's
``.__add__``, a secret by position, a format given to curl, a name bound again, a secret in a
comment, ...) as one cell at 10 KB, 100 KB and 1 MB: a cell's redaction must grow linearly. Prints medians in ms over ``--repeat`` fresh recorders. No kernel and no MLflow: this is the
part of the start that grows with the session's length.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nbcraft.provenance.record import context, kernel

TOKEN = "dapi" + "0123456789abcdef" * 2


def cell(i: int, size: int) -> str:
    """About ``size`` characters of notebook code, different for every ``i``."""
    lines = [
        "import pandas as pd",
        "import numpy as np",
        f"path = 'data/part-{i:05d}.csv'",
        "df = pd.read_csv(path, sep=',', encoding='utf-8')",
        f"print(f'{{len(df)}} rows in {{path!r}} (cell {i})')",
    ]
    if i % 50 == 0:
        lines.append(f"os.environ['DATABRICKS_TOKEN'] = '{TOKEN}'")
        lines.append('db_password = "hunter2"')
    n = 0
    while sum(len(line) + 1 for line in lines) < size:
        lines.append(
            f"features_{n} = {{'name': 'feature_{i}_{n}', 'kind': \"numeric\", 'scale': {n}.5}}"
        )
        lines.append(f"df['col_{n}'] = df['col_{n}'].fillna(0) * features_{n}['scale']  # {i}")
        n += 1
    return "\n".join(lines)[:size]


def session(sources: list[str]) -> tuple[kernel.KernelRecorder, list[float]]:
    """A recorder that saw ``sources`` run as IPython calls it (``pre_run_cell`` and
    ``post_run_cell`` of each cell); with what it spent in each cell, in ms."""
    shell = types.SimpleNamespace(history_manager=None, execution_count=1)
    rec = kernel.KernelRecorder(shell)
    spent = []
    for source in sources:
        spent.append(run_cell(rec, source))
    return rec, spent


def run_cell(rec: kernel.KernelRecorder, source: str) -> float:
    rec.shell.execution_count += 1  # IPython 9 counts the cell before pre_run_cell
    info = types.SimpleNamespace(store_history=True, raw_cell=source, cell_id=None)
    result = types.SimpleNamespace(execution_count=_count(rec), info=info)
    start = time.perf_counter()
    rec.pre_run_cell(info)
    rec.post_run_cell(result)
    return (time.perf_counter() - start) * 1000


def _count(rec: kernel.KernelRecorder) -> int:
    return kernel._count_of_running_cell(rec.shell)


def take(rec: kernel.KernelRecorder, nb: dict) -> float:
    """What ``_start_record`` does with the history, timed."""
    start = time.perf_counter()
    runs = rec.executions()
    record = context.StartRecord()
    record.artifacts["notebook.ipynb"] = __import__("json").dumps(nb).encode()
    record.artifacts["history.json"] = rec.history(runs)
    rec.executed_record(record, runs)
    return (time.perf_counter() - start) * 1000


def shapes() -> dict[str, str]:
    """Single cells that cost the most to redact (the attack review's), each made here."""
    import base64
    import random

    rng = random.Random(7)
    blob = base64.b64encode(rng.randbytes(3_000_000)).decode()
    return {
        "4 MB base64 literal": f"img = '{blob}'",
        "5 MB csv in a triple-quoted literal": 'rows = """' + "1,2,3,abc\n" * 500_000 + '"""',
        "1.2 MB of small literals": "\n".join(f'x{i} = "value{i}abc"' for i in range(50_000)),
        "20 KB identifier of repeated token": "token" * 4000 + " = 1",
        "100 KB line without a quote": "a" * 100_000,
    }


def single_cells(repeat: int) -> None:
    """Per shape: what the recorder spends in the cell with MLflow not imported (it redacts
    nothing then) and the cell's redaction itself (once, when a run first needs it)."""
    print("single cells (median ms over --repeat):")
    for label, source in shapes().items():
        in_cell, redacting = [], []
        for _ in range(repeat):
            rec, spent = session([source])
            in_cell.append(spent[0])
            start = time.perf_counter()
            _ = rec.executions()[0].redacted
            redacting.append((time.perf_counter() - start) * 1000)
        print(
            f"  {label:38s} in the cell {statistics.median(in_cell):8.1f}"
            f"   redacted {statistics.median(redacting):8.1f}"
        )


# session 21's families, each a line repeated to a cell's size (its redaction must stay linear)
FAMILIES = {
    "query key/sig": "requests.get('https://h/x?a=1&key=S3CRETabc&sig=S3CRETabc')\n",
    "f-string field beside a scheme": "h = 'Bearer ' f'{\"S3CRETabc\"}'\n",
    "format keyword field": "h = 'Bearer {t}'.format(t='S3CRETabc')\n",
    "literal .__add__": "h = 'Bearer '.__add__('S3CRETabc')\n",
    "kaggle -n key -v": "!kaggle config set -n key -v S3CRETabc\n",
    "echo pair | base64": "!echo -n 'u:S3CRETpw' | base64\n",
    "positional secret": "smtp.login('me@x', 'S3CRETpw')\n",
    "format given to curl -u": "subprocess.run(['curl', '-u', 'u:%s' % 'S3CRETpw', 'https://h'])\n",
    "bound, then !curl -u $u": "u = 'u:%s' % 'S3CRETpw'\n!curl -u $u https://h\n",
    # (a cell that does not parse whole: read piece by piece, and a broken piece line by line)
    "positional, Python 2 line in cell": "print 'a'\nsmtp.login('me@x', 'S3CRETpw')\n",
    "positional, unclosed call per line": "smtp.login('me@x', 'S3CRETpw'\n",
    "git credential approve": "subprocess.run(['git', 'credential', 'approve'], input=x)\n",
    "triple-quoted input to -K -": "run(['curl', '-K', '-'], input="
    + "'" * 3
    + "user = u:S3CRETpw"
    + "'" * 3
    + ")\n",
    # session 22's
    "rebound, then !curl -u $u": "u = 'g:g'\nu = 'u:S3CRETpw'\n!curl -u $u https://h\n",
    "tuple/annotated bound": "u, h = 'u:S3CRETpw', 'h'\nv: str = 'v:S3CRETpw'\n!curl -u $u -u $v h\n",
    "set_password / boto3 client": "u.set_password('S3CRETpw')\n"
    "s.client('s3', None, None, True, None, None, 'AKIAX', 'S3CRETpw')\n",
    "query auth/appid, key= paths": "get('https://h/x?auth=S3CRETpw&appid=S3CRETpw"
    "&key=data/train.csv&q=London')\n",
    "hex value in a query": "get('https://h/x?q=London&v=0123456789abcdef0123456789abcdef')\n",
    ".__add__((x)) / .strip()": "h = 'Bearer '.__add__(('S3CRETabc'))\n"
    "h = 'Bearer '.__add__('S3CRETabc'.strip())\n",
    "$(echo pair | base64)": "!AUTH=$(echo -n 'u:S3CRETpw' | base64)\n",
    "comment password: x": "x = 1  # password: S3CRETpw (ask Bob)\n",
    # session 22's attack review (RV6): bindings read with ast, names through names, comments
    # found past strings' quotes and ``#``
    "chained / ; / starred bound": "h = u = 'u:S3CRETpw'\nx = 1; v = 'v:S3CRETpw'\n"
    "a, *b, w = 1, 2, 'w:S3CRETpw'\n!curl -u $u -u $v -u $w h\n",
    "+= / := / for bound": "u = 'u'\nu += ':S3CRETpw'\nprint(v := 'v:S3CRETpw')\n"
    "for w in ['w:S3CRETpw']:\n    !curl -u $u -u $v -u $w h\n",
    "bound through a name": "p = 'S3CRETpw'\nu = f'admin:{p}'\n!curl -u $u h\nuser.set_password(p)\n",
    "str.__add__ / .upper()": "h = str.__add__('Bearer ', 'S3CRETabc')\n"
    "h = 'Bearer '.__add__('S3CRETabc'.strip().upper())\n",
    "botocore create_client": "s.create_client('s3', 'r', None, True, None, None, 'AKIAX', 'S3CRETpw')\n",
    "$( | never closed, per line": "!X=$(echo 'u:S3CRETpw' | base64\n",
    "comment past a string's ' and #": 'x = "don\'t #"  # password: S3CRETpw\n',
    "comment prose / token shape": "# token: must be set in env\n"
    "# stripe_key = sk_live_51HxYzAbCdEfGh1234567890\n",
}
# the same families' worst shapes on one line: many ``-s`` arguments, ``.__add__(`` nested
NESTED = {
    "%%bash -s with many arguments": lambda n: "%%bash -s " + '"S3CRETpw" ' * (n // 11) + "\n",
    "nested .__add__(": lambda n: "h = " + "'a'.__add__(" * (n // 12) + "'b'" + ")" * (n // 12),
    "many f-string literal fields": lambda n: "h = 'Bearer ' f'" + '{"x"}' * (n // 5) + "'",
    "many bound names, each used 20x": lambda n: _bound_uses(n),
    # (session 22's: one name bound under branches many times, then used many times; an
    # ``.__add__(`` with brackets never closed; ``$(`` with pipes never closed; a comment
    # line of credential names; a plain-looking ``key=`` value that fails at its end)
    "one name rebound in branches, used": lambda n: (
        "if x:\n    u = 'u:S3CRETpw'\n" * (n // 50) + "!curl -u $u h\n" * (n // 30)
    ),
    ".__add__( with ((( unclosed": lambda n: "h = 'a'.__add__(" + "(" * n + "'b'",
    "$( with | never closed": lambda n: "!x=$(echo a" + " | base64" * (n // 9),
    "comment of password: words": lambda n: "# " + "password: x " * (n // 12) + "\n",
    "key= value a_a_..._A1b": lambda n: "get('https://h/x?key=" + "a_" * (n // 2) + "A1b')",
    # (RV6's: quotes that never close before a comment; a name doubled by ``+`` again and
    # again; a ``for`` over many literals; many names chained to one literal)
    "unclosed quotes, then # pw:": lambda n: "x = " + "'\\" * (n // 2) + " # password: S3CRETpw",
    "a = a + a, again and again": lambda n: (
        "a = 'x'\n" + "a = a + a\n" * (n // 10) + "!curl -u $a h\n"
    ),
    "for over many literals": lambda n: (
        "for u in [" + "'u:S3CRETpw', " * (n // 14) + "]:\n    !curl -u $u h\n"
    ),
    "chained targets": lambda n: (
        "".join(f"u{i} = " for i in range(n // 8)) + "'u:S3CRETpw'\n" + "!curl -u $u0 h\n"
    ),
    # (session 23's: a name chosen in a long if/elif chain and used once: every branch read)
    "if/elif chain of one name, one use": lambda n: (
        "".join(
            f"{'el' if i else ''}if x == {i}:\n    u = 'u{i}:S3CRETpw'\n" for i in range(n // 40)
        )
        + "!curl -u $u h\n"
    ),
    # (RV8's: that chain used on a long line, its ``auth=(`` far from the use; then single
    # capitals joined, failing at the end: a key= word read two ways was 2^n)
    "if/elif chain, auth=( far from use": lambda n: (
        "".join(
            f"{'el' if i else ''}if x == {i}:\n    t = 'pw{i}:S3CRETpw'\n" for i in range(n // 80)
        )
        + "r = get(u, auth=(env('"
        + "U" * (n // 2)
        + "'), t))\n"
    ),
    "key= 'A-A-...A~' in a call": lambda n: "c = Client(key='" + "A-" * (n // 2) + "A~')",
    "comment password: A/A/...A~": lambda n: "# password: " + "A/" * (n // 2) + "A~",
    "comment password: d/aaa...aX": lambda n: "# password: d/" + "a" * n + "X",
    "url ?key=A1-A1-...A1~": lambda n: "get('https://h/x?key=" + "A1-" * (n // 3) + "A1~')",
}


def _bound_uses(n: int) -> str:
    """Names each bound to a literal, then each used on its own lines and all on one line (the
    bound-name reader's cap is per name and per line)."""
    names = [f"v{i}" for i in range(max(1, n // 400))]
    binds = "".join(f"{v} = 'admin:S3CRETpw{v}'\n" for v in names)
    uses = "".join(f"print({v}, 1)\n" for v in names) * 20
    return binds + uses + "run(" + ", ".join(names) + ")\n"


def families(sizes: list[int], only: str = "") -> None:
    """Each family's cell (those whose label holds ``only``) at each size: ``redact`` once
    (ms), median of 3."""
    from nbcraft.provenance.record.redact import redact

    print("families (redact, median ms of 3):" + "".join(f"{n // 1000:>9d} KB" for n in sizes))
    shapes = {k: (lambda n, line=v: line * (n // len(line) + 1)) for k, v in FAMILIES.items()}
    for label, make in {**shapes, **NESTED}.items():
        if only not in label:
            continue
        row = []
        for n in sizes:
            source = make(n)
            times = []
            for _ in range(3):
                start = time.perf_counter()
                redact(source)
                times.append((time.perf_counter() - start) * 1000)
            row.append(statistics.median(times))
        print(f"  {label:32s}" + "".join(f"{t:12.1f}" for t in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=5000)
    parser.add_argument("--size", type=int, default=2400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--families-only", action="store_true", help="only the families")
    parser.add_argument("--family", default="", help="only the families whose label holds this")
    args = parser.parse_args()
    if "mlflow" in sys.modules:
        sys.exit("run without mlflow imported: the per-cell numbers are a kernel's without a run")
    families([10_000, 100_000, 1_000_000], args.family)
    if args.families_only:
        return
    single_cells(args.repeat)
    sources = [cell(i, args.size) for i in range(args.executions)]
    nb = {"cells": [{"cell_type": "code", "id": "c1", "source": sources[-1]}]}
    first, following, end, per_cell = [], [], [], []
    for _ in range(args.repeat):
        rec, spent = session(sources)
        per_cell.append(statistics.median(spent))
        first.append(take(rec, nb))
        run_cell(rec, cell(args.executions, args.size))
        following.append(take(rec, nb))
        end.append(take(rec, nb))
    mb = sum(len(s) for s in sources) / 1e6
    print(f"history of {args.executions} executions of {args.size} characters ({mb:.1f} MB):")
    print(
        f"     per cell: median {statistics.median(per_cell):8.3f} ms (pre_run_cell + post_run_cell)"
    )
    print(f"  first start: median {statistics.median(first):8.1f} ms over {args.repeat}")
    print(f"   next start: median {statistics.median(following):8.1f} ms over {args.repeat}")
    print(f"          end: median {statistics.median(end):8.1f} ms over {args.repeat}")


if __name__ == "__main__":
    main()
