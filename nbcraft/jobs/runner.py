"""Execute one prepared notebook in one fresh kernel with nbclient, cell by cell.

The kernel is started through a jupyter_server ``MappingKernelManager``: in the Jupyter
server, its own (so kernels-mixer sends a gateway target's kernel to the gateway); in the CLI,
a standalone one. nbclient runs the cells (``async_execute_cell``); this module adds what a
job needs around it: progress (cell i of n and the running cell's stream output), cancel
(interrupt, then shut the kernel down), a time-out for the whole notebook, and a failure that
names the cell as lint does (``cell 4``) with the exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tracking.errors import ERROR_SCRUBBED
from .params import Prepared

OUTPUT_TAIL = 4000  # characters of the running cell's stream output shown as progress
CANCEL_GRACE = 5.0  # seconds an interrupted cell may take to stop before the kernel is shut down
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# nbclient's own logger, not the server's: at DEBUG nbclient logs each cell's source and each
# execute request (``Executing cell:``, ``content: {'code': ...}``), the injected parameters'
# real values with them. Pinned to INFO, whatever level the server's log is at.
_NBCLIENT_LOG = logging.getLogger("nbcraft.jobs.nbclient")
_NBCLIENT_LOG.setLevel(logging.INFO)
# websocket-client's handshake error goes on, after this, with the response's headers and
# body (a proxy's cookies): what nbcraft shows or logs of it ends there.
HANDSHAKE_TAIL = " -+-+- "


class _HandshakeCut(logging.Filter):
    """nbclient logs ``Error occurred while starting new kernel client ...: <error>`` whole
    (to the CLI's stderr and the server's log): cut at :data:`HANDSHAKE_TAIL` and shown as a
    job's error is (``shown_line``: URLs' user-info and queries, the gateway's token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from ..tracking.errors import raw_head, shown_line

        message = record.getMessage()
        head = raw_head(message.split(HANDSHAKE_TAIL)[0], ERROR_SCRUBBED)
        shown = shown_line(head, _gateway_token())
        if shown != message:
            record.msg, record.args = shown, ()
        return True


_NBCLIENT_LOG.addFilter(_HandshakeCut())


@dataclass
class Outcome:
    status: str  # finished | failed | cancelled
    error: str | None = None  # one line: ``cell 4: ZeroDivisionError: division by zero``
    traceback: str | None = None
    # Where ``error`` is cut once scrubbed (``scrub.scrub_outcome``): cut before, a secret
    # crossing the cut would keep its first characters, which no scrub then recognises.
    error_limit: int | None = None


class JobKernels:
    """Start, interrupt and stop job kernels through a jupyter_server MappingKernelManager."""

    def __init__(self, mapping_kernel_manager: Any, root: Path):
        self.mkm = mapping_kernel_manager
        self.root = Path(root)

    async def start(
        self, kernel_name: str, cwd: Path, env: Mapping[str, str], gateway: str | None = None
    ) -> str:
        """``gateway``: a gateway target's URL. kernels-mixer routes by kernel name to the
        server's one gateway (``GatewayClient.url``), with its credentials: a target of
        another gateway is refused, not sent there."""
        from jupyter_core.utils import ensure_async

        if gateway is not None:
            from jupyter_server.gateway.gateway_client import GatewayClient

            from ..compute.gateway_clients import same_gateway

            served = GatewayClient.instance().url
            if not same_gateway(gateway, served):
                raise RuntimeError(
                    f"this Jupyter server's gateway is {served or 'none'}, not {gateway}: "
                    "kernels-mixer serves one gateway per server (run this job with "
                    "`jupyter nbcraft run`, which serves several)"
                )

        try:
            api_path = cwd.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            api_path = ""
        ksm = getattr(self.mkm, "kernel_spec_manager", None)
        if hasattr(ksm, "is_remote") and not ksm.is_remote(kernel_name):
            # kernels-mixer learns which kernels are the gateway's only when it lists them
            # (the lab does that first; a job may come before any listing).
            await ensure_async(ksm.get_all_specs())
        if gateway is not None and hasattr(ksm, "is_remote") and not ksm.is_remote(kernel_name):
            # kernels-mixer would start a local kernel of that name: the job would run here
            raise RuntimeError(_not_on_gateway(ksm, kernel_name))
        # A local kernel's env replaces the server's environment; a gateway's start adds it.
        kernel_id = await ensure_async(
            self.mkm.start_kernel(kernel_name=kernel_name, path=api_path, env=job_kernel_env(env))
        )
        # A job's kernel that dies must fail the job, not come back empty: the server's
        # restarter would start a fresh kernel that never answers the running cell.
        km = self.mkm.get_kernel(kernel_id)
        for manager in (km, getattr(km, "delegate", None)):
            if manager is not None and hasattr(manager, "stop_restarter"):
                # In this order: jupyter_client's stop_restarter() does nothing once
                # autorestart is False, and start_kernel() has already started it.
                manager.stop_restarter()
                manager.autorestart = False
        return kernel_id

    def manager(self, kernel_id: str) -> Any:
        return self.mkm.get_kernel(kernel_id)

    async def interrupt(self, kernel_id: str) -> None:
        from jupyter_core.utils import ensure_async

        await ensure_async(self.mkm.interrupt_kernel(kernel_id))

    async def shutdown(self, kernel_id: str) -> None:
        from jupyter_core.utils import ensure_async

        if kernel_id in self.mkm:
            await ensure_async(self.mkm.shutdown_kernel(kernel_id, now=False))


class StandaloneKernels:
    """The CLI's kernels, without a Jupyter server: jupyter_client's ``AsyncKernelManager`` for
    kernelspecs on this machine, nbcraft's ``TrackingGatewayKernelManager`` for a gateway target,
    with that gateway's own ``GatewayClient`` (``gateway_clients``: nbcraft.compute
    .gateway_clients), with the same interface as :class:`JobKernels`."""

    def __init__(
        self,
        gateway_clients: Any = None,
        log_dir: Path | None = None,
        kernel_dirs: list[Path] | None = None,
        hold_back_local_tracking: bool = True,
    ):
        from ..compute.gateway_clients import GatewayClients

        self.gateway_clients = gateway_clients or GatewayClients()
        # c.NbcraftCompute.gateway_hold_back_local_tracking (nbcraft.compute.gateway)
        self.hold_back_local_tracking = hold_back_local_tracking
        # Searched before jupyter_client's own kernel folders (the CLI's generated specs).
        self.kernel_dirs = [str(d) for d in kernel_dirs or []]
        # A local kernel's own stdout and stderr go to <log_dir>/<kernel id>.log, not to the
        # terminal, where they would mix with what the CLI prints.
        self.log_dir = log_dir
        self._managers: dict[str, Any] = {}
        self._clients: dict[str, Any] = {}  # a gateway kernel's GatewayClient
        self._logs: dict[str, Any] = {}

    async def start(
        self, kernel_name: str, cwd: Path, env: Mapping[str, str], gateway: str | None = None
    ) -> str:
        """``gateway``: the target's gateway URL, for a gateway target's kernel."""
        import uuid

        kernel_id = uuid.uuid4().hex
        if gateway:
            from ..compute.gateway import TrackingGatewayKernelManager
            from ..compute.gateway_clients import using

            # This gateway's client, for the start and for the rest of this job's task (the
            # kernel client's websocket, the shutdown): GatewayClient.instance() answers it.
            client = self.gateway_clients.kernel_client(gateway)
            using(client)
            # As in the lab: the tracking variables go to the gateway only when its kernels
            # can reach the tracking server (never a loopback server's password).
            km = TrackingGatewayKernelManager(
                kernel_name=kernel_name, hold_back_local_tracking=self.hold_back_local_tracking
            )
            await km.start_kernel(kernel_name=kernel_name, env=dict(env))
            self._clients[kernel_id] = client
        if not gateway:
            import subprocess

            from jupyter_client.manager import AsyncKernelManager

            output: Any = subprocess.DEVNULL
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                output = self._logs[kernel_id] = (self.log_dir / f"{kernel_id}.log").open("ab")
            from jupyter_client.kernelspec import KernelSpecManager

            specs = KernelSpecManager()
            specs.kernel_dirs = [*self.kernel_dirs, *specs.kernel_dirs]
            km = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=specs)
            env = job_kernel_env(env)  # replaces this process's environment
            await km.start_kernel(cwd=str(cwd), env=env, stdout=output, stderr=output)
        self._managers[kernel_id] = km
        return kernel_id

    def manager(self, kernel_id: str) -> Any:
        return self._managers[kernel_id]

    async def interrupt(self, kernel_id: str) -> None:
        with self._gateway_of(kernel_id):
            await self._managers[kernel_id].interrupt_kernel()

    async def shutdown(self, kernel_id: str) -> None:
        km = self._managers.pop(kernel_id, None)
        log = self._logs.pop(kernel_id, None)
        if log is not None:
            log.close()
        if km is not None:
            with self._gateway_of(kernel_id):
                await km.shutdown_kernel(now=False)
                cleanup = getattr(km, "cleanup_resources", None)
                if cleanup is not None:
                    from jupyter_core.utils import ensure_async

                    await ensure_async(cleanup())
        self._clients.pop(kernel_id, None)

    @contextlib.contextmanager
    def _gateway_of(self, kernel_id: str) -> Iterator[None]:
        """A gateway kernel's own client for a call that may come from another task."""
        from ..compute.gateway_clients import done_using, using

        client = self._clients.get(kernel_id)
        token = using(client) if client is not None else None
        try:
            yield
        finally:
            if token is not None:
                done_using(token)


def _not_on_gateway(ksm: Any, kernel_name: str) -> str:
    from ..compute.gateway import shadowing_kernel

    local = getattr(ksm, "local_manager", None)
    local_names = local.find_kernel_specs() if local else {}
    shadowed = shadowing_kernel(kernel_name, local_names)
    if shadowed:
        return f"{shadowed}, or run the job with `jupyter nbcraft run`"
    # kernels-mixer remembers a local kernel's name from its first listing, removed or not
    if kernel_name in getattr(ksm, "_local_kernels", ()):
        return (
            f"kernels-mixer took {kernel_name!r} for a kernel of this machine when it listed "
            "kernels, and still does (its kernelspec is gone): it starts the gateway's once "
            "the Jupyter server restarts"
        )
    missing = f"the gateway lists no kernel {kernel_name!r} (or did not answer: see the server log)"
    alike = next((n for n in local_names if n.lower() == kernel_name.lower()), None)
    if alike is not None:  # (kernels-mixer compares names exactly; jupyter_client lowercases)
        missing += f"; this machine's kernel is {alike!r}, which differs only in case"
    return missing


def kernel_preamble(env: Mapping[str, str]) -> str:
    """Code run silently before the first cell: the job's variables in the kernel's own
    environment. Local kernels already have them from the start; a gateway passes only the
    variables it was told to, so this makes ``MLFLOW_RUN_ID`` reach every kind of kernel."""
    pairs = json.dumps(dict(env))
    return f"import os as _nbcraft_os\n_nbcraft_os.environ.update({pairs})\ndel _nbcraft_os\n"


class Execution:
    """One notebook running in one kernel. ``progress()`` may be read at any time."""

    def __init__(
        self,
        prepared: Prepared,
        kernels: JobKernels,
        kernel_name: str,
        cwd: Path,
        env: Mapping[str, str],
        job_env: Mapping[str, str],
        startup_timeout: float = 120.0,
        more_env: Callable[[], Awaitable[Mapping[str, str]]] | None = None,
        gateway: str | None = None,
    ):
        """``gateway``: a gateway target's URL. ``more_env``: variables known only once the kernel is starting (the job's MLflow
        run id, created meanwhile); awaited after the kernel is up and added to the set-up
        code, so the kernel has them before the first cell."""
        self.prepared = prepared
        self.kernels = kernels
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.env = env
        self.job_env = job_env
        self.startup_timeout = startup_timeout
        self.more_env = more_env
        self.gateway = gateway
        self.kernel_id: str | None = None
        self.cell_index: int | None = None
        self.step = "starting"  # before the cells: what a failure there stopped
        self.cancelled = False
        self.timed_out: float | None = None
        self._client: Any = None
        self._timeout: float | None = None
        self._timer: Any = None

    # ------------------------------------------------------------------ progress

    def progress(self) -> dict[str, Any]:
        cells = self.prepared.cell_count
        index = self.cell_index
        output = ""
        if index is not None and index < cells:
            output = stream_text(self.prepared.nb.cells[index])[-OUTPUT_TAIL:]
        return {
            "cell": None if index is None else index + 1,
            "cells": cells,
            "label": None if index is None else self.prepared.cell_label(index),
            "output": output,
        }

    # ------------------------------------------------------------------ running

    async def run(
        self,
        timeout: float | None = None,
        finish: Callable[[Outcome], Awaitable[None]] | None = None,
    ) -> Outcome:
        """Start the kernel, run every cell, stop the kernel. Never raises for notebook or
        kernel trouble: the outcome says what happened. ``timeout`` counts from the moment the
        kernel is ready (its start has ``startup_timeout``) to the end of the last cell; when
        it passes, the kernel is interrupted and stopped as for a cancel. ``finish(outcome)``
        runs while the kernel shuts down (a graceful shut-down takes a while), and both are
        done when this returns."""
        self._timeout = timeout
        try:
            outcome = await self._run()
            if self._timer is not None:
                self._timer.cancel()
            if finish is not None:
                await asyncio.gather(finish(outcome), self._stop_kernel())
            return outcome
        finally:
            if self._timer is not None:
                self._timer.cancel()
            await self._stop_kernel()

    def _start_timer(self) -> None:
        if self._timeout:
            timeout = self._timeout
            self._timer = asyncio.get_running_loop().call_later(
                timeout, lambda: asyncio.ensure_future(self._stop_early(timeout))
            )

    def _where(self) -> str:
        return (
            f" in {self.prepared.cell_label(self.cell_index)}"
            if self.cell_index is not None
            else ""
        )

    def _stopped(self) -> Outcome:
        if self.timed_out is not None:
            return Outcome(
                "failed",
                f"timed out after {self.timed_out:g} s{self._where()}; the kernel was stopped",
            )
        return Outcome("cancelled", f"cancelled{self._where()}")

    async def _run(self) -> Outcome:
        from jupyter_core.utils import ensure_async
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        if self.cancelled:
            return Outcome("cancelled", "cancelled before it started")
        try:
            self.kernel_id = await self.kernels.start(
                self.kernel_name, self.cwd, self.env, self.gateway
            )
        except Exception as error:  # noqa: BLE001 - no such kernelspec, unreachable gateway
            return self._failed(f"{self._kernel()} could not start: ", error)
        if self.cancelled:
            return self._stopped()
        km = self.kernels.manager(self.kernel_id)
        client = NotebookClient(
            self.prepared.nb,
            km=km,
            timeout=None,
            startup_timeout=int(self.startup_timeout),
            record_timing=True,
            resources={"metadata": {"path": str(self.cwd)}},
            log=_NBCLIENT_LOG,
        )
        self._client = client
        try:
            self.step = "connecting to"
            await client.async_start_new_kernel_client()
            info = await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
            if info and "language_info" in info["content"]:
                client.nb.metadata["language_info"] = info["content"]["language_info"]
            job_env = dict(self.job_env)
            if self.more_env is not None:
                self.step = "opening the job's MLflow run for"
                job_env.update(await self.more_env())
            if self.cancelled:
                return self._stopped()
            self.step = "running the set-up code in"
            reply = await client.async_wait_for_reply(
                await ensure_async(
                    client.kc.execute(kernel_preamble(job_env), silent=True, store_history=False)
                )
            )
            if reply and reply["content"].get("status") != "ok":
                return Outcome("failed", "the kernel refused the job's set-up code")
            self._start_timer()
            for index, cell in enumerate(client.nb.cells):
                if self.cancelled:
                    break
                self.cell_index = index
                await client.async_execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
        except CellExecutionError as error:
            if self.cancelled:
                return self._stopped()
            line = (
                f"{self.prepared.cell_label(self.cell_index or 0)}: {error.ename}: {error.evalue}"
            )
            return Outcome("failed", line, _strip_ansi(error.traceback))
        except DeadKernelError:
            if self.cancelled:
                return self._stopped()
            return Outcome(
                "failed", f"the kernel died while running{self._where()[3:] or ' the notebook'}"
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a lost gateway connection, a protocol error
            if self.cancelled:
                return self._stopped()
            where = self._where() or f" while {self.step} {self._kernel()}"
            return self._failed(f"the job stopped{where}: ", error)
        finally:
            client.set_widgets_metadata()
        if self.cancelled:
            return self._stopped()
        self.cell_index = None
        return Outcome("finished")

    def _kernel(self) -> str:
        """Which kernel, and on which gateway (its URL without user-info or query)."""
        from ..tracking.errors import urls_shown

        where = f" on the gateway {urls_shown(self.gateway)}" if self.gateway else ""
        return f"the kernel {self.kernel_name!r}{where}"

    def _failed(self, prefix: str, error: BaseException) -> Outcome:
        """``prefix`` and the error's line, cut at ERROR_CHARACTERS of it once scrubbed."""
        return Outcome("failed", prefix + self._line(error), None, len(prefix) + ERROR_CHARACTERS)

    def _line(self, error: BaseException) -> str:
        """:func:`error_line` without credentials: the gateway's token, a URL's user-info and
        query (``urls_shown``), an ``Authorization`` value (``redact``'s patterns)."""
        from ..tracking.errors import shown_line

        return shown_line(error_line(error), _gateway_token() if self.gateway else None)

    async def cancel(self) -> None:
        await self._stop_early(None)

    async def _stop_early(self, timed_out: float | None) -> None:
        """Interrupt the running cell; if it has not stopped after a grace period, shut the
        kernel down (a cell stuck in C code ignores the interrupt)."""
        if self.cancelled:
            return
        self.cancelled = True
        self.timed_out = timed_out
        if self.kernel_id is None:
            return
        try:
            await self.kernels.interrupt(self.kernel_id)
        except Exception:  # noqa: BLE001, S110 - already gone: the shutdown below settles it
            pass
        await asyncio.sleep(0)
        asyncio.get_running_loop().call_later(
            CANCEL_GRACE, lambda: asyncio.ensure_future(self._stop_kernel())
        )

    async def _stop_kernel(self) -> None:
        kernel_id, self.kernel_id = self.kernel_id, None
        client = self._client
        if client is not None and client.kc is not None:
            try:
                client.kc.stop_channels()
            except Exception:  # noqa: BLE001, S110 - channels of a dead kernel
                pass
        if kernel_id is None:
            return
        try:
            await self.kernels.shutdown(kernel_id)
        except Exception:  # noqa: BLE001, S110 - a kernel that already died
            pass


def stream_text(cell: Any) -> str:
    parts = []
    for output in cell.get("outputs", []) or []:
        if output.get("output_type") == "stream":
            text = output.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}\n")
    return "".join(parts)


def _strip_ansi(text: str | None) -> str | None:
    return _ANSI.sub("", text) if text else text


ERROR_CHARACTERS = 300  # of an exception's line in a job's error (ERROR_SCRUBBED: errors.py)


def error_line(error: BaseException) -> str:
    """``Type: first line`` of the exception that says what failed (its first ERROR_SCRUBBED
    characters: cut it at ERROR_CHARACTERS once scrubbed, ``Outcome.error_limit``). One with no message (a
    library's bare ``assert`` failing while it cleans up after the real failure, as
    jupyter_server's gateway kernel client does when its websocket could not open) gives way
    to its cause or the exception it was raised while handling."""
    chain: list[BaseException] = []
    while error is not None and error not in chain and len(chain) < 10:
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    for found in chain:
        from ..tracking.errors import raw_head

        lines = raw_head(str(found).lstrip(), ERROR_SCRUBBED).splitlines()
        text = lines[0].split(HANDSHAKE_TAIL)[0].strip() if lines else ""
        if text:
            return f"{type(found).__name__}: {text}"
    return type(chain[0]).__name__


def _gateway_token() -> str | None:
    """The token the job's gateway client sends (the lab's GatewayClient, or in the CLI the
    target's own, which ``GatewayClient.instance()`` answers in the job's task)."""
    try:
        from jupyter_server.gateway.gateway_client import GatewayClient

        return GatewayClient.instance().auth_token or None
    except Exception:  # noqa: BLE001 - no gateway client in this context
        return None


def job_kernel_env(job_env: Mapping[str, str]) -> dict[str, str]:
    """A local job kernel's whole environment, made at its start: this process's with the
    job's own variables, the tracking credentials only from the URI's source."""
    from ..tracking.resolve import with_tracking_env

    return with_tracking_env(os.environ, job_env)
