"""The server-side state of compute targets: config, generated kernelspecs, checks.

Reading the config and checking targets has no side effects (the routes are GETs); the
kernelspecs are written only by ``refresh(write=True)``: when the server starts, when the
user trusts or revokes the project file, and when the config watcher sees a change. A server
removes the specs it wrote when it stops."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from traitlets import Bool, Dict, Float, List, Unicode
from traitlets.config import LoggingConfigurable

from ..project_config import watched_files
from ..tracking.lab_settings import LabSettingsError, read_plugin_settings
from ..trust.store import TrustStore
from . import checks
from .config import (
    SETTINGS_SOURCE,
    ConfigProblem,
    HeldBack,
    LoadedTargets,
    Target,
    load_targets,
)
from .gateway import gateway_state
from .kernelspecs import (
    GENERATED_PREFIX,
    TRACKING_VARS,
    default_kernels_dir,
    remove_generated,
    write_kernelspecs,
)


class NbcraftCompute(LoggingConfigurable):
    """Compute targets (issue 7). Configure in jupyter_server_config.py, e.g.
    ``c.NbcraftCompute.targets = [{"name": "spark", "kind": "spark-connect",
    "url": "sc://127.0.0.1:15002"}]``; these add to those in the root's nbcraft.json /
    pyproject.toml."""

    targets = List(
        Dict(),
        config=True,
        help="Compute targets, in the same shape as `compute.targets` of nbcraft.json.",
    )
    kernels_dir = Unicode(
        "",
        config=True,
        help="Where the nbcraft-<target> kernelspecs "
        "are written; default: the Jupyter data dir's kernels/ folder, which "
        "`jupyter kernelspec list` and /api/kernelspecs both read.",
    )
    check_timeout = Float(2.0, config=True, help="Seconds each reachability check may take.")
    watch_interval = Float(
        2.0,
        config=True,
        help="Seconds between looks at the config "
        "files; 0 turns watching off (targets still refresh on GET).",
    )

    gateway_hold_back_local_tracking = Bool(
        True,
        config=True,
        help="Hold the tracking settings back from a gateway's kernels when the gateway is not "
        "on this machine's loopback: a tracking URI that may be on this machine (loopback, "
        "0.0.0.0, localhost) and its credentials, and the credentials of any tracking URI not "
        "clearly on another machine (none, file:, sqlite:). Turn off only when the gateway's "
        "cluster does reach this machine's loopback (an SSH reverse tunnel, say).",
    )
    gateway_auth_tokens = Dict(
        value_trait=Unicode(),
        key_trait=Unicode(),
        config=True,
        help="`jupyter nbcraft run` only: the token of each gateway by its URL "
        '({"https://eg-b.example.org": "..."}), for gateway targets other than '
        "c.GatewayClient.url, whose token (c.GatewayClient.auth_token) goes to it alone. A "
        "token here goes to the gateway at that URL only, and wins over the global one.",
    )

    def __init__(
        self,
        root: Path,
        server_app: Any = None,
        lab_settings_path: Path | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.root = Path(root).resolve()
        self.server_app = server_app
        # <user settings dir>/nbcraft/compute.jupyterlab-settings (key ``targets``).
        self.lab_settings_path = lab_settings_path
        self.loaded = LoadedTargets([], [], [])
        self._stamp: tuple = ()  # what self.loaded was read from
        self._written: tuple = ()  # what the kernelspecs on disk were written from
        self._watcher = None

    # ------------------------------------------------------------- config -> specs

    def kernel_dir(self) -> Path:
        return Path(self.kernels_dir) if self.kernels_dir else default_kernels_dir()

    def _file_stamp(self) -> tuple:
        stamp: list[Any] = []
        files = watched_files(self.root)
        if self.lab_settings_path is not None:
            files.append(self.lab_settings_path)
        for path in files:
            try:
                st = path.stat()
                stamp.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamp.append(None)
        # A tracking server resolved after start-up changes what the specs forward.
        stamp.append(tuple(bool(os.environ.get(v)) for v in TRACKING_VARS))
        # Trusting or revoking the project file changes which of its targets count.
        stamp.append(TrustStore().stamp())
        return tuple(stamp)

    def refresh(self, force: bool = False, write: bool = False) -> LoadedTargets:
        """Re-read the config when anything changed (no side effects). With ``write``, also
        bring the generated kernelspecs in line with the trusted targets."""
        stamp = (self._file_stamp(), tuple(map(repr, self.targets)))
        if force or stamp != self._stamp:
            settings_targets, settings_problems = self._settings_targets()
            self.loaded = load_targets(
                self.root, self.targets, settings_targets, self._settings_source()
            )
            self.loaded.problems[:0] = settings_problems
            for problem in self.loaded.problems:
                self.log.warning("nbcraft compute config: %s", problem)
            self._stamp = stamp
        if write and (force or stamp != self._written):
            self._write_kernelspecs()
            self._written = stamp
        return self.loaded

    def _write_kernelspecs(self) -> None:
        try:
            written = write_kernelspecs(
                self.loaded.targets, self.kernel_dir(), self.root, os.environ, self._base_spec
            )
            self.log.info(
                "nbcraft compute: %d target(s), kernelspecs %s in %s",
                len(self.loaded.targets),
                ", ".join(written) or "none",
                self.kernel_dir(),
            )
        except OSError as err:
            problem = ConfigProblem(
                str(self.kernel_dir()), "(kernelspecs)", f"cannot write kernelspecs: {err}"
            )
            self.log.warning("nbcraft compute config: %s", problem)
            self.loaded.problems.append(problem)

    def remove_own_kernelspecs(self) -> list[str]:
        """When the server stops: its specs must not stay in other servers' Launchers."""
        return remove_generated(self.kernel_dir(), self.root, mine_only=True)

    def _settings_source(self) -> str:
        if self.lab_settings_path is None:
            return SETTINGS_SOURCE
        return f"{SETTINGS_SOURCE} ({self.lab_settings_path})"

    def _settings_targets(self) -> tuple[Any, list[ConfigProblem]]:
        """``targets`` of the user's nbcraft:compute settings (None when unset)."""
        if self.lab_settings_path is None:
            return None, []
        try:
            return read_plugin_settings(self.lab_settings_path).get("targets"), []
        except LabSettingsError as error:
            return None, [ConfigProblem(self._settings_source(), "(file)", str(error))]

    def _local_ksm(self):
        ksm = getattr(self.server_app, "kernel_spec_manager", None)
        # kernels-mixer wraps the local manager; its own get_kernel_spec is async.
        return getattr(ksm, "local_manager", ksm)

    def _base_spec(self, name: str) -> dict | None:
        ksm = self._local_ksm()
        if ksm is None:
            from jupyter_client.kernelspec import KernelSpecManager

            ksm = KernelSpecManager()
        try:
            return ksm.get_kernel_spec(name).to_dict()
        except Exception:  # noqa: BLE001 - NoSuchKernel or an unreadable spec: no base
            return None

    def local_kernelspecs(self) -> dict[str, Any]:
        ksm = self._local_ksm()
        try:
            return ksm.find_kernel_specs() if ksm is not None else {}
        except Exception:  # noqa: BLE001 - a broken kernel folder must not break the listing
            return {}

    def start_watching(self) -> None:
        if self.watch_interval <= 0 or self._watcher is not None:
            return
        from tornado.ioloop import PeriodicCallback

        self._watcher = PeriodicCallback(self._watch_tick, self.watch_interval * 1000)
        self._watcher.start()

    def stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def _watch_tick(self) -> None:
        try:
            self.refresh(write=True)
        except Exception as err:  # noqa: BLE001 - never let a bad file kill the callback
            self.log.warning("nbcraft compute: refresh failed: %s", err)

    # ------------------------------------------------------------- listing

    def find(self, name: str) -> Target | None:
        return next((t for t in self.loaded.targets if t.name == name), None)

    async def describe(self, target: Target) -> dict[str, Any]:
        result = await checks.check_target(
            target,
            root=self.root,
            environ=os.environ,
            timeout=self.check_timeout,
            kernelspecs=self.local_kernelspecs(),
            gateway={
                **gateway_state(self.server_app),
                "hold_back": self.gateway_hold_back_local_tracking,
            },
        )
        generated = (
            target.kind != "gateway"
            and (self.kernel_dir() / target.kernelspec_name / "kernel.json").is_file()
        )
        return {
            "name": target.name,
            "kind": target.kind,
            "displayName": target.display_name,
            "reachable": result.reachable,
            "kernelspec": target.kernelspec_name
            if (generated or target.kind == "gateway")
            else None,
            "detail": result.detail,
            "shadowed": result.shadowed,
            "source": f"{target.source}: {target.key}",
        }

    async def describe_all(self) -> list[dict[str, Any]]:
        loaded = self.refresh()
        described = await asyncio.gather(*(self.describe(t) for t in loaded.targets))
        return list(described) + problem_entries(loaded.problems)


def problem_entries(problems: list[ConfigProblem]) -> list[dict[str, Any]]:
    """Malformed targets as list entries the picker can show greyed out, each naming the
    file and key, so the listing keeps one shape and the good targets stay usable. Targets
    of an untrusted project file come as such an entry too, marked ``heldBack``: nothing is
    wrong with them, the user has not trusted the file yet."""
    grouped: dict[tuple[str, str], list[ConfigProblem]] = {}
    for problem in problems:
        # compute.targets[1].url -> compute.targets[1]
        head = problem.key.split("].")[0] + "]" if "]." in problem.key else problem.key
        grouped.setdefault((problem.source, head), []).append(problem)
    return [
        {
            "name": f"{source}: {head}",
            "kind": None,
            "displayName": f"{source}: {head}",
            "reachable": False,
            "kernelspec": None,
            "detail": "; ".join(str(p) for p in items),
            "source": f"{source}: {head}",
            "error": True,
            "heldBack": all(isinstance(p, HeldBack) for p in items),
        }
        for (source, head), items in grouped.items()
    ]


__all__ = ["GENERATED_PREFIX", "NbcraftCompute", "problem_entries"]
