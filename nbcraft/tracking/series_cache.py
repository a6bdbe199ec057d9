"""The proxy's cache of chart series (``get-history-bulk-interval`` answers).

Sampling a long history costs the tracking server a scan of every logged value (MLflow 3's
SQL store: window functions over all of a run's rows; ~250 ms for 100,000 steps on a 2-core
machine, with nbcraft's index). The browser keeps what it read only for its page, so every
page reload, new tab or window asked for it again. This cache keeps the answers here, in the
Jupyter server, for any tracking server that has the endpoint.

Validation without an extra request: the browser sends the state of the runs it is drawing
(``X-Nbcraft-Series-Stamp``: each run's status and the step and time of its latest value of
the metric, from the runs it has just read). An answer is stored under the stamp the request
carried, and served only for the same query with the same stamp. Since MLflow samples after
the browser read that state, an answer is never older than its stamp says. A run that logs
a newer value, or ends, has another stamp, so its chart is read again. (MLflow's latest
value only moves forward: a value logged later at an *older* step does not change it; such a
chart shows the new value after the view's reload button, which asks without a stamp.)
Requests without a stamp are never answered from, nor stored in, the cache.
"""

from __future__ import annotations

from collections import OrderedDict

BULK_INTERVAL_PATHS = frozenset(
    {
        "ajax-api/2.0/mlflow/metrics/get-history-bulk-interval",
        "api/2.0/mlflow/metrics/get-history-bulk-interval",
    }
)
STAMP_HEADER = "X-Nbcraft-Series-Stamp"
# 100 runs (the endpoint's limit) x ~80 characters each, with room to spare.
MAX_STAMP_CHARS = 16_384

CacheKey = tuple[str, str, str, str]


class SeriesCache:
    """Least recently used answers, bounded by their total size in bytes (0 = off)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._entries: OrderedDict[CacheKey, bytes] = OrderedDict()
        self._size = 0
        self.hits = 0
        self.misses = 0

    def key(self, server_id: str, path: str, query: str, stamp: str | None) -> CacheKey | None:
        """The cache key of a proxied request, or None when it is not a cacheable one."""
        if self.max_bytes == 0 or path not in BULK_INTERVAL_PATHS:
            return None
        if not stamp or len(stamp) > MAX_STAMP_CHARS:
            return None
        return (server_id, path, query, stamp)

    def get(self, key: CacheKey) -> bytes | None:
        body = self._entries.get(key)
        if body is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return body

    def put(self, key: CacheKey, body: bytes) -> None:
        old = self._entries.pop(key, None)  # a newer answer replaces it, kept or not
        if old is not None:
            self._size -= len(old)
        if len(body) > self.max_bytes // 4:
            return  # one huge answer would push out everything else
        self._entries[key] = body
        self._size += len(body)
        while self._size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped)

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._entries)
