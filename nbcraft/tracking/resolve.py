"""Which tracking server the sidebar talks to, and how to authenticate to it.

Pure: the inputs (configured URIs with where they came from, the environment, the home
folder, which optional packages exist) are passed in, so every case is unit-tested.

Order: the first non-empty candidate wins (the caller passes the Jupyter config
``c.NbcraftTracking.uri``, then ``tracking.uri`` of the project config, then
``MLFLOW_TRACKING_URI``). Nothing configured -> ``None``: the caller starts the embedded server.

Credentials follow their own host, whoever set the URI (see SECURITY.md):
- ``MLFLOW_TRACKING_TOKEN``/``USERNAME``/``PASSWORD`` from the environment go only to the
  server of ``MLFLOW_TRACKING_URI`` (same origin), or to an origin the user listed in their
  own Jupyter config (``c.NbcraftTracking.env_credentials_origins``);
- a Databricks token only to its own ``DATABRICKS_HOST`` or profile host;
- an Azure token only to Azure ML's own regional hosts (``<region>.api.azureml.ms`` and the
  US Government and China clouds' equivalents).
"""

from __future__ import annotations

import configparser
import importlib.util
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from .auth import AzureIdentityAuth, BasicAuth, BearerAuth, DatabricksSdkAuth, TrackingAuth
from .errors import TrackingConfigError, scrub

KIND_EMBEDDED = "embedded"
KIND_MLFLOW = "mlflow"
KIND_DATABRICKS = "databricks"
KIND_AZUREML = "azureml"


@dataclass(frozen=True)
class TrackingServer:
    """A resolved tracking server. Nothing here but ``auth`` holds a credential."""

    kind: str
    uri: str  # the tracking URI kernels get (MLFLOW_TRACKING_URI); never carries credentials
    rest_base: str  # scheme://host[:port][/prefix], no userinfo, no trailing slash
    source: str  # where the setting came from, named in every error
    ui_url: str | None
    ui_run_url_template: str | None  # with {experiment_id} and {run_id}
    auth: TrackingAuth = field(default_factory=TrackingAuth)
    verify_tls: bool = True
    ca_certs: str | None = None
    # True when the environment's MLFLOW_TRACKING_* credentials belong to this server; when
    # False the caller keeps them out of the kernels it starts, as the proxy does.
    env_credentials: bool = False

    @property
    def auth_hint(self) -> str:
        return self.auth.hint


@dataclass(frozen=True)
class Candidate:
    value: str | None
    source: str  # e.g. "c.NbcraftTracking.uri", "tracking.uri in /p/nbcraft.json"
    # Set only for MLFLOW_TRACKING_URI: the environment's credentials belong to this URI.
    from_environment: bool = False


# The environment variables that hold an MLflow tracking credential.
MLFLOW_CREDENTIAL_VARS = (
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
)
ORIGINS_SETTING = "c.NbcraftTracking.env_credentials_origins"


def with_tracking_env(base: Mapping[str, str], env: Mapping[str, str]) -> dict[str, str]:
    """A kernel's environment: ``base`` (this process's) updated with ``env`` (the start's own),
    the tracking credentials taken only from where its ``MLFLOW_TRACKING_URI`` comes from. When
    ``env`` names another URI than ``base``, ``base``'s credentials are left out (``env`` brings
    its own or none); otherwise ``env``'s credentials are (they are not those of ``base``'s URI,
    say a job's read before the user switched servers)."""
    uri = env.get("MLFLOW_TRACKING_URI")
    own = uri is not None and uri != base.get("MLFLOW_TRACKING_URI")
    merged = {k: v for k, v in base.items() if not (own and k in MLFLOW_CREDENTIAL_VARS)}
    merged.update({k: v for k, v in env.items() if own or k not in MLFLOW_CREDENTIAL_VARS})
    return merged


def _module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_tracking_server(
    candidates: Sequence[Candidate],
    env: Mapping[str, str],
    home: Path | None = None,
    has_module: Callable[[str], bool] = _module_available,
    env_credentials_origins: Sequence[str] = (),
) -> TrackingServer | None:
    """``env_credentials_origins``: the user's own list (Jupyter config) of servers that may
    get the environment's MLflow credentials besides ``MLFLOW_TRACKING_URI``'s."""
    origins = [_configured_origin(entry) for entry in env_credentials_origins]
    env_origin = _origin(env.get("MLFLOW_TRACKING_URI", ""))
    if env_origin is not None:
        origins.append(env_origin)
    for candidate in candidates:
        value = (candidate.value or "").strip()
        if value:
            rule = _credential_rule(candidate.from_environment, origins)
            return _resolve_uri(value, candidate.source, env, home, has_module, rule)
    return None


def _credential_rule(
    from_environment: bool, origins: Sequence[tuple[str, str, int]]
) -> Callable[[str], bool]:
    """Whether the environment's MLflow credentials may go to a (clean) tracking URI."""
    return lambda uri: from_environment or _origin(uri) in origins


def _origin(uri: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URI, the unit credentials are bound to."""
    try:
        parts = urlsplit(uri.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def _configured_origin(entry: str) -> tuple[str, str, int]:
    origin = _origin(entry) if isinstance(entry, str) else None
    if origin is None or urlsplit(entry.strip()).path.strip("/"):
        raise TrackingConfigError(
            f"{ORIGINS_SETTING} holds {scrub(str(entry))!r}, which is not an origin.",
            hint="Write each server as http(s)://host[:port], e.g. https://mlflow.example.org.",
        )
    return origin


def embedded_server(uri: str, auth: TrackingAuth | None = None) -> TrackingServer:
    return TrackingServer(
        kind=KIND_EMBEDDED,
        uri=uri,
        rest_base=uri.rstrip("/"),
        source="embedded mlflow server (nothing configured)",
        ui_url=uri.rstrip("/") + "/",
        ui_run_url_template=uri.rstrip("/") + "/#/experiments/{experiment_id}/runs/{run_id}",
        auth=auth or TrackingAuth(),
    )


def _resolve_uri(
    value: str,
    source: str,
    env: Mapping[str, str],
    home: Path | None,
    has_module: Callable[[str], bool],
    env_credentials: Callable[[str], bool],
) -> TrackingServer:
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if value == "databricks" or scheme == "databricks":
        return _resolve_databricks(value, source, env, home, has_module)
    if scheme == "azureml":
        return _resolve_azureml(value, source, has_module)
    if scheme in ("http", "https"):
        return _resolve_http(value, source, env, env_credentials)
    shown = scrub(value)
    if scheme in ("file", "sqlite", "postgresql", "mysql", "mssql") or not scheme:
        raise TrackingConfigError(
            f"{source} is {shown!r}, a local store, not a tracking server.",
            hint="nbcraft needs an http(s)://, databricks or azureml:// tracking URI; "
            f"remove {source} to use nbcraft's embedded server.",
        )
    raise TrackingConfigError(
        f"{source} is {shown!r}: nbcraft does not know the scheme {scheme!r}.",
        hint="Use http(s)://host:port, databricks, databricks://<profile> or azureml://...",
    )


def _resolve_http(
    value: str, source: str, env: Mapping[str, str], env_credentials: Callable[[str], bool]
) -> TrackingServer:
    parts = urlsplit(value)
    if not parts.hostname:
        raise TrackingConfigError(f"{source} is {scrub(value)!r}: it has no host name.")
    if parts.query or parts.fragment:
        raise TrackingConfigError(
            f"{source} is {scrub(value)!r}: a tracking URI has no query string or fragment."
        )
    try:
        port = parts.port
    except ValueError:
        raise TrackingConfigError(
            f"{source} is {scrub(value)!r}: its port is not a number."
        ) from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port else host
    clean = urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))

    auth: TrackingAuth
    belongs = env_credentials(clean)
    if parts.username is not None:
        auth = BasicAuth(
            unquote(parts.username),
            unquote(parts.password or ""),
            hint=f"Fix the user name and password written in {source}.",
        )
    elif belongs:
        auth = _mlflow_env_auth(env)
    else:
        auth = TrackingAuth(hint=_withheld_hint(env, clean, source))
    insecure = env.get("MLFLOW_TRACKING_INSECURE_TLS", "").strip().lower() in ("1", "true", "yes")
    ca_certs = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None
    return TrackingServer(
        kind=KIND_MLFLOW,
        uri=clean,
        rest_base=clean,
        source=source,
        ui_url=clean + "/",
        ui_run_url_template=clean + "/#/experiments/{experiment_id}/runs/{run_id}",
        auth=auth,
        verify_tls=not insecure,
        ca_certs=ca_certs,
        env_credentials=belongs,
    )


def _withheld_hint(env: Mapping[str, str], uri: str, source: str) -> str:
    held = [name for name in MLFLOW_CREDENTIAL_VARS if env.get(name)]
    if not held:
        return TrackingAuth.hint
    scheme, host, port = _origin(uri) or ("https", "host", 443)
    return (
        f"{' and '.join(held)} in Jupyter's environment belong to MLFLOW_TRACKING_URI, not to "
        f"{uri} ({source}), so nbcraft does not send them there. If that server is yours, add "
        f"'{scheme}://{host}:{port}' to {ORIGINS_SETTING} in your jupyter_server_config."
    )


def _mlflow_env_auth(env: Mapping[str, str]) -> TrackingAuth:
    username = env.get("MLFLOW_TRACKING_USERNAME", "")
    password = env.get("MLFLOW_TRACKING_PASSWORD", "")
    token = env.get("MLFLOW_TRACKING_TOKEN", "")
    # Same precedence as the MLflow client: basic auth when both halves are set, else the token.
    if username and password:
        return BasicAuth(
            username,
            password,
            hint="Check MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD "
            "in the environment Jupyter was started from.",
        )
    if username or password:
        missing = "MLFLOW_TRACKING_PASSWORD" if username else "MLFLOW_TRACKING_USERNAME"
        raise TrackingConfigError(
            f"{missing} is not set, but its partner is: basic auth needs both.",
            hint=f"Set {missing} in the environment Jupyter was started from.",
        )
    if token:
        return BearerAuth(
            token, hint="Check MLFLOW_TRACKING_TOKEN in the environment Jupyter was started from."
        )
    return TrackingAuth()


# --- Databricks -------------------------------------------------------------------------------


def _databricks_host(raw: str, where: str) -> str:
    raw = raw.strip()
    if not raw:
        raise TrackingConfigError(f"{where} is empty: it must be the workspace URL.")
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        parts, port = urlsplit("invalid:"), None
    # `https://:secret@host` has an empty (falsy) user name: test for any userinfo at all.
    has_userinfo = "@" in parts.netloc
    if parts.scheme not in ("https", "http") or not parts.hostname or has_userinfo:
        raise TrackingConfigError(
            f"{where} is {scrub(raw)!r}: it must look like https://<workspace>.cloud.databricks.com"
            + (" (no user name or password in it)." if has_userinfo else "."),
            hint="Credentials belong in DATABRICKS_TOKEN or the profile's token.",
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


# Environment variables the Databricks SDK (in the Jupyter server and in kernels) takes a
# credential from, whatever host it is then talking to.
DATABRICKS_CREDENTIAL_VARS = (
    "DATABRICKS_TOKEN",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_PASSWORD",
    "ARM_CLIENT_SECRET",
)


def _check_env_credentials_stay_home(
    env: Mapping[str, str], profile_host: str, where: str, uses_sdk: bool
) -> None:
    """A profile's host must not receive the environment's Databricks credentials.

    The SDK loads ``DATABRICKS_TOKEN`` (and the other credential variables) from the
    environment before it reads a profile, so with a profile whose own credentials do not
    decide the method (``auth_type`` only), or in a kernel (``databricks://<profile>`` with
    ``DATABRICKS_TOKEN`` but no ``DATABRICKS_HOST``), the token meant for
    ``DATABRICKS_HOST`` would go to the profile's host."""
    held = [name for name in DATABRICKS_CREDENTIAL_VARS if env.get(name)]
    if not held:
        return
    env_host = env.get("DATABRICKS_HOST", "").strip()
    same_host = False
    if env_host:
        try:
            same_host = _databricks_host(env_host, "DATABRICKS_HOST") == profile_host
        except TrackingConfigError:
            same_host = False
    if same_host or (env_host and not uses_sdk):
        return  # paired with its own DATABRICKS_HOST (the kernel's SDK keeps them together)
    names = " and ".join(held)
    raise TrackingConfigError(
        f"{names} in Jupyter's environment belong to DATABRICKS_HOST "
        f"({'unset' if not env_host else scrub(env_host)}), not to the host of {where} "
        f"({profile_host}); the Databricks SDK would send them there, so nbcraft refuses.",
        hint=f"Unset {names}, or set DATABRICKS_HOST to {profile_host} if they are for it.",
    )


def _databricks_server(value: str, source: str, host: str, auth: TrackingAuth) -> TrackingServer:
    return TrackingServer(
        kind=KIND_DATABRICKS,
        uri=value,
        rest_base=host,
        source=source,
        ui_url=host + "/ml/experiments",
        ui_run_url_template=host + "/ml/experiments/{experiment_id}/runs/{run_id}",
        auth=auth,
    )


def _resolve_databricks(
    value: str,
    source: str,
    env: Mapping[str, str],
    home: Path | None,
    has_module: Callable[[str], bool],
) -> TrackingServer:
    profile = None
    if value != "databricks":
        rest = value.split("://", 1)[1] if "://" in value else ""
        if not rest or "/" in rest:
            raise TrackingConfigError(
                f"{source} is {scrub(value)!r}: write databricks or databricks://<profile>."
            )
        if ":" in rest:
            raise TrackingConfigError(
                f"{source} is {scrub(value)!r}: secret-scope URIs (databricks://scope:prefix) "
                "only work inside Databricks.",
                hint="Use a profile of ~/.databrickscfg: databricks://<profile>.",
            )
        profile = rest

    if profile is None and env.get("DATABRICKS_HOST"):
        host = _databricks_host(env["DATABRICKS_HOST"], "DATABRICKS_HOST")
        if env.get("DATABRICKS_TOKEN"):
            auth: TrackingAuth = BearerAuth(
                env["DATABRICKS_TOKEN"],
                hint="Check DATABRICKS_TOKEN (a valid, unexpired personal access token for "
                "DATABRICKS_HOST) in the environment Jupyter was started from.",
            )
        elif env.get("DATABRICKS_CLIENT_ID") and env.get("DATABRICKS_CLIENT_SECRET"):
            _require_sdk(has_module, "DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET (OAuth M2M)")
            auth = DatabricksSdkAuth(
                {
                    "host": host,
                    "client_id": env["DATABRICKS_CLIENT_ID"],
                    "client_secret": env["DATABRICKS_CLIENT_SECRET"],
                },
                hint="Check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (the service "
                "principal's OAuth secret) in the environment Jupyter was started from.",
            )
        else:
            raise TrackingConfigError(
                "DATABRICKS_HOST is set but neither DATABRICKS_TOKEN nor "
                "DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET are.",
                hint="Set DATABRICKS_TOKEN, or use a profile: databricks://<profile>.",
            )
        return _databricks_server(value, source, host, auth)

    profile = profile or env.get("DATABRICKS_CONFIG_PROFILE") or "DEFAULT"
    config_path = _databricks_config_path(env, home)
    section = _read_databricks_profile(config_path, profile)
    where = f"profile [{profile}] of {config_path}"
    host = _databricks_host(section.get("host", ""), f"host in {where}")
    _check_env_credentials_stay_home(env, host, where, uses_sdk=not section.get("token"))
    if section.get("token"):
        auth = BearerAuth(
            section["token"],
            hint=f"Check token in {where}: it must be a valid, unexpired personal access token.",
        )
    elif (section.get("client_id") and section.get("client_secret")) or section.get("auth_type"):
        _require_sdk(has_module, where)
        # The SDK reads the profile itself; the secret is listed only so errors scrub it.
        sdk_kwargs = {"profile": profile, "config_file": str(config_path), "host": host}
        sdk_kwargs.update({k: v for k, v in section.items() if k in ("client_id", "client_secret")})
        auth = DatabricksSdkAuth(
            sdk_kwargs, hint=f"Check client_id and client_secret (or auth_type) in {where}."
        )
    else:
        raise TrackingConfigError(
            f"{where} has no token and no client_id/client_secret.",
            hint=f"Add token = <personal access token> to {where}.",
        )
    return _databricks_server(value, source, host, auth)


def _require_sdk(has_module: Callable[[str], bool], what: str) -> None:
    if not has_module("databricks.sdk"):
        raise TrackingConfigError(
            f"{what} needs the databricks-sdk package, which is not installed.",
            hint="pip install 'nbcraft[databricks]' (or databricks-sdk), or use a token.",
        )


def _databricks_config_path(env: Mapping[str, str], home: Path | None) -> Path:
    if env.get("DATABRICKS_CONFIG_FILE"):
        return Path(env["DATABRICKS_CONFIG_FILE"]).expanduser()
    base = Path(env["HOME"]) if env.get("HOME") else (home or Path.home())
    return base / ".databrickscfg"


def _read_databricks_profile(path: Path, profile: str) -> dict[str, str]:
    # `[DEFAULT]` is an ordinary profile in .databrickscfg, not configparser's defaults
    # section (which would leak its token into every other profile); `%` is literal.
    parser = configparser.ConfigParser(default_section="\0none", interpolation=None)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TrackingConfigError(
            f"Databricks profile [{profile}] was asked for, but {path} does not exist.",
            hint="Create it with `databricks configure`, or set DATABRICKS_HOST and DATABRICKS_TOKEN.",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TrackingConfigError(f"{path} cannot be read: {error.__class__.__name__}.") from None
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        line = getattr(error, "lineno", None)
        where = f"{path}, line {line}" if line else str(path)
        raise TrackingConfigError(
            f"{where} is not a valid .databrickscfg: {type(error).__name__}.",
            hint="Each profile is a [name] header followed by key = value lines.",
        ) from None
    if not parser.has_section(profile):
        known = ", ".join(parser.sections()) or "none"
        raise TrackingConfigError(
            f"Databricks profile [{profile}] is not in {path} (profiles there: {known}).",
            hint=f"Add a [{profile}] section with host and token, or fix the profile name.",
        )
    return {key: value.strip() for key, value in parser.items(profile)}


# --- Azure ML ---------------------------------------------------------------------------------

_AZUREML_PATH = re.compile(
    r"^/mlflow/v1\.0/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/"
    r"Microsoft\.MachineLearningServices/workspaces/(?P<ws>[^/]+)/?$",
    re.IGNORECASE,
)


# Azure ML's regional API hosts: `<region>.api.azureml.ms` (public cloud),
# `<region>.api.ml.azure.us` (US Government), `<region>.api.ml.azure.cn` (China), and their
# sub-domains (private-link workspace hosts). Only these ever get an Azure token.
_AZUREML_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+api\.(?:azureml\.ms|ml\.azure\.us|ml\.azure\.cn)$"
)


def _resolve_azureml(value: str, source: str, has_module: Callable[[str], bool]) -> TrackingServer:
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = urlsplit("azureml:"), None
    host = (parts.hostname or "").lower()
    if host and "@" not in parts.netloc and not _AZUREML_HOST.match(host):
        raise TrackingConfigError(
            f"{source} is {scrub(value)!r}: {host} is not an Azure ML host, and nbcraft sends "
            "Azure tokens only to Azure ML (<region>.api.azureml.ms, <region>.api.ml.azure.us, "
            "<region>.api.ml.azure.cn).",
            hint="Copy the workspace's MLflow tracking URI from its overview page "
            "(az ml workspace show --query mlflow_tracking_uri).",
        )
    match = _AZUREML_PATH.match(parts.path)
    if not host or "@" in parts.netloc or port not in (None, 443) or not match:
        raise TrackingConfigError(
            f"{source} is {scrub(value)!r}: an Azure ML tracking URI looks like azureml://"
            "<region>.api.azureml.ms/mlflow/v1.0/subscriptions/<sub>/resourceGroups/<rg>/"
            "providers/Microsoft.MachineLearningServices/workspaces/<workspace>.",
            hint="Copy it from the workspace's overview page (MLflow tracking URI).",
        )
    if not has_module("azure.identity"):
        raise TrackingConfigError(
            f"{source} points at Azure ML, which needs the azure-identity package for a token.",
            hint="pip install 'nbcraft[azure]' (or azure-identity), then sign in with `az login`.",
        )
    rest_base = urlunsplit(("https", parts.netloc, parts.path.rstrip("/"), "", ""))
    wsid = (
        f"/subscriptions/{match['sub']}/resourcegroups/{match['rg']}/providers/"
        f"Microsoft.MachineLearningServices/workspaces/{match['ws']}"
    )
    studio = "https://ml.azure.com"
    return TrackingServer(
        kind=KIND_AZUREML,
        uri=value,
        rest_base=rest_base,
        source=source,
        ui_url=f"{studio}/experiments?wsid={quote(wsid, safe='/')}",
        ui_run_url_template=f"{studio}/experiments/id/{{experiment_id}}/runs/{{run_id}}"
        f"?wsid={quote(wsid, safe='/')}",
        auth=AzureIdentityAuth(
            hint="Sign in to Azure (`az login`, a managed identity, or AZURE_CLIENT_ID/"
            "AZURE_TENANT_ID/AZURE_CLIENT_SECRET) with access to the workspace."
        ),
    )
