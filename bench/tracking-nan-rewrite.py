"""What the tracking proxy's check of an MLflow answer costs the event loop when the answer
holds a bare ``NaN`` (``get-history-bulk`` is Flask's ``jsonify``), against one without.

    .venv/bin/python bench/tracking-nan-rewrite.py [--mb 64] [--points 250000] [--repeat 3]

Times ``check_json`` (``json.loads`` to validate, then ``strict_json.quote_non_finite`` on the
raw bytes when a bare word was seen) on: ``[0, 0, ..., NaN]`` of ``--mb`` MB; a realistic
get-history-bulk answer of ``--points`` metric points, one of them NaN; and the same answer
without NaN (the floor: validation alone). Prints the median and max in seconds, the sizes
in and out, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nbcraft.tracking.resolve import TrackingServer
from nbcraft.tracking.upstream import UpstreamAnswer, check_json

SERVER = TrackingServer("mlflow", "http://127.0.0.1:9", "http://127.0.0.1:9", "bench", None, None)


def history(points: int, nan: bool) -> bytes:
    metrics = [
        {"key": "loss", "value": 1.0 / (i + 1), "timestamp": 1765000000000 + i, "step": i,
         "run_id": "0123456789abcdef0123456789abcdef"}
        for i in range(points)
    ]  # fmt: skip
    text = json.dumps({"metrics": metrics})
    return (text.replace('"value": 1.0,', '"value": NaN,', 1) if nan else text).encode()


def measure(name: str, body: bytes, repeat: int) -> None:
    times, size = [], 0
    for _ in range(repeat):
        answer = UpstreamAnswer(200, body, "application/json")
        start = time.perf_counter()
        check_json(SERVER, answer, "ajax-api/2.0/mlflow/metrics/get-history-bulk")
        times.append(time.perf_counter() - start)
        size = len(answer.body)
    print(
        f"{name}: {len(body) / 1e6:.1f} MB in, {size / 1e6:.1f} MB out: "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--points", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    zeros = args.mb * 1_000_000 // 2
    measure("[0, ..., NaN]", b"[" + b"0," * (zeros - 1) + b"NaN]", args.repeat)
    measure(f"get-history-bulk, {args.points} points, one NaN", history(args.points, True),
            args.repeat)  # fmt: skip
    measure(f"get-history-bulk, {args.points} points, no NaN", history(args.points, False),
            args.repeat)  # fmt: skip
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
