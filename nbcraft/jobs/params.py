"""A job's notebook and parameters: reading, papermill's parameter injection, cell numbering.

Pure apart from reading the notebook file. Parameters follow papermill's convention (the
first cell tagged ``parameters`` holds the defaults; the injected cell comes right after it,
tagged ``injected-parameters``; without a ``parameters`` cell it goes on top), and papermill
itself does the injection and the inspection, so the same notebooks run with papermill.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INJECTED_TAG = "injected-parameters"


class NotebookError(ValueError):
    """The notebook cannot be run: missing, unreadable, not a notebook. Names the file."""


def parse_value(text: str) -> Any:
    """A CLI parameter value: a Python literal (``0.1``, ``[1, 2]``, ``True``, ``'a'``), else
    the text itself (``-p model tree`` is the string ``"tree"``)."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text


def read_notebook(path: Path, shown: str | None = None) -> Any:
    """The notebook as an nbformat node (version 4), or a NotebookError naming the file."""
    import nbformat

    shown = shown or str(path)
    if not path.exists():
        raise NotebookError(f"{shown}: no such notebook")
    if not path.is_file():
        raise NotebookError(f"{shown}: not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotebookError(f"{shown}: not a notebook (not UTF-8 text)") from None
    except OSError as error:
        raise NotebookError(f"{shown}: cannot be read ({error.strerror or error})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(
            f"{shown}: not a notebook (invalid JSON at line {error.lineno} column {error.colno})"
        ) from None
    except RecursionError:
        raise NotebookError(f"{shown}: not a notebook (its JSON is nested too deeply)") from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise NotebookError(f"{shown}: not a notebook ({str(error).split(':')[0]})") from None
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        raise NotebookError(f"{shown}: not a notebook (no `cells` and `nbformat` keys)")
    if raw.get("nbformat") != 4:
        raise NotebookError(
            f"{shown}: nbformat {raw.get('nbformat')!r} is not supported; "
            "open and save it in JupyterLab to upgrade it to version 4"
        )
    try:
        nb = nbformat.reads(text, as_version=4)  # joins the stored source lines
    except Exception as error:  # noqa: BLE001 - nbformat raises several kinds on odd input
        raise NotebookError(f"{shown}: not a valid notebook ({error})") from None
    # nbformat only logs a schema error: what the kernel would be sent must be cells of text
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise NotebookError(f"{shown}: cell {index + 1}: not a code, markdown or raw cell")
        if not isinstance(cell.get("source"), str):
            raise NotebookError(
                f'{shown}: cell {index + 1}: "source" must be text or a list of text lines'
            )
    return nb


def declared_parameters(nb: Any, path: Path) -> dict[str, Any] | None:
    """Names and default values (as source text) of the ``parameters`` cell, through
    papermill's own inspection; None when the notebook has no such cell, or when papermill
    cannot read it (no kernelspec, a language it does not know)."""
    if not any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in nb.cells):
        return None
    import papermill

    try:
        found = papermill.inspect_notebook(str(path))
    except Exception:  # noqa: BLE001 - papermill's own errors: nothing to warn about then
        return None
    return {name: info.get("default") for name, info in found.items()}


def parameters_cell_number(nb: Any) -> int | None:
    """1-based number, over all cells (as lint and job errors count them), of the first cell
    tagged ``parameters`` (the one papermill reads), or None."""
    for index, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return index + 1
    return None


def undeclared(nb: Any, path: Path, parameters: dict[str, Any], shown: str) -> list[str]:
    """Check the parameters' names against the notebook's ``parameters`` cell: a name it does
    not define is refused (a NotebookError naming the notebook, the cell, the known names and
    the closest one), before anything runs. papermill would inject it anyway and the notebook
    would run with its default, the typo unnoticed in an MLflow run that looks right. Without
    a ``parameters`` cell, a warning (papermill's convention: injected in a new first cell)."""
    if not parameters:
        return []
    declared = declared_parameters(nb, path)
    if declared is None:
        if parameters_cell_number(nb) is not None:
            return []  # papermill cannot read the cell (no kernelspec, another language)
        return [
            (
                "the notebook has no cell tagged `parameters`: the parameters are injected in a "
                "new first cell (tag the cell holding the defaults `parameters`)"
            )
        ]
    if _language(nb) != "python":
        return []  # names are read as Python: another language's cell (R's `a <- 1`) is not
    bound = _bound_in_parameters_cell(nb)
    if bound is None:
        return []  # which names the cell binds cannot be known: not refused
    defined = [*declared, *sorted(bound - set(declared))]
    known = {*defined, *_widget_names(nb)}
    unknown = [name for name in parameters if name not in known]
    if unknown:
        import difflib

        hints = [
            f"{name!r} (did you mean {close[0]!r}?)"
            if (close := difflib.get_close_matches(name, defined, n=1))
            else repr(name)
            for name in unknown
        ]
        raise NotebookError(
            f"{shown}: cell {parameters_cell_number(nb)} (tagged `parameters`) does not define "
            f"{', '.join(hints)}; it defines: {_listed(defined)}. "
            "Fix the name, or assign it in that cell first"
        )
    return []


def _language(nb: Any) -> str:
    meta = nb.metadata
    name = meta.get("kernelspec", {}).get("language") or meta.get("language_info", {}).get("name")
    return str(name or "python").lower()


def _listed(names: list[str], most: int = 20) -> str:
    """The names for a message: at most ``most`` of them, then how many more."""
    if not names:
        return "no name"
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"


def _cell_text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _parameters_cell_source(nb: Any) -> str:
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return _cell_text(cell)
    return ""


# line magics that bind no Python name; any other (``%store -r x``, ``%time x = 1``) may
_INERT_MAGICS = frozenset(
    {"matplotlib", "pip", "conda", "load_ext", "reload_ext", "config", "env", "autoreload"}
)
# cell magics that run the rest of the cell as Python
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})
# calls that bind names Python's tree does not show
_DYNAMIC_BINDERS = frozenset({"globals", "locals", "vars", "exec", "eval", "setattr"})
# what a cell so long or so deep that Python cannot build its tree raises
_UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


def _python_lines(source: str) -> list[str] | None:
    """The cell's lines as Python reads them after IPython: a first-line ``%%time``-like
    magic dropped, ``!`` lines and inert line magics blanked; None when a magic may bind
    names (``%store -r x``, ``%time x = 1``, another cell magic)."""
    lines = source.splitlines()
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines = ["", *lines[1:]]
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("!"):
            out.append("")
        elif stripped.startswith("%"):
            magic = stripped.lstrip("%").split(maxsplit=1)[:1]
            if not magic or magic[0] not in _INERT_MAGICS:
                return None
            out.append("")
        else:
            out.append(line)
    return out


def _bound_in_parameters_cell(nb: Any) -> set[str] | None:
    """Every name the ``parameters`` cell binds, as Python reads it (``a, b = 1, 2``,
    ``for``/``with``/``except``/``match`` targets, imports, ``def``): papermill's inspection
    reads one plain or annotated assignment per line and misses the rest, which papermill
    still injects after the cell and the notebook then reads. None when that cannot be known:
    the cell does not parse, a magic may bind names, ``from m import *``, ``globals()[...]``,
    ``exec``."""
    lines = _python_lines(_parameters_cell_source(nb))
    if lines is None:
        return None
    try:
        tree = ast.parse("\n".join(lines))
    except _UNPARSABLE:
        return None
    names: set[str] = set()
    try:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                if any(a.name == "*" for a in node.names):
                    return None
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
                names.add(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                names.add(node.rest)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _DYNAMIC_BINDERS
            ):
                return None
    except RecursionError:
        return None
    return names


_WIDGET_CALLS = frozenset({"get", "getArgument", "text", "dropdown", "combobox", "multiselect"})


def _widget_name(call: ast.Call) -> str | None:
    """``x`` of ``dbutils.widgets.get("x")``, ``dbutils.widgets.text("x", ...)``,
    ``getArgument("x")`` (first argument or ``name=``), else None."""
    func = call.func
    widget = (
        isinstance(func, ast.Attribute)
        and func.attr in _WIDGET_CALLS
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "widgets"
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "dbutils"
    ) or (isinstance(func, ast.Name) and func.id == "getArgument")
    if not widget:
        return None
    named = [k.value for k in call.keywords if k.arg == "name"]
    first = call.args[0] if call.args else (named[0] if named else None)
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _widget_names(nb: Any) -> set[str]:
    """Names the notebook reads or declares as Databricks widgets (``dbutils.widgets.get("x")``,
    ``dbutils.widgets.text("x", ...)``, ``getArgument("x")``), in code Python reads (not in a
    comment or a string): a Databricks job passes every parameter as a widget value too
    (``base_parameters``), so such a name is the notebook's."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        text = _cell_text(cell)
        if "getArgument" not in text and "widgets" not in text:
            continue
        lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in text.splitlines()]
        try:
            tree = ast.parse("\n".join(lines))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and (name := _widget_name(node)) is not None:
                    names.add(name)
        except _UNPARSABLE:
            continue
    return names


@dataclass(frozen=True)
class Prepared:
    """The notebook to execute and how its cells map back to the user's notebook."""

    nb: Any
    injected_index: int | None  # index of the injected-parameters cell in ``nb``, if added
    source_cells: int  # number of cells of the user's notebook

    def cell_label(self, index: int) -> str:
        """``cell N`` with N 1-based over the user's notebook (as lint prints it)."""
        if self.injected_index is None or index < self.injected_index:
            return f"cell {index + 1}"
        if index == self.injected_index:
            return (
                f"the injected parameters (after cell {index})"
                if index
                else ("the injected parameters (before cell 1)")
            )
        return f"cell {index}"

    @property
    def cell_count(self) -> int:
        return len(self.nb.cells)


def prepare(nb: Any, parameters: dict[str, Any], language: str | None = None) -> Prepared:
    """Inject ``parameters`` with papermill; the user's notebook object is not changed."""
    import copy

    source_cells = len(nb.cells)
    nb = copy.deepcopy(nb)
    if not parameters:
        return Prepared(nb, None, source_cells)
    from papermill.parameterize import parameterize_notebook

    # What papermill's own loader (``iorw.load_notebook_node``) adds, on the snapshot taken
    # when the job was submitted: papermill metadata and a tags list on every cell.
    nb.metadata.setdefault("papermill", {"parameters": {}})
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])

    kernel, language = _kernel_language(nb, language)
    had_injected = any(INJECTED_TAG in c.get("metadata", {}).get("tags", []) for c in nb.cells)
    out = parameterize_notebook(nb, parameters, kernel_name=kernel, language=language)
    index = _injected(out)
    # A notebook that already held an injected cell (an earlier papermill output) had it
    # replaced in place: the numbering does not move.
    return Prepared(out, None if had_injected else index, source_cells)


def _kernel_language(nb: Any, language: str | None = None) -> tuple[str, str]:
    kernel = nb.metadata.get("kernelspec", {}).get("name") or "python3"
    language = language or nb.metadata.get("language_info", {}).get("name") or "python"
    return kernel, language


def _injected(nb: Any) -> int | None:
    """The index of papermill's ``injected-parameters`` cell, if any."""
    tagged = (
        i for i, c in enumerate(nb.cells) if INJECTED_TAG in c.get("metadata", {}).get("tags", [])
    )
    return next(tagged, None)


def redacted(nb: Any, parameters: dict[str, Any], shown: dict[str, Any]) -> Any:
    """The executed notebook as nbcraft writes, logs or shows it: papermill's injected cell and
    ``papermill.parameters`` metadata with the parameters as ``shown`` (``redact_parameters``:
    a credential's as ``<redacted>``, as in a pipeline's ``pipeline.json``). The kernel ran with
    the real values; ``nb`` itself is returned when nothing is secret."""
    import copy

    if all(shown[name] is value for name, value in parameters.items()):
        return nb
    from papermill.translators import papermill_translators, translate_parameters

    from ..provenance.record.redact import REDACTED
    from .scrub import secret_names

    nb = copy.copy(nb)  # the cells' list and the metadata are new; the other cells are shared
    nb.cells = list(nb.cells)
    index = _injected(nb)
    if index is not None:
        kernel, language = _kernel_language(nb)
        cell = nb.cells[index] = copy.deepcopy(nb.cells[index])
        # A secret one as a comment, not ``db_password = "<redacted>"``: running the kept
        # notebook again would give the kernel that text as the password.
        secret = set(secret_names(parameters, shown))
        translator = papermill_translators.find_translator(kernel, language)
        # (the others as the kernel got them: a NaN is "NaN" in ``shown`` read from jobs.db)
        cell.source = translate_parameters(
            kernel, language, {k: v for k, v in parameters.items() if k not in secret}, "Parameters"
        ) + "".join(translator.comment(f"{k}: {REDACTED}") + "\n" for k in sorted(secret))
    nb.metadata = copy.deepcopy(nb.metadata)
    if isinstance(nb.metadata.get("papermill"), dict):
        nb.metadata.papermill["parameters"] = shown
    return nb
