"""``jupyter nbcraft reproduce`` builds its job service as ``run`` does (``cli_service``): each
gateway job its own client, and a gateway call with none fails instead of answering the
process's singleton, which carries the ``JUPYTER_GATEWAY_*`` credentials. In this process,
with the session's real ``mlflow server``; the re-run itself is replaced by a probe (what
reproduces a run is tested in test_reproduce_cli.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def singleton_with_credentials(monkeypatch):
    from jupyter_server.gateway.gateway_client import GatewayClient

    monkeypatch.setenv("JUPYTER_GATEWAY_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("JUPYTER_GATEWAY_AUTH_TOKEN", "token-of-the-environment")
    GatewayClient.clear_instance()
    yield
    GatewayClient.clear_instance()


def test_reproduce_gives_no_gateway_call_the_process_s_client(
    tmp_path, monkeypatch, mlflow_server, singleton_with_credentials, capsys
):
    from jupyter_server.gateway.gateway_client import GatewayClient

    import nbcraft.provenance.cli as reproduce_cli
    from nbcraft.provenance.reproduce import Reproduction

    seen: dict[str, str] = {}

    async def probe(options, ctx):  # where the re-run would start its kernel
        try:
            seen["answered"] = GatewayClient.instance().auth_token
        except RuntimeError as error:
            seen["refused"] = str(error)
        return Reproduction(options.run_id).finish(2, "probe")

    monkeypatch.setattr(reproduce_cli, "reproduce", probe)
    for name in ("JUPYTER_CONFIG_PATH", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / ".jupyter-config"))
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / ".no-lab-settings"))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    monkeypatch.chdir(tmp_path)

    code = reproduce_cli.main(["0123456789abcdef", "--target", "eg"])

    assert code == 2, capsys.readouterr().err
    assert "answered" not in seen, seen
    assert "no gateway client of its own" in seen["refused"]
