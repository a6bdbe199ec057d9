"""What redacting curl's and HTTPie's credentials costs on long cells (the recorder does it after
every cell, the server on its event loop), and what the URL scrubbers of ``tracking.errors`` cost
on long texts (an MLflow error body, an untrusted project's tracking URI): each shape repeated n
and 2n times.

    .venv/bin/python bench/provenance-redact-curl-bench.py [--n 20000] [--check 3]

Prints the best of 3 in ms and the ratio (about 2 when linear, 4 when quadratic); with
``--check R`` exits 1 when a ratio is above R (of shapes taking 20 ms or more at n).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbcraft.provenance.record.redact import redact
from nbcraft.tracking.errors import scrub, urls_shown, without_userinfo

SHAPES = ["curl;", "curl ", "!curl -u a:b;", "x/curl/", "['curl', ", "pip install curl curl ",
          "curl \\\n", "curl -u a:{x};",
          # HTTPie, a URL's glued &, -d's fields, --cert's drive and escapes, a header
          "!http -a a:b;", "http ", "curl https://x?a=1&", "curl -d password=x&a=1&",
          "curl -E C:\\x\\:y:p;", "curl -H 'X-Api-Key: k';", "https -A bearer -a t ",
          "curl -d '{\"password\": \"x\", ", "curl -d a='b'&password='c'&",
          # escaped quotes that never close (redact's string literals: each read to the line's end)
          "\\'", '\\"', "\\'''"]  # fmt: skip
# tracking.errors' URL scrubbers: a scheme's run of letters, a user-info without @, a password
# with / that never ends, a query
URL_SHAPES = ["a://:", "a", "a1", "a://a:", "a://a:b/", "x://u:p/", "a://@", "https://h/x?q "]
URL_SCRUBBERS = [scrub, without_userinfo, urls_shown]
NOISE_MS = 20  # --check leaves out shapes faster than this at n (a busy machine's noise)


def best(text: str, function=redact) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--check", type=float, default=None, help="exit 1 above this ratio")
    args = parser.parse_args()
    n = args.n
    cases = [(redact, shape) for shape in SHAPES]
    cases += [(f, shape) for f in URL_SCRUBBERS for shape in URL_SHAPES]
    worst = 0.0
    for function, shape in cases:
        small, large = best(shape * n, function), best(shape * 2 * n, function)
        ratio = large / max(small, 1e-3)
        if small >= NOISE_MS:
            worst = max(worst, ratio)
        print(
            f"{function.__name__:16} {shape!r:26} x{n}: {small:8.1f} ms  x{2 * n}: {large:8.1f} ms"
            f"  ratio {ratio:.2f}"
        )
    if args.check is not None and worst > args.check:
        print(f"worst ratio {worst:.2f} > {args.check}")
        sys.exit(1)


if __name__ == "__main__":
    main()
