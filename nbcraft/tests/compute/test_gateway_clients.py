"""Which settings a gateway's own ``GatewayClient`` gets (``nbcraft.compute.gateway_clients``):
the global ``c.GatewayClient.*`` for every gateway, the global credentials only for the gateway
they were configured with, a gateway's own token for it alone. Pure; the real runs against two
Enterprise Gateways are nbcraft/tests/jobs/test_cli_two_gateways.py."""

from __future__ import annotations

import pytest

from nbcraft.compute.gateway_clients import GatewayClients, client_settings, gateway_key

A = "http://eg-a.example.org:8888"
B = "http://eg-b.example.org:8888"
GLOBAL = {
    "GatewayClient": {
        "url": A,
        "auth_token": "token-of-a",
        "http_user": "user-a",
        "http_pwd": "password-of-a",
        "headers": '{"X-Api-Key": "key-of-a"}',
        "validate_cert": False,
        "connect_timeout": 7.0,
    }
}


@pytest.mark.parametrize(
    "same", [A, A + "/", "HTTP://EG-A.example.org:8888", "http://eg-a.example.org:8888//"]
)
def test_spellings_of_one_gateway_are_one(same):
    assert gateway_key(same) == gateway_key(A)


@pytest.mark.parametrize(
    "other",
    [B, "https://eg-a.example.org:8888", "http://eg-a.example.org:8889", A + "/prefix", "", "x"],
)
def test_other_gateways_are_others(other):
    assert gateway_key(other) != gateway_key(A)


def test_default_ports_are_the_schemes():
    assert gateway_key("https://eg") == gateway_key("https://eg:443")
    assert gateway_key("http://eg") == gateway_key("http://eg:80")


def test_the_configured_gateway_gets_the_global_settings_and_credentials():
    settings = client_settings(GLOBAL, A + "/", environ={})
    assert settings == {**GLOBAL["GatewayClient"], "url": A}


def test_another_gateway_gets_the_global_settings_but_none_of_the_credentials():
    environ = {"JUPYTER_GATEWAY_AUTH_TOKEN": "token-of-a", "JUPYTER_GATEWAY_HTTP_PWD": "pw"}
    settings = client_settings(GLOBAL, B, environ=environ)
    assert settings["url"] == B
    assert settings["validate_cert"] is False and settings["connect_timeout"] == 7.0
    # Set empty, so the JUPYTER_GATEWAY_* variables are not read by the trait defaults either.
    assert settings["auth_token"] == settings["http_user"] == settings["http_pwd"] == ""
    assert settings["headers"] == "{}"
    assert "of-a" not in repr(settings)


def test_a_gateways_own_token_goes_to_it_alone_and_wins_over_the_global_one():
    tokens = {B + "/": "token-of-b", A: "own-token-of-a"}
    assert client_settings(GLOBAL, B, tokens, environ={})["auth_token"] == "token-of-b"
    assert client_settings(GLOBAL, A, tokens, environ={})["auth_token"] == "own-token-of-a"
    third = client_settings(GLOBAL, "http://eg-c:8888", tokens, environ={})
    assert third["auth_token"] == ""


def test_the_global_url_of_the_environment_owns_the_environment_token():
    """No c.GatewayClient.url: JUPYTER_GATEWAY_URL says whose JUPYTER_GATEWAY_AUTH_TOKEN it is;
    with neither, no gateway gets the global credentials (fail closed)."""
    assert "auth_token" not in client_settings({}, A, environ={"JUPYTER_GATEWAY_URL": A})
    assert client_settings({}, A, environ={})["auth_token"] == ""


def test_each_gateway_gets_one_client_of_its_own():
    from jupyter_server.gateway.gateway_client import GatewayClient

    clients = GatewayClients(GLOBAL, {B: "token-of-b"})
    a, b = clients.client(A), clients.client(B)
    assert clients.client(A + "/") is a and a is not b
    assert a is not GatewayClient.instance()
    assert (a.url, a.auth_token, b.url, b.auth_token) == (A, "token-of-a", B, "token-of-b")
    assert b.validate_cert is False and b.http_pwd in ("", None)
