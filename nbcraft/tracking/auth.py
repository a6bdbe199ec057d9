"""How the proxy authenticates to the tracking server.

Each credential source is a small object with ``headers()`` (may block: the SDK ones fetch
tokens over the network, so callers run it in a thread), ``secrets()`` (the values to scrub
from every error and log line) and ``hint`` (what the user should fix when the server answers
401/403). Credentials live in the Jupyter server process and never reach a response; which
of them a server may get, and which kernels keep, is decided in ``resolve.py`` (credentials
follow their own host); kernels keep only the credentials of the server they log to.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from typing import Any


class TrackingAuth:
    """No credentials (the embedded server, or an open MLflow server)."""

    kind = "none"
    hint = "The tracking server needs credentials: set MLFLOW_TRACKING_TOKEN, or "
    hint += "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, in the environment of Jupyter."

    def __init__(self, hint: str | None = None) -> None:
        if hint is not None:
            self.hint = hint

    def headers(self) -> dict[str, str]:
        return {}

    def secrets(self) -> list[str]:
        return []


class BasicAuth(TrackingAuth):
    kind = "basic"

    def __init__(self, username: str, password: str, hint: str) -> None:
        self._username = username
        self._password = password
        self.hint = hint

    def headers(self) -> dict[str, str]:
        pair = f"{self._username}:{self._password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    def secrets(self) -> list[str]:
        encoded = self.headers()["Authorization"].split(" ", 1)[1]
        return [self._username, self._password, encoded]


class BearerAuth(TrackingAuth):
    kind = "bearer"

    def __init__(self, token: str, hint: str) -> None:
        self._token = token
        self.hint = hint

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def secrets(self) -> list[str]:
        return [self._token]


class DatabricksSdkAuth(TrackingAuth):
    """OAuth M2M (and the SDK's other methods) through ``databricks-sdk``'s ``Config``."""

    kind = "databricks-sdk"

    def __init__(self, config_kwargs: dict[str, Any], hint: str) -> None:
        self._config_kwargs = config_kwargs
        self._config: Any = None
        self._lock = threading.Lock()
        self._issued: list[str] = []
        self.hint = hint

    def headers(self) -> dict[str, str]:
        with self._lock:
            if self._config is None:
                from databricks.sdk.core import Config  # optional dependency

                self._config = Config(**self._config_kwargs)
            headers = dict(self._config.authenticate())
        token = headers.get("Authorization", "").split(" ", 1)[-1]
        if token and token not in self._issued:
            self._issued = [*self._issued[-4:], token]
        return headers

    def secrets(self) -> list[str]:
        values = [str(v) for k, v in self._config_kwargs.items() if "secret" in k or "token" in k]
        return values + self._issued


class AzureIdentityAuth(TrackingAuth):
    """A bearer token for the Azure Resource Manager audience, from ``azure-identity``."""

    kind = "azure-identity"
    scope = "https://management.azure.com/.default"

    def __init__(self, hint: str, credential_factory: Callable[[], Any] | None = None) -> None:
        self._credential_factory = credential_factory
        self._credential: Any = None
        self._token: str = ""
        self._expires_on = 0.0
        self._lock = threading.Lock()
        self.hint = hint

    def headers(self) -> dict[str, str]:
        with self._lock:
            if self._credential is None:
                if self._credential_factory is None:
                    from azure.identity import DefaultAzureCredential  # optional dependency

                    self._credential_factory = DefaultAzureCredential
                self._credential = self._credential_factory()
            # Refresh five minutes before expiry so a long request never carries a stale token.
            if not self._token or self._expires_on - time.time() < 300:
                access = self._credential.get_token(self.scope)
                self._token, self._expires_on = access.token, float(access.expires_on)
            return {"Authorization": f"Bearer {self._token}"}

    def secrets(self) -> list[str]:
        return [self._token] if self._token else []
