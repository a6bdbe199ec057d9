"""Reading an MLflow server straight, as the tests compare nbcraft's answers with MLflow's."""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request


def mlflow_get(url: str, timeout: float = 60) -> tuple[int, dict]:
    """GET a JSON answer (status, body), with the basic-auth credentials of this process's
    environment when set: the embedded server requires them, and the extension exports
    them for the kernels it starts."""
    request = urllib.request.Request(url)
    user = os.environ.get("MLFLOW_TRACKING_USERNAME")
    password = os.environ.get("MLFLOW_TRACKING_PASSWORD")
    if user and password:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {pair}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
