"""Which settings a gateway's own ``GatewayClient`` gets (``nbcraft.compute.gateway_clients``):
the global ``c.GatewayClient.*`` for every gateway, the global credentials only for the gateway
they were configured with, a gateway's own token for it alone. Pure; the real runs against two
Enterprise Gateways are nbcraft/tests/jobs/test_cli_two_gateways.py."""

from __future__ import annotations

import sys

import pytest

from nbcraft.compute.gateway_clients import (
    SHARED_SETTINGS,
    GatewayClients,
    _own_defaults,
    client_settings,
    gateway_key,
    websocket_base,
    ws_url_for,
)

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
    assert settings == {**GLOBAL["GatewayClient"], "url": A, "ws_url": "ws://eg-a.example.org:8888"}


def test_another_gateway_gets_the_global_settings_but_none_of_the_credentials():
    environ = {"JUPYTER_GATEWAY_AUTH_TOKEN": "token-of-a", "JUPYTER_GATEWAY_HTTP_PWD": "pw"}
    settings = client_settings(GLOBAL, B, environ=environ)
    assert settings["url"] == B
    assert settings["connect_timeout"] == 7.0
    assert settings["validate_cert"] is True  # A's unverified TLS is not B's (B's token)
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
    assert a.validate_cert is False and b.validate_cert is True and b.http_pwd in ("", None)


# Settings of the configured gateway that carry its identity or send a client elsewhere: none
# may reach another gateway, from the config or from the JUPYTER_GATEWAY_* variables.
IDENTITY = {
    "auth_token": "token-of-a",
    "http_user": "user-a",
    "http_pwd": "password-of-a",
    "headers": '{"X-Api-Key": "key-of-a"}',
    "client_cert": "/home/u/a-client.pem",
    "client_key": "/home/u/a-client.key",
    "gateway_token_renewer_class": "renewer_of_a.AadRenewer",
    "ws_url": "ws://eg-a.example.org:8888",
}


def test_another_gateway_gets_no_setting_of_the_global_config_outside_the_allow_list():
    """An allow-list: a setting nbcraft does not know (one jupyter_server adds later, or the
    ws_url and token renewer a block-list missed) stays with the configured gateway."""
    config = {"GatewayClient": {"url": A, **IDENTITY, "some_future_setting": "of-a"}}
    environ = {f"JUPYTER_GATEWAY_{name.upper()}": value for name, value in IDENTITY.items()}
    environ["JUPYTER_GATEWAY_TOKEN_RENEWER_CLASS"] = IDENTITY["gateway_token_renewer_class"]
    settings = client_settings(config, B, environ=environ)
    assert "of-a" not in repr(settings) and "some_future_setting" not in settings
    assert settings["ws_url"] == "ws://eg-b.example.org:8888"
    assert settings["client_cert"] == settings["client_key"] == ""
    assert settings["gateway_token_renewer_class"].endswith(".NoOpTokenRenewer")
    defaulted = {k for k, v in settings.items() if k not in IDENTITY and k != "url"}
    assert all(settings[k] == _own_defaults()[k] for k in defaulted - {"allowed_envs"})


def test_another_gateway_gets_the_shared_settings():
    shared = {"connect_timeout": 7.0, "gateway_retry_max": 2, "kernels_endpoint": "/k"}
    assert set(shared) <= SHARED_SETTINGS
    settings = client_settings({"GatewayClient": {"url": A, **shared}}, B, environ={})
    assert {k: settings[k] for k in shared} == shared


def test_another_gateway_trusts_and_speaks_as_itself():
    """A's TLS trust (off, or its private CA) and its token's header format stay A's: B's own
    token goes over verified TLS, in the format the client's defaults say."""
    own = {"validate_cert": False, "ca_certs": "/a/ca.pem", "auth_scheme": "Bearer",
           "auth_header_key": "X-A-Auth"}  # fmt: skip
    environ = {"JUPYTER_GATEWAY_VALIDATE_CERT": "no", "JUPYTER_GATEWAY_CA_CERTS": "/a/ca.pem"}
    settings = client_settings({"GatewayClient": {"url": A, **own}}, B, {B: "tok-b"}, environ)
    assert settings["validate_cert"] is True and settings["ca_certs"] is None
    assert (settings["auth_scheme"], settings["auth_header_key"]) == ("token", "Authorization")
    a = client_settings({"GatewayClient": {"url": A, **own}}, A, environ=environ)
    assert {k: a[k] for k in own} == own


@pytest.mark.parametrize("name", ["allowed_envs", "env_whitelist"])
def test_another_gateway_gets_no_credential_of_allowed_envs(name):
    """A's allowed_envs may list A's secrets (A_STORAGE_KEY): B's kernels get the other
    names only, from the config or the JUPYTER_GATEWAY_* variables."""
    listed = "A_STORAGE_KEY,PROBE,DB_PASSWORD"
    settings = client_settings({"GatewayClient": {"url": A, name: listed}}, B, environ={})
    assert settings["allowed_envs"] == "PROBE" and "env_whitelist" not in settings
    environ = {f"JUPYTER_GATEWAY_{name.upper()}": listed}
    assert client_settings({"GatewayClient": {"url": A}}, B, environ=environ)["allowed_envs"] == (
        "PROBE"
    )
    assert client_settings({"GatewayClient": {"url": A, name: listed}}, A, environ={})[name] == (
        listed
    )


def test_another_gateway_reads_no_setting_from_the_environment(monkeypatch):
    """Every GatewayClient setting outside the allow-list is set for another gateway, so no
    trait default reads A's JUPYTER_GATEWAY_* variable (a setting jupyter_server adds later
    neither)."""
    from jupyter_server.gateway.gateway_client import GatewayClient
    from traitlets import Unicode

    traits = GatewayClient.class_traits(config=True)
    texts = [
        n
        for n, t in traits.items()
        if isinstance(t, Unicode) and hasattr(GatewayClient, f"{n}_env")
    ]
    for name in texts:
        value = {"ws_url": "ws://of-a", "url": A, "allowed_envs": "A_STORAGE_KEY"}.get(name, "of-a")
        monkeypatch.setenv(getattr(GatewayClient, f"{name}_env"), value)
    monkeypatch.setenv("JUPYTER_GATEWAY_VALIDATE_CERT", "no")
    assert {"ca_certs", "auth_scheme", "auth_header_key", "allowed_envs"} <= set(texts)
    assert not {"ca_certs", "validate_cert", "auth_scheme", "auth_header_key"} & SHARED_SETTINGS
    b = GatewayClients({}).client(B)
    values = {n: str(getattr(b, n)) for n in texts if n not in SHARED_SETTINGS}
    leaked = {n: v for n, v in values.items() if "of-a" in v or "A_STORAGE_KEY" in v}
    assert leaked == {} and b.validate_cert is True
    assert set(traits) - {"event_logger", "env_whitelist"} - SHARED_SETTINGS <= set(
        client_settings({}, B, environ={})
    )


@pytest.mark.parametrize(
    "url, ws_url",
    [
        ("https://gw.httpbin.example.org", "wss://gw.httpbin.example.org"),
        ("HTTP://eg-http:8888/http/", "ws://eg-http:8888/http"),
        ("http://eg-b.example.org:8888", "ws://eg-b.example.org:8888"),
    ],
)
def test_the_websocket_url_is_the_url_with_its_scheme_swapped(url, ws_url):
    assert client_settings({}, url, environ={})["ws_url"] == ws_url
    assert ws_url_for(url.rstrip("/")) == ws_url


def test_the_configured_ws_url_is_the_configured_gateways_alone():
    environ = {"JUPYTER_GATEWAY_WS_URL": "ws://elsewhere:1"}
    assert client_settings(GLOBAL, A, environ=environ)["ws_url"] == "ws://elsewhere:1"
    assert client_settings(GLOBAL, B, environ=environ)["ws_url"] == "ws://eg-b.example.org:8888"


def test_a_gateways_renewer_and_client_certificate_stay_with_it(tmp_path, monkeypatch):
    """A renewer configured for A would answer A's token for B (B's token is "", so
    load_connection_args asks it)."""
    (tmp_path / "renewer_of_a.py").write_text(
        "from jupyter_server.gateway.gateway_client import GatewayTokenRenewerBase\n"
        "class AadRenewer(GatewayTokenRenewerBase):\n"
        "    def get_token(self, *args, **kwargs):\n"
        "        return 'fresh-token-of-a'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "renewer_of_a", raising=False)
    clients = GatewayClients({"GatewayClient": {"url": A, **IDENTITY}})
    b = clients.client(B).load_connection_args()
    assert "of-a" not in repr(b)
    assert clients.client(A).load_connection_args()["headers"]["Authorization"] == (
        "token fresh-token-of-a"
    )


def test_the_websocket_goes_to_the_gateways_own_host_unless_configured_for_it():
    clients = GatewayClients(GLOBAL, {B: "token-of-b"})
    assert websocket_base(clients.client(B)) == "ws://eg-b.example.org:8888"
    explicit = {**GLOBAL["GatewayClient"], "ws_url": "wss://ws.eg-a.example.org"}
    configured = GatewayClients({"GatewayClient": explicit})
    assert websocket_base(configured.client(A)) == "wss://ws.eg-a.example.org"
    assert websocket_base(configured.client(B)) == "ws://eg-b.example.org:8888"


def test_the_servers_own_client_gets_its_websocket_at_its_own_host(monkeypatch):
    """The lab's client (the Jupyter server's GatewayClient): jupyter_server's default ws_url
    replaces "http" in the host too (gw.httpbin -> gw.wsbin); the headers must not go there."""
    from jupyter_server.gateway.gateway_client import GatewayClient
    from traitlets.config import Config

    monkeypatch.delenv("JUPYTER_GATEWAY_WS_URL", raising=False)
    config = Config()
    config.GatewayClient.url = "https://gw.httpbin.example.org"
    client = GatewayClient(config=config)
    assert client.ws_url == "wss://gw.wsbin.example.org"  # upstream's default
    assert websocket_base(client) == "wss://gw.httpbin.example.org"
    config.GatewayClient.ws_url = "wss://ws.example.org"
    assert websocket_base(GatewayClient(config=config)) == "wss://ws.example.org"


def test_in_the_cli_a_gateway_call_without_its_own_client_raises():
    """jupyter nbcraft run (one_client_per_context): a call from a task that never got a
    client is an error, not the process's singleton with the JUPYTER_GATEWAY_* credentials;
    elsewhere (the lab's process) the singleton answers as before."""
    import asyncio

    from jupyter_server.gateway.gateway_client import GatewayClient

    from nbcraft.compute.gateway_clients import done_using, one_client_per_context, using

    b = GatewayClients(GLOBAL, {B: "token-of-b"}).client(B)

    async def calls():
        with one_client_per_context():
            with pytest.raises(RuntimeError, match="no gateway client of its own"):
                GatewayClient.instance()
            token = using(b)
            assert GatewayClient.instance() is b
            done_using(token)

            async def a_task_without_a_client():
                return GatewayClient.instance()

            with pytest.raises(RuntimeError, match="no gateway client of its own"):
                await asyncio.create_task(a_task_without_a_client())
        assert GatewayClient.instance() is not b  # the singleton, outside the CLI's context

    asyncio.run(calls())


# What nbcraft's per-gateway clients rely on in jupyter_server (pyproject allows >=2.4,<3):
# HeadersGatewayKernelClient.start_channels is upstream's with the headers and ws_url added,
# and every gateway request asks GatewayClient.instance() at the time of the call. A new
# jupyter_server that changes either fails here, to be read before the pin moves.
def test_the_installed_upstream_is_the_one_nbcraft_was_checked_against():
    """UPSTREAM_SOURCES (start_channels, which nbcraft replaces, and gateway_request) as
    installed: a change here means reading upstream again before updating the digests."""
    from nbcraft.compute.gateway_clients import upstream_changed

    assert upstream_changed() == []


def test_a_second_gateway_is_refused_where_upstream_changed(monkeypatch):
    """On a jupyter_server whose gateway code nbcraft was not checked against, one run keeps
    to one gateway: a kernel on a second is refused, the first still starts."""
    from nbcraft.compute import gateway_clients

    clients = GatewayClients(GLOBAL, {B: "token-of-b"})
    assert clients.kernel_client(A).url == A and clients.kernel_client(B).url == B  # as checked
    changed = {**gateway_clients.UPSTREAM_SOURCES}
    changed[next(iter(changed))] = "0" * 64
    monkeypatch.setattr(gateway_clients, "UPSTREAM_SOURCES", changed)
    clients = GatewayClients(GLOBAL, {B: "token-of-b"})
    assert clients.kernel_client(A).url == A and clients.kernel_client(A + "/").url == A
    with pytest.raises(RuntimeError, match="second gateway .*eg-b.example.org:8888.*not checked"):
        clients.kernel_client(B)


def test_upstream_gateway_requests_ask_the_client_at_each_call():
    import inspect

    from jupyter_server.gateway import gateway_client

    source = inspect.getsource(gateway_client.gateway_request)
    assert inspect.signature(gateway_client.gateway_request).parameters.keys() == {
        "endpoint",
        "kwargs",
    }
    assert source.count("GatewayClient.instance()") == 1 and "load_connection_args" in source
