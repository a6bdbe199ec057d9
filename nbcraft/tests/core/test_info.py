"""The server extension loads, serves /nbcraft/info, and refuses unauthenticated requests."""

import json

import pytest
import tornado.httpclient


@pytest.fixture
def jp_server_config(jp_server_config):
    return {**jp_server_config, "ServerApp": {"jpserver_extensions": {"nbcraft": True}}}


async def test_info_answers_with_version_and_capabilities(jp_fetch):
    response = await jp_fetch("nbcraft", "info")
    assert response.code == 200
    body = json.loads(response.body)
    assert body["name"] == "nbcraft"
    assert isinstance(body["version"], str) and body["version"]
    assert isinstance(body["capabilities"], list)


NO_AUTH = {"Authorization": ""}  # overrides jp_fetch's token header


async def test_unauthenticated_request_is_refused(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await jp_fetch("nbcraft", "info", headers=NO_AUTH)
    assert refused.value.code == 403


async def test_every_nbcraft_route_requires_authentication(jp_fetch, jp_serverapp, jp_base_url):
    """Walk the routes nbcraft registered and GET (or POST, where GET is no method) each without
    credentials."""
    patterns = jp_serverapp.web_app.settings["nbcraft_routes"]
    assert any(p.endswith("/nbcraft/info") for p in patterns)
    for pattern in patterns:
        # Turn the route regex into a concrete path: fill groups with a harmless segment.
        path = pattern.rstrip("$")
        for group in ("(.*)", "(.+)", "([^/]+)", "(?P<path>.*)"):
            path = path.replace(group, "x")
        relative = path[len(jp_base_url) :] if path.startswith(jp_base_url) else path.lstrip("/")
        response = await jp_fetch(relative, headers=NO_AUTH, raise_error=False)
        if response.code == 405:  # a route that only takes POST (promote/remove-folder): POST it
            response = await jp_fetch(
                relative, method="POST", body="{}", headers=NO_AUTH, raise_error=False
            )
        assert response.code in (401, 403), f"{path} answered {response.code} without credentials"
