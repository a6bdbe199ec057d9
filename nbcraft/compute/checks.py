"""Server-side reachability checks, one per target kind, short time-outs, run concurrently.

Each check answers ``(reachable, detail)``; ``detail`` is one sentence a user can act on
(what is wrong and what to run). Nothing here raises for an unreachable target.

A check never starts a process and never writes a file: listing targets is a GET. A target's
interpreter is looked at on disk (exists, is executable, which packages its environment's
site-packages hold), never run; Java's version comes from its ``release`` file, not from
``java -version``.
"""

from __future__ import annotations

import asyncio
import configparser
import importlib.util
import json
import os
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Target
from .gateway import is_loopback_host, loopback_tracking_note, shadowing_kernel
from .gateway_clients import same_gateway
from .kernelspecs import resolve_python
from .switching import python_environment
from .this_host import look_up

JAVA_INSTALL = "apt-get install -y openjdk-17-jre-headless"
SPARK_CLIENT_INSTALL = "pip install 'pyspark[connect]>=4,<5'"
DBCONNECT_INSTALL = "pip install databricks-connect"
_SC_HOSTPORT = re.compile(r"^sc://(?P<host>\[[^\]]+\]|[^:/]+):(?P<port>\d+)")


@dataclass
class CheckResult:
    reachable: bool
    detail: str
    #: a gateway target whose kernel a local kernelspec shadows (``shadowing_kernel``): the
    #: lab warns when a notebook's kernel of that name runs here instead
    shadowed: bool = False


# ---------------------------------------------------------------- helpers (pure-ish)


def spark_connect_address(url: str) -> tuple[str, int]:
    match = _SC_HOSTPORT.match(url)
    if not match:
        raise ValueError(f"expected sc://host:port; got {url!r}")
    return match.group("host").strip("[]"), int(match.group("port"))


def parse_java_major(version_output: str) -> int | None:
    """The major version from ``java -version`` output: ``17.0.15`` -> 17, ``1.8.0_392`` -> 8."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):  # the pre-9 "1.8.0" style
        major = int(match.group(2))
    return major


def java_release_version(java: str) -> str | None:
    """``JAVA_VERSION`` of the ``release`` file of the JDK/JRE that ``java`` belongs to."""
    home = Path(os.path.realpath(java)).parent.parent
    try:
        text = (home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else None


def java_status(java: str | None = None) -> tuple[int | None, str]:
    """``(major version or None, message)`` for the Java that a local Spark server needs,
    read from the Java installation's ``release`` file (nothing is run)."""
    java = java or shutil.which("java")
    if not java:
        return None, f"Java is not installed; Spark 4 needs Java 17+: {JAVA_INSTALL}"
    version = java_release_version(java)
    major = parse_java_major(f'version "{version}"') if version else None
    if major is None:
        return None, f"could not read the Java version of {java}; Spark 4 needs Java 17+"
    if major < 17:
        return major, f"Java {major} found; Spark 4 needs Java 17+: {JAVA_INSTALL}"
    return major, f"Java {major}"


def spark_server_command(port: int, python: str | None = None) -> str:
    """How to start a Spark Connect server on this machine from the pip ``pyspark`` wheel
    (which has no start-connect-server.sh)."""
    py = python or sys.executable
    return (
        f"$({py} -c 'import pyspark,os;print(os.path.dirname(pyspark.__file__))')"
        "/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer "
        f"--conf spark.connect.grpc.binding.port={port}"
    )


def databricks_config_path(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("DATABRICKS_CONFIG_FILE") or os.path.expanduser("~/.databrickscfg"))


def check_databricks_profile(profile: str, environ: Mapping[str, str]) -> CheckResult:
    """Is ``profile`` in the Databricks config file, with a host? Values are never echoed
    (a profile holds tokens)."""
    path = databricks_config_path(environ)
    if not path.is_file():
        return CheckResult(
            False,
            f"no Databricks config file at {path}: run "
            f"`databricks auth login --profile {profile}` or set "
            "DATABRICKS_CONFIG_FILE",
        )
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as err:
        return CheckResult(False, f"{path} could not be read: {str(err).splitlines()[0]}")
    if not parser.has_section(profile) and not (profile == "DEFAULT" and parser.defaults()):
        known = ", ".join(parser.sections()) or "none"
        return CheckResult(
            False,
            f"profile {profile!r} is not in {path} (profiles: {known}): "
            f"run `databricks auth login --profile {profile}`",
        )
    host = parser.get(profile, "host", fallback="").strip()
    if not host:
        return CheckResult(False, f"profile {profile!r} in {path} has no `host`")
    return CheckResult(True, f"profile {profile!r} found ({host})")


# ---------------------------------------------------------------- async checks


async def _connect(host: str, port: int) -> asyncio.StreamWriter:
    """A connection to the first of the host's addresses that accepts one. The name is
    resolved by the compute checks' resolver (a name on their own lookup threads, apart from
    the tracking server's; an IP literal on the loop): asyncio's own lookup waits for a
    thread of the default pool, which jobs and other extensions may keep busy past the
    check's timeout."""
    from ..http_client import COMPUTE, resolver_for

    failure: OSError | None = None
    for family, address in await resolver_for(COMPUTE).resolve(host, port):
        try:
            _, writer = await asyncio.open_connection(address[0], address[1], family=family)
            return writer
        except OSError as err:
            failure = err
    raise failure or OSError(f"{host} has no address")


async def tcp_reachable(host: str, port: int, timeout: float) -> tuple[bool, str]:
    try:
        writer = await asyncio.wait_for(_connect(host, port), timeout)
    except asyncio.TimeoutError:
        return False, f"no answer from {host}:{port} within {timeout:g} s"
    except OSError as err:
        return False, f"cannot connect to {host}:{port} ({err.strerror or err})"
    writer.close()
    try:
        await writer.wait_closed()
    except OSError:
        pass
    return True, f"{host}:{port} accepts connections"


def site_dirs(python: str) -> list[Path]:
    """The package folders of the environment ``python`` belongs to (a venv, conda or a
    system prefix), found on disk."""
    prefix = Path(os.path.abspath(python)).parent.parent
    patterns = (
        "lib/python3*/site-packages",
        "lib64/python3*/site-packages",
        "lib/python3*/dist-packages",
        "lib/python3/dist-packages",
        "local/lib/python3*/dist-packages",
        "Lib/site-packages",
    )
    return [d for pattern in patterns for d in sorted(prefix.glob(pattern)) if d.is_dir()]


def _installed_in(site: Path, module: str) -> bool:
    parts = module.split(".")
    base = site.joinpath(*parts[:-1]) if len(parts) > 1 else site
    last = parts[-1]
    if (base / last).is_dir():
        return True
    return (
        any(base.glob(f"{last}.py"))
        or any(base.glob(f"{last}.*.so"))
        or any(base.glob(f"{last}.*.pyd"))
    )


def _is_server_python(python: str) -> bool:
    """The same environment as the Jupyter server's (a venv's interpreter links to its base
    Python, so comparing files would confuse two venvs of one Python)."""
    return python_environment(python) == python_environment(sys.executable)


async def python_has_modules(
    python: str, modules: tuple[str, ...], timeout: float = 15.0
) -> dict[str, bool] | str:
    """Which of ``modules`` the environment of ``python`` holds, or a message saying why
    that cannot be told. Looked up on disk; ``python`` is never run (it may come from a
    project folder). ``timeout`` is kept for callers; nothing here waits."""
    del timeout
    if not os.path.exists(python):
        return f"Python interpreter {python} does not exist"
    if os.path.isdir(python) or not os.access(python, os.X_OK):
        return f"{python} is not an executable Python interpreter"
    if _is_server_python(python):
        # The Jupyter server's own environment: ask its import system, which runs no code
        # for a top-level package and imports only the parent of a dotted one.
        return {m: _find_spec(m) for m in modules}
    sites = site_dirs(python)
    if not sites:
        return (
            f"cannot tell which packages {python} has without running it "
            "(no site-packages folder next to it)"
        )
    return {m: any(_installed_in(site, m) for site in sites) for m in modules}


def _find_spec(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


async def check_target(
    target: Target,
    *,
    root: Path,
    environ: Mapping[str, str],
    timeout: float,
    kernelspecs: Mapping[str, Any],
    gateway: Mapping[str, Any],
) -> CheckResult:
    """Check one target; never raises."""
    try:
        if target.kind == "local":
            if target.kernel in kernelspecs:
                return CheckResult(True, f"local kernelspec {target.kernel!r}")
            return CheckResult(
                False,
                f"kernelspec {target.kernel!r} is not installed "
                "(`jupyter kernelspec list` shows what is)",
            )
        if target.kind == "spark-connect":
            return await _check_spark_connect(target, root, timeout)
        if target.kind == "databricks-connect":
            return await _check_databricks(target, root, environ)
        if target.kind == "gateway":
            shadowed = shadowing_kernel(target.kernel or "", kernelspecs)
            if shadowed:
                return CheckResult(False, shadowed, shadowed=True)
            return await _check_gateway(target, timeout, gateway, environ)
    except Exception as err:  # noqa: BLE001 - a check must never break the listing
        return CheckResult(False, f"check failed: {type(err).__name__}: {err}")
    return CheckResult(False, f"unknown kind {target.kind!r}")


async def _check_spark_connect(target: Target, root: Path, timeout: float) -> CheckResult:
    host, port = spark_connect_address(target.url or "")
    python = resolve_python(target.python, root)
    ok, how = await tcp_reachable(host, port, timeout)
    modules = await python_has_modules(
        python, ("pyspark", "grpc", "pyarrow", "pandas", "zstandard", "google.rpc")
    )
    if isinstance(modules, str):
        return CheckResult(
            False,
            f"{modules}: fix `python` of target {target.name!r} "
            f"({target.source}: {target.key}.python)",
        )
    missing = [m for m, present in modules.items() if not present]
    if missing:
        return CheckResult(
            False,
            f"the Spark Connect client is incomplete in {python} "
            f"(missing {', '.join(missing)}): {python} -m "
            f"{SPARK_CLIENT_INSTALL}",
        )
    if ok:
        return CheckResult(True, f"Spark Connect server {target.url} is listening")
    detail = f"Spark Connect server {target.url} is not reachable: {how}."
    if is_loopback_host(host):
        major, java = java_status()
        if major is None or major < 17:
            detail += f" To run one here you need Java: {java}."
        else:
            detail += f" Start one here with: {spark_server_command(port, python)}"
    return CheckResult(False, detail)


async def _check_databricks(target: Target, root: Path, environ: Mapping[str, str]) -> CheckResult:
    # Databricks itself is not contacted: this checks what can be checked locally.
    profile = await asyncio.to_thread(check_databricks_profile, target.profile or "", environ)
    python = resolve_python(target.python, root)
    modules = await python_has_modules(python, ("databricks.connect",))
    if isinstance(modules, str):
        return CheckResult(
            False,
            f"{modules}: set `python` of target {target.name!r} to the "
            "venv that has databricks-connect "
            f"({target.source}: {target.key}.python)",
        )
    if not modules.get("databricks.connect"):
        return CheckResult(
            False,
            f"databricks-connect is not installed in {python}: create a "
            f"separate venv (it conflicts with pyspark), run "
            f"`<venv>/bin/{DBCONNECT_INSTALL}` and set `python` of "
            f"target {target.name!r} to it",
        )
    if not profile.reachable:
        return profile
    compute = "serverless" if target.serverless else f"cluster {target.cluster_id}"
    return CheckResult(
        True,
        f"{profile.detail}; {compute}; the workspace itself is contacted when the kernel starts",
    )


async def _check_gateway(
    target: Target, timeout: float, gateway: Mapping[str, Any], environ: Mapping[str, str]
) -> CheckResult:
    from tornado.httpclient import HTTPClientError

    from ..http_client import COMPUTE, nbcraft_http_client

    url = f"{(target.url or '').rstrip('/')}/api/kernelspecs"
    headers = {}
    if gateway.get("auth_token") and same_gateway(target.url, gateway.get("url")):
        headers["Authorization"] = f"token {gateway['auth_token']}"
    try:
        # nbcraft's own client: tornado's shared one resolves even 127.0.0.1 on asyncio's
        # default thread pool, and waits behind whatever else fills it (see http_client.py).
        response = await nbcraft_http_client(COMPUTE).fetch(
            url,
            connect_timeout=timeout,
            request_timeout=timeout * 2,
            headers=headers,
            follow_redirects=False,
        )
        names = set(json.loads(response.body).get("kernelspecs", {}))
    except HTTPClientError as err:
        return CheckResult(
            False,
            f"gateway {target.url} answered HTTP {err.code} on "
            "/api/kernelspecs (check GatewayClient.auth_token)",
        )
    except (OSError, asyncio.TimeoutError, ValueError) as err:
        return CheckResult(False, f"gateway {target.url} is not reachable: {err}")
    if target.kernel not in names:
        return CheckResult(
            False,
            f"gateway {target.url} has no kernel {target.kernel!r} "
            f"(it has: {', '.join(sorted(names)) or 'none'})",
        )
    if not gateway.get("mixing"):
        return CheckResult(
            False,
            "the gateway is reachable, but this Jupyter server does not "
            "mix gateway kernels with local ones: add `from "
            "nbcraft.compute.gateway import configure_gateway; "
            f"configure_gateway(c, {target.url!r})` to "
            "jupyter_server_config.py and restart Jupyter",
        )
    if not same_gateway(target.url, gateway.get("url")):
        return CheckResult(
            False,
            f"this Jupyter server talks to gateway {gateway.get('url')}; "
            "kernels-mixer serves one gateway, so target "
            f"{target.name!r} ({target.url}) cannot start kernels",
        )
    await look_up(environ.get("MLFLOW_TRACKING_URI"))  # the note as a kernel start decides
    return CheckResult(
        True,
        f"gateway {target.url} serves kernel {target.kernel!r}"
        + loopback_tracking_warning(target.url or "", environ, gateway.get("hold_back", True)),
    )


def loopback_tracking_warning(
    gateway_url: str, environ: Mapping[str, str], hold_back: bool = True
) -> str:
    """Gateway kernels run on the gateway's cluster: a tracking server on this machine's
    loopback is out of their reach, and their runs would be lost; nbcraft sends them neither
    that URI nor its credentials (gateway.py). (No credentials of the URI are repeated.)"""
    note = loopback_tracking_note(gateway_url, environ, hold_back)
    return f"; note: {note}" if note else ""
