"""What redacting curl's and HTTPie's credentials costs on long cells (the recorder does it after
every cell, the server on its event loop): each shape repeated n and 2n times.

    .venv/bin/python bench/provenance-redact-curl-bench.py [--n 20000]

Prints the best of 3 in ms and the ratio (about 2 when linear, 4 when quadratic).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbcraft.provenance.record.redact import redact

SHAPES = ["curl;", "curl ", "!curl -u a:b;", "x/curl/", "['curl', ", "pip install curl curl ",
          "curl \\\n", "curl -u a:{x};",
          # HTTPie, a URL's glued &, -d's fields, --cert's drive and escapes, a header
          "!http -a a:b;", "http ", "curl https://x?a=1&", "curl -d password=x&a=1&",
          "curl -E C:\\x\\:y:p;", "curl -H 'X-Api-Key: k';", "https -A bearer -a t ",
          "curl -d '{\"password\": \"x\", ", "curl -d a='b'&password='c'&"]  # fmt: skip


def best(text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        redact(text)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    n = parser.parse_args().n
    for shape in SHAPES:
        small, large = best(shape * n), best(shape * 2 * n)
        print(
            f"{shape!r:26} x{n}: {small:8.1f} ms  x{2 * n}: {large:8.1f} ms  ratio {large / small:.2f}"
        )


if __name__ == "__main__":
    main()
