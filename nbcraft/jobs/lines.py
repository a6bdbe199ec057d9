"""An error's line as a job's or a pipeline's warning shows it: scrubbed, then cut."""

from __future__ import annotations

from ..tracking.errors import ERROR_SCRUBBED, raw_head, shown_line, without_userinfo

WARNING_CHARACTERS = 500  # of an error's line in a job's or a pipeline's warning


def safe_line(error: BaseException, uri: str | None, limit: int = WARNING_CHARACTERS) -> str:
    """An error's first line without credentials (MLflow's errors may repeat the URI; any URL's
    user-info and query, ``Authorization`` values, curl's password: ``shown_line``), scrubbed
    first and only then cut at ``limit``: a cut first can leave a secret's head that the
    scrubber no longer recognises (``https://user:pass`` without its ``@``), so the cut before
    scrubbing (a message of megabytes) drops the word it went through (``raw_head``)."""
    text = raw_head(str(error).strip(), ERROR_SCRUBBED)
    text = text.splitlines()[0] if text else type(error).__name__
    if uri and uri != (shown := without_userinfo(uri) or ""):
        text = text.replace(uri, shown)
    text = shown_line(text)
    return text if len(text) <= limit else text[:limit] + "…"
