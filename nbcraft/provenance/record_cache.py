"""The provenance records of ended runs, kept in the Jupyter server so that a second view of a
run (its Provenance section, a compare) downloads nothing from the tracking server.

What is kept: the bytes of the ``nbcraft/`` artifacts the views read (record_reader's
``VIEW_ARTIFACTS``) of runs whose status is final (``FINISHED``, ``FAILED``, ``KILLED``): the
recording writes them while the run is live, and nothing changes them afterwards. A run still
``RUNNING`` (or ``SCHEDULED``) is read again on every view and never stored. The run itself
(status, tags) is always read fresh: one small request, and tags may change after the end.

Keys: the tracking URI, the identity the server's MLflow client reaches it with, and the run
id. The identity is an HMAC (with a key made at random when the process starts, so it cannot
be recomputed outside it) of the credentials in this process's environment: the routes call
MLflow with the Jupyter server's own credentials, the same for every user of the server, and a
change of credentials (another token, another Databricks profile) starts an empty scope rather
than showing what other credentials could read. No credential is held in clear.

Bounds: at most ``max_entries`` runs and ``max_bytes`` bytes, least recently used first out; a
record larger than a quarter of ``max_bytes`` is served but not kept.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import record_reader as rr

FINAL_STATUSES = frozenset({"FINISHED", "FAILED", "KILLED"})
DEFAULT_MAX_BYTES = 64 << 20
DEFAULT_MAX_ENTRIES = 256

# Environment variables that decide who MLflow's client (and the Databricks and Azure SDKs
# under it) is: the identity a cached record was read with.
CREDENTIAL_VARS = (
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_CLIENT_CERT_PATH",
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_CONFIG_FILE",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
)

Key = tuple[str, str, str]  # (tracking URI, identity digest, run id)


class RecordCache:
    """Least recently used records of ended runs, bounded in entries and bytes."""

    def __init__(
        self, max_bytes: int = DEFAULT_MAX_BYTES, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.max_entries = max(0, int(max_entries))
        self._entries: OrderedDict[Key, dict[str, bytes]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # views run in the executor's threads
        self._secret = secrets.token_bytes(32)
        self.hits = 0
        self.misses = 0

    def scope(self, uri: str, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
        """(tracking URI, identity digest) of the credentials in ``environ``."""
        environ = os.environ if environ is None else environ
        material = "\0".join(f"{name}={environ.get(name, '')}" for name in CREDENTIAL_VARS)
        digest = hmac.new(self._secret, f"{uri}\0{material}".encode(), hashlib.sha256)
        return uri, digest.hexdigest()

    def get(self, key: Key) -> dict[str, bytes] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Key, files: dict[str, bytes]) -> None:
        size = sum(len(body) for body in files.values())
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= sum(len(body) for body in old.values())
            if self.max_entries == 0 or size > self.max_bytes // 4:
                return  # one huge record would push out everything else
            self._entries[key] = dict(files)
            self._size += size
            while self._size > self.max_bytes or len(self._entries) > self.max_entries:
                _, dropped = self._entries.popitem(last=False)
                self._size -= sum(len(body) for body in dropped.values())

    def kept(self) -> list[Key]:
        with self._lock:
            return list(self._entries)

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._entries)


def view_record(
    client: Any, run_id: str, cache: RecordCache, scope: tuple[str, str]
) -> rr.RunRecord:
    """The run (read now) and the artifacts the views read: from ``cache`` when the run has
    ended and they were read before under the same ``scope``, else downloaded (and kept
    when the run has ended). Blocking: call it off the event loop."""
    run = rr.get_run(client, run_id)
    final = str(run.info.status) in FINAL_STATUSES
    key = (*scope, str(run.info.run_id))
    contents = cache.get(key) if final else None
    if contents is None:
        with tempfile.TemporaryDirectory(prefix="nbcraft-provenance-") as tmp:
            record = rr.download_record(client, run, Path(tmp), rr.VIEW_ARTIFACTS)
            contents = {name: (record.folder / name).read_bytes() for name in record.files}
        if final:
            cache.put(key, contents)
    return rr.RunRecord(run, Path(), set(contents), contents)
