"""The proxy's allow-list, checked on the raw (still percent-encoded) path."""

from __future__ import annotations

import pytest

from nbcraft.tracking.errors import scrub
from nbcraft.tracking.paths import PathRefused, check_proxy_request

ALLOWED = [
    ("GET", "api/2.0/mlflow/experiments/get-by-name", "experiment_name=a%20b", False),
    ("POST", "api/2.0/mlflow/experiments/search", "", False),
    ("POST", "api/2.0/mlflow/runs/search", "", False),
    ("GET", "api/2.0/mlflow/runs/get", "run_id=abc", False),
    ("GET", "api/2.0/mlflow/metrics/get-history", "run_id=a&metric_key=loss", False),
    (
        "GET",
        "ajax-api/2.0/mlflow/metrics/get-history-bulk-interval",
        "run_ids=a&run_ids=b&metric_key=m",
        False,
    ),
    ("GET", "api/2.0/mlflow/artifacts/list", "run_id=a&path=plots/x", False),
    ("POST", "api/2.0/mlflow/logged-models/search", "", False),
    ("GET", "api/2.0/mlflow/logged-models/m-0123abc", "", False),
    ("GET", "api/2.0/mlflow-artifacts/artifacts", "path=1/abc/artifacts", False),
    ("GET", "api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/plots/loss%20curve.png", "", True),
    ("GET", "get-artifact", "path=model/MLmodel&run_uuid=abc", True),
    ("GET", "api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/caf%C3%A9.txt", "", True),
]


@pytest.mark.parametrize(("method", "path", "query", "is_artifact"), ALLOWED)
def test_allowed_paths(method, path, query, is_artifact):
    allowed = check_proxy_request(path, query, method)
    assert allowed.is_artifact is is_artifact
    assert allowed.path == path  # re-encoding the checked segments gives the same path back


def test_query_is_re_encoded_and_repeated_keys_survive():
    allowed = check_proxy_request(
        "api/2.0/mlflow/metrics/get-history-bulk-interval",
        "run_ids=a&run_ids=b&metric_key=my+loss",
        "GET",
    )
    assert allowed.query == "run_ids=a&run_ids=b&metric_key=my%20loss"


# Each of these must be refused: SSRF, traversal and encoding tricks, writes, other APIs.
EVIL = [
    ("GET", "http://evil.example/x", ""),
    ("GET", "http:/evil.example/x", ""),
    ("GET", "//evil.example/api/2.0/mlflow/runs/get", ""),
    ("GET", "/api/2.0/mlflow/runs/get", ""),
    ("GET", "api/2.0/mlflow/../../admin", ""),
    ("GET", "api/2.0/mlflow/runs/./get", ""),
    ("GET", "api/2.0/mlflow/%2e%2e/%2e%2e/x", ""),
    ("GET", "api/2.0/mlflow/%2E%2E/x", ""),
    ("GET", "api/2.0/mlflow/runs%2fget", ""),
    ("GET", "api/2.0/mlflow/runs%2Fget", ""),
    ("GET", "api/2.0/mlflow/%252e%252e/x", ""),
    ("GET", "api/2.0/mlflow/runs%252fget", ""),
    ("GET", "api/2.0/mlflow/runs/get%00", ""),
    ("GET", "api/2.0/mlflow/runs/get%0d%0aX-Injected:%201", ""),
    ("GET", "api/2.0/mlflow/runs/get\r\nX-Injected: 1", ""),
    ("GET", "api/2.0/mlflow\\runs\\get", ""),
    ("GET", "api/2.0/mlflow/runs%5cget", ""),
    ("GET", "api/2.0/mlflow/runs/get@evil.example", ""),
    ("GET", "api/2.0/mlflow/runs/get%40evil.example", ""),
    ("GET", "api/2.0/mlflow//runs/get", ""),
    ("GET", "api/2.0/mlflow/runs/get/", ""),
    ("GET", "api/2.0/mlflow/runs/get%", ""),
    ("GET", "api/2.0/mlflow/runs/get%zz", ""),
    ("GET", "api/2.0/mlflow/runs/get%ff", ""),
    ("GET", "api/2.0/mlflow/runs/get%3Fx=1", ""),
    ("GET", "api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/%2e%2e/%2e%2e/mlflow.db", ""),
    ("GET", "api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/../../../etc/passwd", ""),
    ("GET", "api/2.0/mlflow/runs/get", "run_id=a%0d%0aHost:%20evil"),
    ("GET", "get-artifact", "path=../../etc/passwd&run_uuid=a"),
    ("GET", "get-artifact", "path=/etc/passwd&run_uuid=a"),
    ("GET", "api/2.0/mlflow/artifacts/list", "run_id=a&path=x/%2e%2e/%2e%2e"),
    ("GET", "api/2.0/mlflow/artifacts/list", "run_id=a&path=..%5c..%5cx"),
    ("GET", "api/2.0/mlflow/artifacts/list", "run_id=a&path=%252e%252e"),
    ("GET", "api/2.0/mlflow/runs/get", "run_id=%zz"),
    ("POST", "api/2.0/mlflow/runs/create", ""),
    ("POST", "api/2.0/mlflow/runs/delete", ""),
    ("POST", "api/2.0/mlflow/runs/log-metric", ""),
    ("POST", "api/2.0/mlflow/experiments/delete", ""),
    ("POST", "api/2.0/mlflow/users/create", ""),
    ("GET", "api/2.0/mlflow/users/get", "username=admin"),
    ("GET", "api/2.0/mlflow/secrets/list", ""),
    ("GET", "api/2.0/mlflow/gateway-proxy", ""),
    ("GET", "api/2.0/mlflow/runs/search", ""),
    ("POST", "api/2.0/mlflow/runs/get", ""),
    ("POST", "api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/x.txt", ""),
    ("GET", "api/2.0/preview/mlflow/runs/get", ""),
    ("GET", "api/2.0/fs/files/Volumes/x", ""),
    ("GET", "health", ""),
    ("GET", "version", ""),
    ("GET", "static-files/index.html", ""),
    ("GET", "", ""),
    ("GET", "status", ""),
    ("GET", "api/2.0/mlflow/logged-models/../x", ""),
    ("GET", "api/2.0/mlflow/runs/gét", ""),
]


@pytest.mark.parametrize(("method", "path", "query"), EVIL)
def test_evil_requests_are_refused(method, path, query):
    with pytest.raises(PathRefused) as refused:
        check_proxy_request(path, query, method)
    assert "\r" not in str(refused.value) and "\n" not in str(refused.value)


def test_very_long_path_is_refused():
    with pytest.raises(PathRefused, match="too long"):
        check_proxy_request("api/2.0/mlflow-artifacts/artifacts/" + "a/" * 2000 + "x", "", "GET")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Cannot reach https://ann:hunter22@h.example/x", "hunter22"),
        ("headers: {'Authorization': 'Bearer abcdef123456'}", "abcdef123456"),
        ("Authorization: Basic YW5uOmh1bnRlcjIy", "YW5uOmh1bnRlcjIy"),
        ('{"access_token": "eyJhbGciOi.xyz"}', "eyJhbGciOi.xyz"),
        (
            "token dapi0123456789abcdef0123456789abcdef-2 refused",
            "dapi0123456789abcdef0123456789abcdef",
        ),
    ],
)
def test_scrub_removes_credentials(text, secret):
    assert secret not in scrub(text)


def test_scrub_removes_known_secret_values():
    assert (
        scrub("user ann with s3cr3t-pw failed", ["ann", "s3cr3t-pw"]) == "user *** with *** failed"
    )
