"""Sum the results of every test layer into one closing line.

Usage: summarize-tests.py RESULTS_DIR [FAILED_LAYER ...]
Exit 1 if any test or any layer failed (a layer can fail without a report, e.g. tsc).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def jest(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    return data["numPassedTests"], data["numFailedTests"], data["numPendingTests"] + data.get("numTodoTests", 0)


def pytest_xml(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = failed = skipped = 0
    for s in suites:
        total += int(s.get("tests", 0))
        failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
        skipped += int(s.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def playwright(path: Path) -> tuple[int, int, int]:
    stats = json.loads(path.read_text())["stats"]
    return stats["expected"] + stats.get("flaky", 0), stats["unexpected"], stats["skipped"]


def plain(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    return data["passed"], data["failed"], data.get("skipped", 0)


# Report file names (glob patterns: the pytest layer writes one report per part) -> reader.
READERS = {
    "jest-extension.json": jest,
    "jest-lint-rules.json": jest,
    "pytest-*.xml": pytest_xml,
    "galata.json": playwright,
    "wheel.json": plain,
    "jest-cli-node22.json": jest,
    "jest-cli-node24.json": jest,
    "packaging.xml": pytest_xml,
}


def main() -> int:
    results = Path(sys.argv[1])
    failed_layers = sys.argv[2:]
    passed = failed = skipped = 0
    print("\n== summary ==")
    for pattern, reader in READERS.items():
        paths = sorted(results.glob(pattern))
        if not paths:
            print(f"  {pattern}: no report")
            continue
        for path in paths:
            try:
                p, f, s = reader(path)
            except (ValueError, KeyError, ET.ParseError) as error:
                print(f"  {path.name}: unreadable report ({error})")
                failed += 1
                continue
            print(f"  {path.name}: {p} passed, {f} failed, {s} skipped")
            passed, failed, skipped = passed + p, failed + f, skipped + s
    if failed_layers:
        print("  failed layers: " + ", ".join(failed_layers))
    failed_total = max(failed, 0) + (len(failed_layers) if failed == 0 else 0)
    print(f"tests: {passed} passed, {failed_total} failed, {skipped} skipped")
    return 1 if failed_total or failed_layers else 0


if __name__ == "__main__":
    sys.exit(main())
