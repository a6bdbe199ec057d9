"""A translation of nbcraft installs the way JupyterLab's language packs do, and reaches the lab.

The committed template ``nbcraft/locale/nbcraft.pot`` is turned into a pseudo-locale catalogue
(every string wrapped, placeholders kept) in JupyterLab's JSON format, shipped as
``<locale>/LC_MESSAGES/nbcraft.json`` by a language pack registered under the
``jupyterlab.languagepack`` entry point (a dist-info folder on ``sys.path``, as ``pip install``
would leave it), and read back from the real ``/lab/api/translations/<locale>`` route of
JupyterLab's own server extension. The locale is JupyterLab's pseudo-language ``ach_UG``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

POT = Path(__file__).resolve().parents[2] / "nbcraft" / "locale" / "nbcraft.pot"
if not POT.is_file():  # an installed package: the template lives in the repository
    POT = Path(__file__).resolve().parents[3] / "nbcraft" / "locale" / "nbcraft.pot"
LOCALE = "ach_UG"
CONTEXT_SEPARATOR = "\u0004"  # JupyterLab's Gettext key for a msgctxt


def read_pot(text: str) -> list[tuple[str | None, str]]:
    """The (msgctxt, msgid) pairs of a template written by lint-rules/scripts/write-pot.js
    (one-line strings with C escapes), the header left out."""
    return [(context, msgid) for context, msgid, _plural in read_pot_plurals(text)]


def read_pot_plurals(text: str) -> list[tuple[str | None, str, str | None]]:
    """``read_pot``'s entries with each one's ``msgid_plural`` (None for a text without)."""
    entries: list[tuple[str | None, str, str | None]] = []
    context: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        keyword, _, quoted = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            continue
        try:
            value = json.loads(quoted)
        except json.JSONDecodeError as error:
            raise ValueError(f"{POT.name}:{number}: {error}") from error
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            if value:
                entries.append((context, value, None))
            context = None
        elif entries:
            entries[-1] = (*entries[-1][:2], value)
    return entries


def pseudo(msgid: str) -> str:
    """Marked, placeholders ({{name}}, %1) kept as they are inside the marks."""
    return f"[!! {msgid} !!]"


def pseudo_catalogue(entries: list[tuple[str | None, str, str | None]]) -> dict:
    """JupyterLab's JSON form of a gettext catalogue (what jupyterlab-translate writes)."""
    catalogue: dict = {
        "": {
            "domain": "nbcraft",
            "language": LOCALE,
            "plural_forms": "nplurals=2; plural=(n != 1);",
            "version": "pseudo",
        }
    }
    for context, msgid, plural in entries:
        key = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid
        # a plural text's translations: one per plural form, as JupyterLab's Gettext reads them
        catalogue[key] = [pseudo(msgid)] if plural is None else [pseudo(msgid), pseudo(plural)]
    return catalogue


@pytest.fixture
def pseudo_language_pack(tmp_path, monkeypatch):
    """A language pack for ``ach_UG`` holding only nbcraft's catalogue, installed on sys.path."""
    site = tmp_path / "site"
    package = site / "nbcraft_pseudo_pack"
    messages = package / LOCALE / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    catalogue = pseudo_catalogue(read_pot_plurals(POT.read_text(encoding="utf-8")))
    (messages / "nbcraft.json").write_text(json.dumps(catalogue), encoding="utf-8")
    dist = site / "nbcraft_pseudo_pack-0.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nbcraft-pseudo-pack\nVersion: 0.0.0\n"
    )
    (dist / "entry_points.txt").write_text(
        f"[jupyterlab.languagepack]\n{LOCALE} = nbcraft_pseudo_pack\n"
    )
    monkeypatch.syspath_prepend(str(site))
    return catalogue


@pytest.fixture
def jp_server_config(jp_server_config):
    return {**jp_server_config, "ServerApp": {"jpserver_extensions": {"jupyterlab": True}}}


def test_the_template_is_read_whole():
    text = POT.read_text(encoding="utf-8")
    entries = read_pot(text)
    msgids = [msgid for _context, msgid in entries]
    # lint messages, categories under their context, promote's refusals and the lab's own
    # strings (src/'s translator calls, written in by the same script) are all there
    assert "the parameters cell is not Python" in msgids
    assert "%1: promote.%2: %3; %4" in msgids
    assert ("", "%1 error", "%1 errors") in [
        (context or "", msgid, plural) for context, msgid, plural in read_pot_plurals(text)
    ]
    assert ("lint category", "security") in entries
    assert "`from {{module}} import *`: the names it binds cannot be known" in msgids
    # one entry per msgid line, the header's empty msgid left out; no two alike
    assert len(entries) == text.count("\nmsgid ") - 1 == len(set(entries))


class RecordingTranslations:
    """A catalogue for jupyterlab_server's schema translation that records what it is asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def pgettext(self, msgctxt: str, msgid: str) -> str:
        self.asked.append((msgctxt, msgid))
        return msgid


def test_the_template_holds_every_settings_string_the_server_translates():
    """The settings editor shows the schemas' titles and descriptions as the server translated
    them (jupyterlab_server's own ``_translate_schema_strings``, in the schema's domain): each
    (context, text) it asks for is in the template."""
    from jupyterlab_server.translation_utils import translator

    schema_dir = POT.parents[2] / "schema"
    entries = set(read_pot(POT.read_text(encoding="utf-8")))
    asked: list[tuple[str, str, str]] = []
    for file in sorted(schema_dir.glob("*.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        assert schema["jupyter.lab.internationalization"]["domain"] == "nbcraft", file.name
        recording = RecordingTranslations()
        translator._translate_schema_strings(recording, schema)
        asked += [(file.name, context, msgid) for context, msgid in recording.asked if msgid]
    assert len(asked) > 50  # every schema's title, its settings' titles and descriptions
    assert ("promote.json", "schema", "Tests folder") in asked
    missing = [item for item in asked if item[1:] not in entries]
    assert missing == []


async def test_a_language_pack_brings_nbcraft_translations_to_the_lab(
    pseudo_language_pack, jp_fetch
):
    response = await jp_fetch("lab", "api", "translations", LOCALE)
    body = json.loads(response.body)
    assert body["message"] == ""
    served = body["data"]["nbcraft"]
    assert served[""]["domain"] == "nbcraft"
    assert served == pseudo_language_pack
    # every template the lab translates at run time is there, wrapped, placeholders intact
    key = "`from {{module}} import *`: the names it binds cannot be known"
    assert served[key] == [f"[!! {key} !!]"]
    assert served[f"lint category{CONTEXT_SEPARATOR}security"] == ["[!! security !!]"]
    # and the lab's own strings, a plural with one translation per plural form
    assert served["Promote to module"] == ["[!! Promote to module !!]"]
    assert served["%1 error"] == ["[!! %1 error !!]", "[!! %1 errors !!]"]
