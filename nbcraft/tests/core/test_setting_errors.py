"""A setting of the wrong type is named, never shown: in the lab (``/nbcraft/info``, which any
logged-in client reads, and the server log) as in the CLIs."""

import json

import pytest

MISTYPED = 987654321012  # a token written as a number: still a token


@pytest.fixture
def server_log(capsys):
    """What the server logs, set-up included (nbcraft loads before a test's caplog could see
    it, and the ServerApp's logger does not propagate): its console handler writes to the
    sys.stderr of the time, capsys's when capsys is set up first."""
    return capsys


@pytest.fixture
def jp_server_config(jp_server_config, server_log):
    tokens = {"https://eg-b.example.org": MISTYPED}
    return {**jp_server_config, "NbcraftCompute": {"gateway_auth_tokens": tokens}}


async def test_a_mistyped_token_reaches_neither_the_browser_nor_the_log(jp_fetch, server_log):
    body = json.loads((await jp_fetch("nbcraft", "info")).body)
    assert "compute" not in body["capabilities"]
    reason = body["unavailable"]["compute"]
    assert reason.startswith("c.NbcraftCompute.gateway_auth_tokens (values): expected"), reason
    assert str(MISTYPED) not in json.dumps(body)
    # nbcraft's lines (jupyter_server's own debug-level "Config changed" prints the config:
    # not at the log level a server runs at)
    logged = [line for line in server_log.readouterr().err.splitlines() if "nbcraft" in line]
    said = [line for line in logged if "compute is unavailable" in line]
    assert said and "c.NbcraftCompute.gateway_auth_tokens" in said[0], logged
    assert not [line for line in logged if str(MISTYPED) in line and "Config changed" not in line]


def test_a_refused_websocket_url_is_named_for_what_it_must_be():
    """Not a type error (GatewayClient's own check): said as such, the value left out."""
    from jupyter_server.gateway.gateway_client import GatewayClient
    from traitlets import TraitError
    from traitlets.config import Config

    from nbcraft.setting_errors import setting_error

    config = Config()
    config.GatewayClient.ws_url = "https://secret-host.example.org/tok-123"
    with pytest.raises(TraitError) as refused:
        GatewayClient(config=config)
    message = setting_error(refused.value)
    assert message.startswith("c.GatewayClient.ws_url (or its environment variable) must start")
    assert "wrong type" not in message and "secret-host" not in message
