"""Attack: many POSTs to reproduce at once (each makes a git worktree, maybe a virtual
environment, and runs a kernel) are bounded: beyond MAX_RUNNING the server answers 429
before it touches the tracking server or the disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nbcraft.provenance.handlers import MAX_RUNNING, Provenance, ProvenanceUnavailable
from nbcraft.provenance.reproduce import Options


def test_reproductions_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        provenance = Provenance(tmp_path, {}, None)
        blockers = [asyncio.get_running_loop().create_future() for _ in range(MAX_RUNNING)]
        provenance._tasks.update(asyncio.ensure_future(b) for b in blockers)
        with pytest.raises(ProvenanceUnavailable) as refused:
            provenance.start(Options("0" * 32, None, "current", 1e-6))
        assert refused.value.status == 429
        for blocker in blockers:
            blocker.set_result(None)
        await asyncio.sleep(0)
        provenance._tasks.clear()
        with pytest.raises(ProvenanceUnavailable) as unavailable:  # below the limit: it tries
            provenance.start(Options("0" * 32, None, "current", 1e-6))
        assert unavailable.value.status == 503  # no tracking capability in this test

    asyncio.run(scenario())
