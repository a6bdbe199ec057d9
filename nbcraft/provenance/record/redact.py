"""Secrets typed into cells are taken out of ``history.json`` before it is logged.

The execution history holds cells the user may have deleted on purpose: "type the token, run
it once, delete the cell" is how people keep a token out of a notebook file. nbcraft must not
ship those to a tracking server. Two kinds of value are replaced by ``<redacted>``:
- a value given to a name that says it is a credential (``password = "..."``,
  ``os.environ["DATABRICKS_TOKEN"] = "..."``, ``%env MLFLOW_TRACKING_PASSWORD=...``,
  ``%set_env``, ``export X=...``);
- any string literal shaped like a credential (``nbcraft.secret_shapes``: token formats, long
  random strings).
Only the standard library: the recorder also runs in kernels without nbcraft installed, where
``secret_shapes.py`` is loaded from its file next to this package.
"""

from __future__ import annotations

import os
import re

REDACTED = "<redacted>"
_CREDENTIAL = r"[A-Za-z0-9_]*(?:passw(?:or)?d|secret|token|api_?key|access_?key|private_?key|credential)[A-Za-z0-9_]*"
_ASSIGNED = re.compile(rf"(?i)\b({_CREDENTIAL})(\s*[:=]\s*)([rbuf]*)(\"|')(.*?)\4")
_ENVIRON = re.compile(rf"(?i)([\"'])({_CREDENTIAL})\1(\s*\]\s*=\s*|\s*,\s*)([rbuf]*)(\"|')(.*?)\5")
_MAGIC = re.compile(
    rf"(?im)^(\s*(?:%env|%set_env|!?\s*export)\s+)({_CREDENTIAL})(\s*=\s*|\s+)(\S.*)$"
)
_LITERAL = re.compile(r"([rbuf]*)(\"|')((?:\\.|(?!\2)[^\\\n])*)\2", re.IGNORECASE)


def _secret_kind():
    try:
        from ...secret_shapes import secret_kind  # nbcraft is installed

        return secret_kind
    except ImportError:  # loaded from nbcraft's folder without nbcraft: read the file itself
        import importlib.util

        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        spec = importlib.util.spec_from_file_location(
            "_nbcraft_secret_shapes", os.path.join(here, "secret_shapes.py")
        )
        if spec is None or spec.loader is None:
            return lambda _value: None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.secret_kind


_kind = None


def redact(source: str) -> str:
    """``source`` with credential values replaced by ``<redacted>``; the rest unchanged."""
    global _kind
    if _kind is None:
        _kind = _secret_kind()
    text = _MAGIC.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + REDACTED, source)
    text = _ENVIRON.sub(
        lambda m: (
            f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}{m.group(4)}"
            f"{m.group(5)}{REDACTED}{m.group(5)}"
        ),
        text,
    )
    text = _ASSIGNED.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{REDACTED}{m.group(4)}", text
    )

    def literal(m: re.Match) -> str:
        body = m.group(3)
        if body != REDACTED and _kind(body):
            return f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}"
        return m.group(0)

    return _LITERAL.sub(literal, text)
