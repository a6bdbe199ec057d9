"""Every nbcraft route asks jupyter_server's Authorizer (``@authorized``), so JupyterHub's
RBAC scopes and custom Authorizers apply: a read-only user reads, and is refused (403) on
every verb that changes something."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
import tornado.web
from jupyter_server.auth.authorizer import Authorizer

from nbcraft.handlers import NbcraftHandler

VERBS = ("get", "post", "put", "patch", "delete")
# MLflow defines its searches as POST; the proxy forwards no call that changes anything
# (nbcraft/tracking/paths.py), so its POST is a read.
POST_IS_READ = {"MlflowProxyHandler"}
# A concrete request for each kind of route parameter.
PROXY_SAMPLES = {
    "get": "api/2.0/mlflow/experiments/get-by-name",
    "post": "api/2.0/mlflow/experiments/search",
}
PARAMS = {"get": {"experiment_name": "Default"}}
BODIES = {"post": '{"max_results": 1}'}
# Reads that answer 400 without their query parameters.
QUERY_REQUIRED = ("/provenance/compare",)


class ReadOnlyAuthorizer(Authorizer):
    """Allows "read", refuses "write" and "execute"; records every question."""

    asked: ClassVar[list[tuple[str, str, str]]] = []

    def is_authorized(self, handler, user, action, resource):
        type(self).asked.append((type(handler).__name__, action, resource))
        return action == "read"


@pytest.fixture
def jp_server_config(jp_server_config, mlflow_server):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"]["authorizer_class"] = ReadOnlyAuthorizer
    config["NbcraftTracking"] = {"uri": mlflow_server, "embedded": False}
    return config


def nbcraft_routes(web_app):
    """(pattern, handler class) of every NbcraftHandler route in the application."""
    found = []

    def walk(router):
        for rule in getattr(router, "rules", []):
            target = rule.target
            if isinstance(target, type) and issubclass(target, NbcraftHandler):
                found.append((rule.matcher.regex.pattern, target))
            else:
                walk(target)

    walk(web_app.default_router)
    return found


def concrete(pattern: str, verb: str, base_url: str) -> str:
    path = pattern.rstrip("$")
    if path.endswith("/mlflow/(.*)"):
        path = path[: -len("(.*)")] + PROXY_SAMPLES.get(verb, "api/2.0/mlflow/runs/search")
    for group in ("(.*)", "(.+)", "([^/]+)", "(?P<path>.*)"):
        path = path.replace(group, "x")
    # "x" names no target: those routes answer 404, after the Authorizer said yes.
    return path[len(base_url) :] if path.startswith(base_url) else path.lstrip("/")


async def test_read_only_users_read_and_are_refused_every_change(
    jp_fetch, jp_serverapp, jp_base_url
):
    routes = nbcraft_routes(jp_serverapp.web_app)
    recorded = set(jp_serverapp.web_app.settings["nbcraft_routes"])
    found = {pattern.rstrip("$") for pattern, _ in routes}
    assert found == {p.rstrip("$") for p in recorded}, "a route nbcraft did not record"
    assert len(routes) >= 5
    resources = set()
    for pattern, handler in routes:
        verbs = [
            v for v in VERBS if getattr(handler, v) is not getattr(tornado.web.RequestHandler, v)
        ]
        assert verbs, pattern
        for verb in verbs:
            ReadOnlyAuthorizer.asked.clear()
            path = concrete(pattern, verb, jp_base_url)
            body = None if verb in ("get", "delete") else BODIES.get(verb, "{}")
            response = await jp_fetch(
                path,
                params=PARAMS.get(verb) if "/mlflow/" in pattern else None,
                method=verb.upper(),
                body=body,
                raise_error=False,
                allow_nonstandard_methods=True,
            )
            asked = [(a, r) for name, a, r in ReadOnlyAuthorizer.asked if name == handler.__name__]
            assert asked, f"{verb.upper()} {path} never asked the Authorizer (@authorized)"
            action, resource = asked[0]
            assert resource.startswith("nbcraft"), (path, resource)
            resources.add(resource)
            reads = verb == "get" or (verb == "post" and handler.__name__ in POST_IS_READ)
            if reads:
                assert action == "read", (verb, path, action)
                # 404: the test's made-up id; 405: a POST-only route's GET saying "POST to ..."
                # 400: a read whose query names what to read (provenance/compare?a=&b=)
                assert (
                    response.code == 200
                    or (response.code in (404, 405) and "/x/" in path + "/")
                    or (response.code == 400 and path.endswith(QUERY_REQUIRED))
                ), f"{verb.upper()} {path} answered a read-only user {response.code}"
            else:
                assert action in ("write", "execute"), (verb, path, action)
                assert response.code == 403, f"{verb.upper()} {path} let a read-only user change it"
    assert {"nbcraft", "nbcraft-tracking", "nbcraft-compute"} <= resources


async def test_reads_answer_200(jp_fetch):
    for path in ("nbcraft/info", "nbcraft/mlflow/status", "nbcraft/compute/targets"):
        assert (await jp_fetch(path)).code == 200, path
    search = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
        method="POST",
        body=json.dumps({"max_results": 5}),
    )
    assert search.code == 200 and "experiments" in json.loads(search.body)
