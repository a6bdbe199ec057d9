"""Compute targets from configuration: pure parsing and validation, no I/O beyond reading
the config files.

Sources, in order (a later target with the same name is an error, not an override):
1. the project config at the Jupyter root (``compute.targets`` of ``nbcraft.json``, or of
   ``[tool.nbcraft]`` in ``pyproject.toml``), read by ``nbcraft.project_config``: only once
   the user trusted that exact content; until then its targets are held back (nothing is
   checked, written or started) and the listing says so;
2. the Jupyter config trait ``NbcraftCompute.targets`` (a list of the same dicts);
3. ``targets`` in the user's JupyterLab settings of the ``nbcraft:compute`` plugin
   (``<user settings dir>/nbcraft/compute.jupyterlab-settings``, same dicts).

Whatever the source, a target's ``url`` takes no ``${VAR}`` (a credential of the server's
environment would go to the URL's host), its ``env`` may set only the variables of
ENV_ALLOWED (no loader, path or credential-host variables) and no value that looks like a
credential (nbcraft.secret_shapes).

Every problem is reported with the file and the key path, e.g.
``nbcraft.json: compute.targets[1].url: expected sc://host:port``, and the valid targets
are kept, so one typo does not hide the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..project_config import ConfigError, ProjectConfig, read_project_config, watched_files
from ..secret_shapes import secret_kind

KINDS = ("local", "spark-connect", "databricks-connect", "gateway")

# jupyter_client refuses kernelspec names outside this pattern; the target name is part of
# the generated kernelspec name ``nbcraft-<name>``.
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SC_URL_RE = re.compile(
    r"^sc://(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(?P<port>\d{1,5})(?P<rest>/.*)?$"
)
_VAR_REF_RE = re.compile(r"\$\{?[A-Za-z_]")
# Spark Connect carries a bearer token as a URL parameter: ``sc://h:443/;token=...``.
_SC_TOKEN_RE = re.compile(r";\s*token\s*=", re.IGNORECASE)

# The only variables a target's ``env`` may set: none loads code (LD_PRELOAD, PYTHONPATH,
# PYTHONSTARTUP, PYTHONWARNINGS), names an interpreter or a path, points a credential at a
# host (DATABRICKS_HOST next to a profile, MLFLOW_TRACKING_URI, SPARK_REMOTE) or is a
# credential. The kernel inherits the Jupyter server's environment for everything else.
ENV_ALLOWED = frozenset(
    {
        "TZ",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "NUMEXPR_MAX_THREADS",
        "NUMBA_NUM_THREADS",
        "CUDA_VISIBLE_DEVICES",
        "PYTHONHASHSEED",
        "PYTHONUNBUFFERED",
        "PYTHONIOENCODING",
        "PYTHONDONTWRITEBYTECODE",
        "PYARROW_IGNORE_TIMEZONE",
        "TOKENIZERS_PARALLELISM",
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "MLFLOW_EXPERIMENT_NAME",
        "NBCRAFT_SPARK_MAX_RETRIES",
    }
)

TARGET_KEYS = {
    "local": {"name", "kind", "displayName", "kernel", "env"},
    "spark-connect": {"name", "kind", "displayName", "url", "python", "env"},
    "databricks-connect": {
        "name",
        "kind",
        "displayName",
        "profile",
        "clusterId",
        "serverless",
        "python",
        "env",
    },
    "gateway": {"name", "kind", "displayName", "url", "kernel", "env"},
}


@dataclass(frozen=True)
class Target:
    """One validated compute target."""

    name: str
    kind: str
    source: str  # where it was declared: a file path or ``NbcraftCompute.targets``
    key: str  # its key path in that source, e.g. ``compute.targets[0]``
    display_name: str
    url: str | None = None
    kernel: str | None = None
    profile: str | None = None
    cluster_id: str | None = None
    serverless: bool = False
    python: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def kernelspec_name(self) -> str:
        """The kernelspec the UI switches to. Gateway targets use the gateway's own kernel
        name (kernels-mixer lists remote kernels under their names); the others get a
        generated spec ``nbcraft-<name>``."""
        if self.kind == "gateway":
            return self.kernel or ""
        return f"nbcraft-{self.name}"


# One located-problem type for the whole project config: ``<file>: <key>: <message>``.
ConfigProblem = ConfigError


@dataclass(frozen=True)
class HeldBack(ConfigError):
    """Not a mistake in the file: the targets an untrusted project file declares, held back
    until the user trusts it. The picker shows it as held back, not as a config error."""


class ComputeConfigError(ValueError):
    """Raised by :func:`load_targets_strict` with every problem found."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class LoadedTargets:
    targets: list[Target]
    problems: list[ConfigProblem]
    files: list[Path]  # the config files consulted (watched for changes)


SETTINGS_SOURCE = "nbcraft:compute settings"


def load_targets(
    root: Path,
    extra: Iterable[dict] | None = None,
    settings_targets: Any = None,
    settings_source: str = SETTINGS_SOURCE,
    project: ProjectConfig | None = None,
) -> LoadedTargets:
    """Targets from the Jupyter root's config file (when trusted), plus ``extra`` (the
    Jupyter config trait), plus ``settings_targets`` (``targets`` of the user's
    nbcraft:compute JupyterLab settings; ``None`` when unset). Never raises for bad config:
    problems are returned next to the good targets; an untrusted file's targets come back
    as one problem saying they are held back."""
    project = project if project is not None else read_project_config(root)
    problems: list[ConfigProblem] = []
    if project.error is not None:
        problems.append(project.error)
    targets: list[Target] = []
    source, prefix = project.source, project.key("compute")
    compute, held_back = project.section("compute")
    if held_back is not None and project.error is None:
        problems.append(HeldBack(source, prefix, held_back_message(project)))
    if compute is not None:
        if not isinstance(compute, dict):
            problems.append(ConfigProblem(source, prefix, "expected an object with `targets`"))
        else:
            raw = compute.get("targets", [])
            if not isinstance(raw, list):
                problems.append(ConfigProblem(source, f"{prefix}.targets", "expected a list"))
            else:
                for i, item in enumerate(raw):
                    parsed = parse_target(item, source, f"{prefix}.targets[{i}]")
                    _collect(parsed, targets, problems)
    for i, item in enumerate(extra or []):
        parsed = parse_target(item, "NbcraftCompute.targets", f"[{i}]")
        _collect(parsed, targets, problems)
    if settings_targets is not None:
        if not isinstance(settings_targets, list):
            problems.append(ConfigProblem(settings_source, "targets", "expected a list"))
        else:
            for i, item in enumerate(settings_targets):
                parsed = parse_target(item, settings_source, f"targets[{i}]")
                _collect(parsed, targets, problems)
    return LoadedTargets(targets, problems, watched_files(root))


def held_back_message(project: ProjectConfig) -> str:
    compute = project.untrusted_section("compute")
    raw = compute.get("targets") if isinstance(compute, dict) else None
    count = len(raw) if isinstance(raw, list) else 0
    if count == 1:
        what = "1 target is"
    else:
        what = f"{count} targets are" if count else "its compute settings are"
    why = project.trust_problem or (
        "trust it with `jupyter nbcraft trust` in that folder, or the lab's notice"
    )
    return f"held back: the file is not trusted, so {what} not used; {why}"


def load_targets_strict(root: Path, extra: Iterable[dict] | None = None) -> list[Target]:
    loaded = load_targets(root, extra)
    if loaded.problems:
        raise ComputeConfigError(loaded.problems)
    return loaded.targets


def _collect(
    parsed: Target | list[ConfigProblem], targets: list[Target], problems: list[ConfigProblem]
) -> None:
    if isinstance(parsed, Target):
        clash = next((t for t in targets if t.name == parsed.name), None)
        if clash is not None:
            problems.append(
                ConfigProblem(
                    parsed.source,
                    f"{parsed.key}.name",
                    f"duplicate target name {parsed.name!r} (also at {clash.source}: {clash.key})",
                )
            )
        else:
            targets.append(parsed)
    else:
        problems.extend(parsed)


def parse_target(item: Any, source: str, key: str) -> Target | list[ConfigProblem]:
    """Validate one target dict. Returns the Target or the problems, each naming its key."""
    problems: list[ConfigProblem] = []

    def bad(sub: str, message: str) -> None:
        problems.append(ConfigProblem(source, f"{key}.{sub}" if sub else key, message))

    if not isinstance(item, dict):
        bad("", "expected an object with `name` and `kind`")
        return problems
    name = item.get("name")
    kind = item.get("kind")
    if not isinstance(name, str) or not name:
        bad("name", "required: a short name such as `spark-local`")
    elif not _NAME_RE.match(name):
        bad(
            "name",
            f"{name!r}: use lower-case letters, digits, '.', '_' or '-' "
            "(it becomes the kernelspec name nbcraft-<name>)",
        )
    if kind not in KINDS:
        bad("kind", f"expected one of {', '.join(KINDS)}; got {kind!r}")
        return problems
    for extra_key in sorted(set(item) - TARGET_KEYS[kind]):
        bad(
            extra_key,
            f"unknown key for kind {kind!r}; allowed: {', '.join(sorted(TARGET_KEYS[kind]))}",
        )

    display = item.get("displayName", name)
    if not isinstance(display, str):
        bad("displayName", "expected a string")

    env = item.get("env", {})
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in env.items()
    ):
        bad("env", "expected an object of string values")
        env = {}
    for var, value in env.items():
        _check_env(var, value, bad)

    fields: dict[str, Any] = {}
    if kind == "local":
        kernel = item.get("kernel")
        if not isinstance(kernel, str) or not kernel:
            bad(
                "kernel",
                "required: the name of an installed kernelspec, e.g. `python3` "
                "(see `jupyter kernelspec list`)",
            )
        fields["kernel"] = kernel
    elif kind == "spark-connect":
        url = item.get("url")
        match = _SC_URL_RE.match(url) if isinstance(url, str) else None
        if match is None or not 0 < int(match.group("port")) < 65536:
            bad("url", f"expected sc://host:port; got {_shown(url)}")
        elif _SC_TOKEN_RE.search(url):
            bad(
                "url",
                "a Spark Connect token is a credential and never goes into a target's URL "
                "(nor a ${VAR} for one): set SPARK_CONNECT_AUTHENTICATE_TOKEN in Jupyter's "
                "environment, which pyspark sends to the server it connects to",
            )
        else:
            _check_url_text(url, bad)
        fields["url"] = url
        fields["python"] = _python(item, bad)
    elif kind == "databricks-connect":
        profile = item.get("profile")
        if not isinstance(profile, str) or not profile:
            bad(
                "profile",
                "required: a profile name from ~/.databrickscfg "
                "(`databricks auth login --profile NAME` creates one)",
            )
        cluster_id = item.get("clusterId")
        serverless = item.get("serverless", False)
        if not isinstance(serverless, bool):
            bad("serverless", "expected true or false")
            serverless = False
        if cluster_id is not None and (not isinstance(cluster_id, str) or not cluster_id):
            bad("clusterId", "expected a cluster id string such as `0123-456789-abcdefgh`")
            cluster_id = None
        if cluster_id and serverless:
            bad("serverless", "give either `clusterId` or `serverless: true`, not both")
        if not cluster_id and not serverless and "clusterId" not in item:
            bad("clusterId", "required: a cluster id, or set `serverless: true`")
        fields.update(
            profile=profile, cluster_id=cluster_id, serverless=serverless, python=_python(item, bad)
        )
    elif kind == "gateway":
        url = item.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            bad("url", f"expected the gateway's http(s)://host:port URL; got {_shown(url)}")
        elif parts.username or parts.password:
            bad(
                "url",
                "credentials in the URL would be written to disk: use "
                "c.GatewayClient.auth_token or JUPYTER_GATEWAY_AUTH_TOKEN instead",
            )
        else:
            _check_url_text(url, bad)
        kernel = item.get("kernel")
        if not isinstance(kernel, str) or not kernel:
            bad(
                "kernel",
                "required: the gateway kernelspec name, e.g. `python_kubernetes` "
                "(GET <url>/api/kernelspecs lists them)",
            )
        fields.update(url=url.rstrip("/") if isinstance(url, str) else url, kernel=kernel)

    if problems:
        return problems
    return Target(
        name=name, kind=kind, source=source, key=key, display_name=display, env=dict(env), **fields
    )


def _shown(value: Any) -> str:
    """A value for an error message, unless it holds a credential (messages reach logs)."""
    if isinstance(value, str) and secret_kind(value):
        return "a value that holds a credential (not shown)"
    return repr(value)


def _check_url_text(url: str, bad) -> None:
    if _VAR_REF_RE.search(url):
        bad(
            "url",
            "no $VAR or ${VAR} in a URL: a variable of the server's environment (a token) "
            "would be sent to the URL's host; write the URL itself",
        )
    elif secret_kind(url):
        bad("url", f"holds what looks like {secret_kind(url)}; a URL carries no credentials")


def _check_env(var: str, value: str, bad) -> None:
    """ENV_ALLOWED names only; no variable references; nothing shaped like a credential.
    The value is never echoed (it may be a secret)."""
    if var not in ENV_ALLOWED:
        bad(
            f"env.{var}",
            "a target may not set this variable (it could load code, name a path, or send "
            "a credential to another host); allowed: " + ", ".join(sorted(ENV_ALLOWED)),
        )
    elif _VAR_REF_RE.search(value):
        bad(
            f"env.{var}",
            "no $VAR or ${VAR} references: the kernel inherits the Jupyter server's "
            "environment already",
        )
    else:
        kind = secret_kind(value)
        if kind:
            bad(
                f"env.{var}",
                f"the value looks like {kind}; secrets are never written into kernelspecs: "
                "keep it in Jupyter's environment (the kernel inherits it)",
            )


def _python(item: dict, bad) -> str | None:
    python = item.get("python")
    if python is None:
        return None
    if not isinstance(python, str) or not python:
        bad("python", "expected the path of a Python interpreter or of a venv folder")
        return None
    return python
