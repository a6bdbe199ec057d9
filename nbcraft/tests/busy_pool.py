"""asyncio's default thread pool kept busy for real: the state a Jupyter server is in when
jobs and other extensions fill it. Shared by the tests of nbcraft's own HTTP client (the
tracking proxy's and the compute checks')."""

from __future__ import annotations

import asyncio
import os
import threading


def default_pool_size() -> int:
    """The threads of asyncio's default pool (``ThreadPoolExecutor``'s default)."""
    return min(32, (os.cpu_count() or 1) + 4)


class BusyDefaultPool:
    """Every thread of the event loop's default pool blocked until ``release``: the state a
    Jupyter server is in when jobs and other extensions keep that pool busy."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.release = threading.Event()
        self.started = 0
        self._lock = threading.Lock()
        # More tasks than the default pool has threads (min(32, cores + 4)).
        count = default_pool_size() + 4
        self.tasks = [loop.run_in_executor(None, self._block) for _ in range(count)]

    def _block(self) -> None:
        with self._lock:
            self.started += 1
        self.release.wait(120)

    async def wait_full(self, threads: int) -> None:
        while self.started < threads:
            await asyncio.sleep(0.01)

    async def close(self) -> None:
        self.release.set()
        await asyncio.gather(*self.tasks)
