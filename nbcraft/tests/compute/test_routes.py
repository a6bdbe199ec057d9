"""The compute routes of a real Jupyter server, its /api/kernelspecs and `jupyter kernelspec
list`. No remote engine runs here: unreachable targets point at closed loopback ports.
Databricks itself is not reachable from this machine; its targets are checked only as far
as nbcraft checks them locally (profile file, databricks-connect in the target's Python)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import tornado.httpclient

from nbcraft.compute.checks import check_databricks_profile, parse_java_major

CLOSED = 9  # the discard port: nothing listens on loopback here, so connections are refused


@pytest.fixture
def compute_root(jp_environ, jp_root_dir, tmp_path, monkeypatch, trust_project):
    cfg = tmp_path / "databrickscfg"
    cfg.write_text("[dev]\nhost = https://adb-123.azuredatabricks.net\ntoken = dapiSECRET0000\n")
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(cfg))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5999")
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "mlflow-token-never-on-disk")
    (Path(jp_root_dir) / "nbcraft.json").write_text(
        json.dumps(
            {
                "compute": {
                    "targets": [
                        {"name": "laptop", "kind": "local", "kernel": "python3"},
                        {
                            "name": "spark",
                            "kind": "spark-connect",
                            "url": f"sc://127.0.0.1:{CLOSED}",
                        },
                        {
                            "name": "dev",
                            "kind": "databricks-connect",
                            "profile": "dev",
                            "serverless": True,
                        },
                        {
                            "name": "eg",
                            "kind": "gateway",
                            "url": f"http://127.0.0.1:{CLOSED}",
                            "kernel": "py",
                        },
                        {"name": "broken", "kind": "spark-connect", "url": "localhost:15002"},
                    ]
                }
            }
        )
    )
    trust_project(jp_root_dir)  # the user's own test project: its targets may act
    return Path(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, compute_root):
    return {
        **jp_server_config,
        "ServerApp": {"jpserver_extensions": {"nbcraft": True}},
        "NbcraftCompute": {"watch_interval": 0.2, "check_timeout": 1.0},
    }


async def get_json(jp_fetch, *parts, **kwargs):
    response = await jp_fetch(*parts, **kwargs)
    return json.loads(response.body)


async def test_targets_are_listed_checked_and_turned_into_kernelspecs(jp_fetch, jp_data_dir):
    targets = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    by_name = {t["name"]: t for t in targets}
    assert by_name["laptop"] == {
        "name": "laptop",
        "kind": "local",
        "displayName": "laptop",
        "reachable": True,
        "kernelspec": "nbcraft-laptop",
        "detail": "local kernelspec 'python3'",
        "shadowed": False,
        "source": "nbcraft.json: compute.targets[0]",
    }
    spark = by_name["spark"]
    assert spark["reachable"] is False and spark["kernelspec"] == "nbcraft-spark"
    assert f"sc://127.0.0.1:{CLOSED} is not reachable" in spark["detail"]
    # Java is here, so the message says how to start a server on this machine.
    assert (
        "spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer"
        in (spark["detail"])
    )
    gateway = by_name["eg"]
    assert gateway["reachable"] is False and "is not reachable" in gateway["detail"]
    assert gateway["kernelspec"] == "py"  # the gateway's kernel, served through kernels-mixer
    # The malformed target is listed, greyed out, naming the file and key.
    [broken] = [t for t in targets if t.get("error")]
    assert broken["name"] == "nbcraft.json: compute.targets[4]"
    assert broken["detail"] == (
        "nbcraft.json: compute.targets[4].url: expected sc://host:port; got 'localhost:15002'"
    )

    specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
    assert {"nbcraft-laptop", "nbcraft-spark", "nbcraft-dev"} <= set(specs)
    assert "nbcraft-eg" not in specs and "nbcraft-broken" not in specs
    env = specs["nbcraft-spark"]["spec"]["env"]
    assert env["SPARK_REMOTE"] == f"sc://127.0.0.1:{CLOSED}"
    assert env["MLFLOW_TRACKING_URI"] == "${MLFLOW_TRACKING_URI}"
    dev_env = specs["nbcraft-dev"]["spec"]["env"]
    assert dev_env["DATABRICKS_CONFIG_PROFILE"] == "dev"
    assert dev_env["DATABRICKS_SERVERLESS_COMPUTE_ID"] == "auto"
    for path in Path(jp_data_dir, "kernels").rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert "mlflow-token-never-on-disk" not in text and "dapiSECRET" not in text, path


async def test_databricks_target_is_checked_locally_only(jp_fetch):
    """Databricks is not reachable here: the check covers the profile and the package."""
    dev = await get_json(jp_fetch, "nbcraft", "compute", "targets", "dev")
    assert dev["reachable"] is False
    assert f"databricks-connect is not installed in {sys.executable}" in dev["detail"]
    assert "pip install databricks-connect" in dev["detail"]


def test_databricks_profile_validation(tmp_path):
    cfg = tmp_path / "cfg"
    env = {"DATABRICKS_CONFIG_FILE": str(cfg)}
    missing = check_databricks_profile("dev", env)
    assert not missing.reachable and f"no Databricks config file at {cfg}" in missing.detail
    cfg.write_text("[other]\nhost = https://h\n[nohost]\ntoken = dapiXYZ\n")
    absent = check_databricks_profile("dev", env)
    assert not absent.reachable
    assert (
        "profile 'dev' is not in" in absent.detail and "(profiles: other, nohost)" in absent.detail
    )
    nohost = check_databricks_profile("nohost", env)
    assert not nohost.reachable and "has no `host`" in nohost.detail
    assert "dapiXYZ" not in nohost.detail
    ok = check_databricks_profile("other", env)
    assert ok.reachable and ok.detail == "profile 'other' found (https://h)"


async def test_a_target_added_to_the_config_appears_without_restart(
    jp_fetch, compute_root, jp_environ, trust_project
):
    before = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
    assert "nbcraft-later" not in before
    config = json.loads((compute_root / "nbcraft.json").read_text())
    config["compute"]["targets"].append(
        {"name": "later", "kind": "spark-connect", "url": "sc://127.0.0.1:15002"}
    )
    (compute_root / "nbcraft.json").write_text(json.dumps(config))
    trust_project(compute_root)  # the edit made the file untrusted; the user trusts it again
    # The config watcher rewrites the specs; /api/kernelspecs re-reads the folders.
    for _ in range(50):
        specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
        if "nbcraft-later" in specs:
            break
        await asyncio.sleep(0.1)
    assert specs["nbcraft-later"]["spec"]["env"]["SPARK_REMOTE"] == "sc://127.0.0.1:15002"
    # `jupyter kernelspec list` (same Jupyter paths as the server) sees it too.
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "jupyter_client.kernelspecapp",
        "list",
        "--json",
        stdout=subprocess.PIPE,
    )
    listed, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0
    assert "nbcraft-later" in json.loads(listed)["kernelspecs"]
    # Removing it from the config removes the generated spec.
    config["compute"]["targets"].pop()
    (compute_root / "nbcraft.json").write_text(json.dumps(config))
    trust_project(compute_root)
    targets = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert "later" not in {t["name"] for t in targets}
    # The watcher removes the spec (a GET writes nothing).
    for _ in range(50):
        specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
        if "nbcraft-later" not in specs:
            break
        await asyncio.sleep(0.1)
    assert "nbcraft-later" not in specs


async def test_a_config_file_that_breaks_keeps_the_server_answering(jp_fetch, compute_root):
    (compute_root / "nbcraft.json").write_text('{"compute": {"targets": [')
    targets = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert len(targets) == 1 and targets[0]["error"] is True
    assert targets[0]["detail"].startswith("nbcraft.json: line 1 column 26: invalid JSON")
    info = await get_json(jp_fetch, "nbcraft", "info")
    assert "compute" in info["capabilities"]


async def test_switch_plan_route(jp_fetch):
    plan = await get_json(
        jp_fetch, "nbcraft", "compute", "targets", "spark", "switch", params={"kernel": "python3"}
    )
    assert plan["mode"] == "rebind" and plan["kernelspec"] == "python3"
    assert plan["stateLost"] is False and "SPARK_REMOTE" in plan["code"]
    plan = await get_json(
        jp_fetch, "nbcraft", "compute", "targets", "dev", "switch", params={"kernel": "python3"}
    )
    assert plan == {
        "mode": "change-kernel",
        "kernelspec": "nbcraft-dev",
        "stateLost": True,
        "reason": "a databricks-connect target runs in its own kernel",
    }
    plan = await get_json(
        jp_fetch,
        "nbcraft",
        "compute",
        "targets",
        "spark",
        "switch",
        params={"kernel": "no-such-kernel"},
    )
    assert plan["mode"] == "change-kernel" and plan["reason"] == "the current kernel is unknown"


async def test_unknown_targets_get_a_404_that_says_where_to_look(jp_fetch):
    for parts in (("targets", "nope"), ("targets", "nope", "switch")):
        with pytest.raises(tornado.httpclient.HTTPClientError) as err:
            await jp_fetch("nbcraft", "compute", *parts)
        assert err.value.code == 404
        body = json.loads(err.value.response.body)
        assert "no compute target named 'nope'" in body["message"]


async def test_compute_routes_need_authentication(jp_fetch):
    no_auth = {"Authorization": ""}
    for parts in (("targets",), ("targets", "spark"), ("targets", "spark", "switch")):
        response = await jp_fetch("nbcraft", "compute", *parts, headers=no_auth, raise_error=False)
        assert response.code == 403, parts


async def test_missing_java_says_what_to_install(jp_fetch, monkeypatch, tmp_path):
    """A loopback Spark target that is down: with no `java` on PATH the message says how to
    get Java, not how to start a server that cannot start."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    spark = await get_json(jp_fetch, "nbcraft", "compute", "targets", "spark")
    assert spark["reachable"] is False
    assert (
        "To run one here you need Java: Java is not installed; Spark 4 needs Java 17+: "
        "apt-get install -y openjdk-17-jre-headless"
    ) in spark["detail"]
    assert "spark-submit" not in spark["detail"]


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('java version "1.8.0_392"\nJava(TM) SE Runtime Environment', 8),
        ('openjdk version "21" 2023-09-19', 21),
        ("Error: could not find libjava.so", None),
    ],
)
def test_java_version_parsing(output, major):
    assert parse_java_major(output) == major


async def test_gateway_kernel_named_like_a_local_one_is_flagged(
    jp_fetch, compute_root, trust_project
):
    config = json.loads((compute_root / "nbcraft.json").read_text())
    for name, kernel in (("clash", "python3"), ("clash-case", "PYTHON3")):
        config["compute"]["targets"].append(
            {"name": name, "kind": "gateway", "url": "http://127.0.0.1:9", "kernel": kernel}
        )
    (compute_root / "nbcraft.json").write_text(json.dumps(config))
    trust_project(compute_root)
    clash = await get_json(jp_fetch, "nbcraft", "compute", "targets", "clash")
    assert clash["reachable"] is False
    assert clash["shadowed"] is True  # the lab warns of a notebook's kernel of that name
    assert clash["detail"] == (
        "a kernel of this machine is also named 'python3', and kernels-mixer starts that "
        "one, not the gateway's: give the target the gateway's kernel under another name"
    )
    # kernels-mixer routes by the exact name: the gateway's PYTHON3 is the gateway's, so the
    # target is judged by its gateway alone (here nobody listens on the port)
    case = await get_json(jp_fetch, "nbcraft", "compute", "targets", "clash-case")
    assert case["reachable"] is False
    assert case["shadowed"] is False
    assert "kernels-mixer" not in case["detail"]
    assert "127.0.0.1:9" in case["detail"]
