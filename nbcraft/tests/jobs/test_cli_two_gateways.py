"""``jupyter nbcraft run`` with gateway targets on two Enterprise Gateways: each target's kernel
starts on its own gateway, with its own token (a token of one is never sent to the other), and
the gateway client is set up from the user's Jupyter config (``c.GatewayClient.*``) as the lab's
is. Two real gateways on loopback (conftest ``gateway_pair``), the session's real mlflow server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jobs_support import CLI, notebook, run_cli, write_notebook

from nbcraft.project_config import read_project_config
from nbcraft.trust.store import TrustStore

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

# Which gateway ran the kernel, written where the test reads it (an absolute path: a gateway's
# kernel does not start in the notebook's folder).
WHICH = notebook(
    ("out = ''", ["parameters"]),
    "import os, pathlib\n"
    "pathlib.Path(out).write_text(os.environ.get('NBCRAFT_TEST_GATEWAY', 'not a gateway'))\n"
    "pathlib.Path(out + '.cwd').write_text(os.getcwd())\n"
    "pathlib.Path(out + '.kwd').write_text(os.environ.get('KERNEL_WORKING_DIR', '-'))\n"
    "if 'NBCRAFT_TEST_PROBE' in os.environ:\n"
    "    pathlib.Path(out + '.probe').write_text(os.environ['NBCRAFT_TEST_PROBE'])\n"
    "if 'NBCRAFT_TEST_PROBE_KEY' in os.environ:\n"
    "    pathlib.Path(out + '.key').write_text(os.environ['NBCRAFT_TEST_PROBE_KEY'])",
)


def project(root: Path, gateway_a, gateway_b, config: dict) -> Path:
    steps = [
        {"name": name, "notebook": "which.ipynb", "target": name,
         "parameters": {"out": str(root / f"ran-{name}.txt")}}
        for name in ("a", "b")
    ]  # fmt: skip
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"both": {"steps": steps}}}))
    found = read_project_config(root)
    TrustStore().trust(found.path, found.sha256)
    write_notebook(root / "which.ipynb", WHICH)
    targets = [
        {"name": name, "kind": "gateway", "url": gateway.url, "kernel": gateway.kernel}
        for name, gateway in (("a", gateway_a), ("b", gateway_b))
    ]
    config.setdefault("NbcraftCompute", {})["targets"] = targets
    (root / ".jupyter-config").mkdir()
    (root / ".jupyter-config" / "jupyter_server_config.json").write_text(json.dumps(config))
    return root


def test_each_gateway_target_starts_its_kernel_on_its_own_gateway_with_its_own_token(
    tmp_path, gateway_pair, mlflow_server
):
    a, b = gateway_pair
    # a's token is the global one (c.GatewayClient, as configure_gateway writes it for the
    # lab's gateway); b's is nbcraft's own for b's URL.
    config = {
        "GatewayClient": {"url": a.url, "auth_token": a.token},
        "NbcraftCompute": {"gateway_auth_tokens": {b.url: b.token}},
    }
    root = project(tmp_path, a, b, config)
    done = run_cli(
        "--pipeline", "both", cwd=root, tracking=mlflow_server, KERNEL_USERNAME="nbcraft-test"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "ran-a.txt").read_text() == "a"
    assert (root / "ran-b.txt").read_text() == "b"
    # Where a gateway's kernel runs (docs/compute.md, "Working directory"): in the gateway's
    # own working directory, not the notebook's folder on this machine, whose path the CLI
    # does not send (no KERNEL_WORKING_DIR).
    for name, gateway in (("a", a), ("b", b)):
        assert Path((root / f"ran-{name}.txt.cwd").read_text()) == gateway.log.parent
        assert (root / f"ran-{name}.txt.kwd").read_text() == "-"
    # Neither gateway was asked with the other's token (EG logs a refused request as 401).
    for gateway in (a, b):
        assert " 401 " not in gateway.log.read_text(errors="replace")


def test_the_global_token_goes_to_its_own_gateway_only(tmp_path, gateway_pair, mlflow_server):
    """b has no token of nbcraft's: it gets none (not a's), so b refuses its step and a runs.
    (A refusal does not say which token b got: test_gateway_tokens_recorded.py records it.)"""
    a, b = gateway_pair
    config = {"GatewayClient": {"url": a.url, "auth_token": a.token}}
    root = project(tmp_path, a, b, config)
    before = b.log.read_text(errors="replace").count(" 401 ")
    done = run_cli(
        "--pipeline", "both", cwd=root, tracking=mlflow_server, KERNEL_USERNAME="nbcraft-test"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert (root / "ran-a.txt").read_text() == "a"
    assert not (root / "ran-b.txt").exists()
    assert "b: failed" in done.stderr and "401" in done.stderr
    assert b.log.read_text(errors="replace").count(" 401 ") > before


def test_c_gateway_client_settings_of_the_jupyter_config_apply_to_every_gateway(
    tmp_path, gateway_pair, mlflow_server
):
    """c.GatewayClient.allowed_envs of the user's Jupyter config (the lab honours it) holds for
    both gateways: their kernels get the variable it lists (and the gateways keep); a
    credential it lists (a name is_secret_name flags) goes to the configured gateway only."""
    a, b = gateway_pair
    config = {
        "GatewayClient": {
            "url": a.url,
            "auth_token": a.token,
            "allowed_envs": "NBCRAFT_TEST_PROBE,NBCRAFT_TEST_PROBE_KEY",
        },
        "NbcraftCompute": {"gateway_auth_tokens": {b.url: b.token}},
    }
    root = project(tmp_path, a, b, config)
    done = run_cli(
        "--pipeline", "both", cwd=root, tracking=mlflow_server, KERNEL_USERNAME="nbcraft-test",
        NBCRAFT_TEST_PROBE="sent", NBCRAFT_TEST_PROBE_KEY="secret-of-a",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("a", "b"):
        assert (root / f"ran-{name}.txt").read_text() == name
        assert (root / f"ran-{name}.txt.probe").read_text() == "sent"
    assert (root / "ran-a.txt.key").read_text() == "secret-of-a"
    assert not (root / "ran-b.txt.key").exists()
