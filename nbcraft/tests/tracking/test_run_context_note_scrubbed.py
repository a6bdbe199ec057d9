"""A second review of s15: when recording a run's provenance raised, the run-context provider
put the error's text, cut at 500 characters and never scrubbed, into an MLflow tag
(``nbcraft.provenance.note``): a URL's password or an Authorization value in the error went
to the tracking server. It now goes through ``safe_line`` (scrubbed, then cut). The recorder's
failure is injected (monkeypatch): no real input makes it raise on demand."""

from __future__ import annotations

from nbcraft.provenance.record import context
from nbcraft.tracking.run_context import NotebookRunContextProvider


def test_a_recording_error_becomes_a_scrubbed_note(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "train.ipynb"))
    monkeypatch.setenv("NBCRAFT_JUPYTER_ROOT", str(tmp_path))
    monkeypatch.delenv("NBCRAFT_PROVENANCE", raising=False)

    def fails():
        raise RuntimeError(
            "fetch https://alice:s3cretPW@git.corp/x.git failed; "
            "Authorization: Bearer abcdefgh12345678XYZ\nsecond line " + "y" * 2000
        )

    monkeypatch.setattr(context, "kernel_start_record", fails)
    tags = NotebookRunContextProvider().tags()
    note = tags["nbcraft.provenance.note"]
    assert tags["nbcraft.provenance"] == "partial"
    assert note.startswith("not recorded: RuntimeError: fetch https://")
    assert "git.corp/x.git failed" in note
    assert "s3cretPW" not in note and "abcdefgh12345678XYZ" not in note, note
    assert "second line" not in note and len(note) <= 600
