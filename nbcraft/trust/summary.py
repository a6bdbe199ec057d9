"""What a project config file asks for, in words a user can judge before trusting it (pure).

The lab's notice, ``GET /nbcraft/trust`` and ``jupyter nbcraft trust`` all describe a file
with this: the tracking server it would set, its compute targets with their hosts and
interpreters, its pipelines. Nothing is contacted or run to say so; credentials in a URI
are never repeated.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from ..project_config import ProjectConfig
from ..tracking.errors import without_userinfo as shown_uri

_SC_HOST = re.compile(r"^sc://(?P<hostport>[^/;]+)")
# Control, format (bidi overrides, zero-width), private-use, surrogate, unassigned and
# line/paragraph separators: they change how text renders, not what it says.
_HIDDEN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def shown(text: str) -> str:
    """Text from the file as the user may be shown it before trusting it: a terminal escape
    or a right-to-left override would make them read something else, so such characters
    are spelled out (``\\u202e``)."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _HIDDEN else ch for ch in text
    )


def without_userinfo(uri: str) -> str:
    """``uri`` as the tracking status shows it (``tracking.errors.without_userinfo``: no
    user-info, no credential in its query or fragment); ``(an unreadable URI)`` when it cannot
    be split (``http://[::1``), as the summary splits it after."""
    try:
        urlsplit(uri)
    except ValueError:
        return "(an unreadable URI)"
    return shown_uri(uri) or uri


def target_where(item: dict[str, Any]) -> str:
    """Where a target's code would run, as a host or a profile name."""
    kind = item.get("kind")
    url = item.get("url")
    if kind == "spark-connect" and isinstance(url, str):
        match = _SC_HOST.match(without_userinfo(url))  # (alice@h:s3cret: its port's password)
        return f"sc://{match.group('hostport').rsplit('@', 1)[-1]}" if match else "?"
    if kind == "gateway" and isinstance(url, str):
        parts = urlsplit(without_userinfo(url))
        try:  # (the host and port alone, never netloc: no user-info whatever the URL holds)
            host, port = parts.hostname or "", parts.port
        except ValueError:
            return "?"
        host = f"[{host}]" if ":" in host else host
        return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")
    if kind == "databricks-connect":
        return f"Databricks profile {item.get('profile')!s}"
    if kind == "local":
        return f"local kernel {item.get('kernel')!s}"
    return "?"


def describe(config: ProjectConfig) -> dict[str, Any]:
    """The JSON of ``GET /nbcraft/trust`` for one config file."""
    tracking = config.untrusted_section("tracking")
    uri = tracking.get("uri") if isinstance(tracking, dict) else None
    compute = config.untrusted_section("compute")
    raw_targets = compute.get("targets") if isinstance(compute, dict) else None
    targets = []
    for item in raw_targets if isinstance(raw_targets, list) else []:
        if not isinstance(item, dict):
            continue
        python = item.get("python")
        targets.append(
            {
                "name": shown(str(item.get("name", "?"))),
                "kind": shown(str(item.get("kind", "?"))),
                "where": shown(target_where(item)),
                "python": shown(python) if isinstance(python, str) else None,
                "envNames": sorted(shown(str(k)) for k in item.get("env", {}) or {})
                if isinstance(item.get("env"), dict)
                else [],
            }
        )
    pipelines = config.untrusted_section("pipelines")
    return {
        "path": str(config.path) if config.path else None,
        "file": config.source or None,
        "sha256": config.sha256,
        "trusted": config.trusted,
        "requests": list(config.requested),
        "heldBack": config.held_back,
        "error": str(config.error) if config.error else None,
        "trustProblem": config.trust_problem,
        "tracking": {"uri": shown(without_userinfo(uri))} if isinstance(uri, str) else None,
        "targets": targets,
        "pipelines": sorted(map(shown, pipelines)) if isinstance(pipelines, dict) else [],
    }


def summary_lines(described: dict[str, Any]) -> list[str]:
    """The same description as lines of text (the CLI prints them)."""
    lines = []
    if described["tracking"]:
        lines.append(f"tracking server: {described['tracking']['uri']}")
    for target in described["targets"]:
        line = f"compute target {target['name']} ({target['kind']}): {target['where']}"
        if target["python"]:
            line += f", interpreter {target['python']}"
        if target["envNames"]:
            line += f", sets {', '.join(target['envNames'])}"
        lines.append(line)
    if described["pipelines"]:
        lines.append(f"pipelines: {', '.join(described['pipelines'])}")
    return lines
