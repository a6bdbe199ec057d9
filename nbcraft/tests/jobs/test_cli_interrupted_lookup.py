"""Ctrl-C or SIGTERM while ``jupyter nbcraft run`` still looks up the tracking server (before a
job or a pipeline run is stored: a slow or unreachable server takes seconds) ended in a
CancelledError traceback and exit 1; now it says it was interrupted before anything ran and
exits 130 or 143, as an interrupt later does. The CLI's own ``_run`` with a service whose
look-up never ends, cancelled as the signal handlers cancel it."""

from __future__ import annotations

import argparse
import asyncio
import signal

import pytest

from nbcraft.jobs import cli
from nbcraft.jobs.pipelines import PipelineRuns


class _Store:
    closed = False

    def close(self) -> None:
        self.closed = True


class _Service:
    def __init__(self) -> None:
        self.store = _Store()
        self.submitted = False

    async def look_up_tracking(self, targets: list[str]) -> None:
        await asyncio.sleep(3600)

    def submit(self, *args: object) -> None:
        self.submitted = True


def _args(**extra: object) -> argparse.Namespace:
    values = {"pipeline": None, "notebook": "a.ipynb", "parameter": [], "target": None}
    return argparse.Namespace(**{**values, "experiment": None, "timeout": None, **extra})


async def _cancelled(service: _Service, args: argparse.Namespace, received: list) -> int:
    task = asyncio.create_task(cli._run(service, args, received))
    await asyncio.sleep(0.05)  # (in the look-up)
    task.cancel()
    return await task


@pytest.mark.parametrize("received, code", [([], 130), ([signal.SIGTERM], 143)])
def test_an_interrupt_during_the_tracking_look_up_exits_with_the_signals_code(
    received, code, capsys
):
    service = _Service()
    assert asyncio.run(_cancelled(service, _args(), received)) == code
    err = capsys.readouterr().err
    which = received[-1].name if received else "SIGINT"
    assert f"interrupted: `jupyter nbcraft run` got {which}" in err
    assert "before" in err and not service.submitted and service.store.closed


def test_an_interrupt_while_a_pipeline_starts_exits_143(monkeypatch, capsys):
    async def start(self, name, from_step=None):
        await self.service.look_up_tracking(["local"])

    monkeypatch.setattr(PipelineRuns, "start", start)
    args = _args(pipeline="p", notebook=None, from_step=None)
    assert asyncio.run(_cancelled(_Service(), args, [signal.SIGTERM])) == 143
    assert "interrupted: `jupyter nbcraft run` got SIGTERM" in capsys.readouterr().err
