"""Generated kernelspecs and the switch plan (files in a temp folder, no servers)."""

from __future__ import annotations

import json
import sys

from nbcraft.compute.config import parse_target
from nbcraft.compute.kernelspecs import STARTUP_FILE, build_kernelspec, write_kernelspecs
from nbcraft.compute.switching import plan_switch, rebind_code

SECRETS = {
    "MLFLOW_TRACKING_URI": "http://127.0.0.1:5000",
    "MLFLOW_TRACKING_TOKEN": "mlflow-secret-token-value-123",
    "MLFLOW_TRACKING_PASSWORD": "hunter2-password-value",
    "DATABRICKS_TOKEN": "dapi0123456789abcdef0123456789abcdef",
    "SC_TOKEN": "spark-connect-bearer-value",
}
PY3 = {
    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "metadata": {"debugger": True},
}


def target(**item):
    parsed = parse_target(item, "nbcraft.json", "compute.targets[0]")
    assert not isinstance(parsed, list), parsed
    return parsed


def test_spark_connect_spec_carries_remote_and_tracking_by_reference(tmp_path):
    t = target(name="spark", kind="spark-connect", url="sc://127.0.0.1:15002")
    spec = build_kernelspec(t, tmp_path, SECRETS)
    assert spec["env"]["SPARK_REMOTE"] == "sc://127.0.0.1:15002"
    # Filled by jupyter_client from the server's environment when the kernel starts.
    assert spec["env"]["MLFLOW_TRACKING_URI"] == "${MLFLOW_TRACKING_URI}"
    assert spec["env"]["MLFLOW_TRACKING_TOKEN"] == "${MLFLOW_TRACKING_TOKEN}"
    assert "MLFLOW_EXPERIMENT_NAME" not in spec["env"]  # not set on the server: not forwarded
    assert spec["argv"][0] == sys.executable
    assert spec["argv"][-1] == "--IPKernelApp.exec_files={resource_dir}/" + STARTUP_FILE
    assert spec["metadata"]["nbcraft"] == {
        "target": "spark",
        "kind": "spark-connect",
        "root": str(tmp_path),
        "project": True,  # from nbcraft.json: revoking its trust removes the spec
    }


def test_databricks_spec_uses_profile_and_cluster_or_serverless(tmp_path):
    venv = tmp_path / "dbc-venv"
    (venv / "bin").mkdir(parents=True)
    cluster = target(
        name="dev",
        kind="databricks-connect",
        profile="dev",
        clusterId="0123-456789-abc",
        python=str(venv),
    )
    env = build_kernelspec(cluster, tmp_path, SECRETS)["env"]
    assert env["DATABRICKS_CONFIG_PROFILE"] == "dev"
    assert env["DATABRICKS_CLUSTER_ID"] == "0123-456789-abc"
    assert "DATABRICKS_SERVERLESS_COMPUTE_ID" not in env
    assert "DATABRICKS_TOKEN" not in env  # the profile holds credentials, the spec does not
    assert build_kernelspec(cluster, tmp_path, SECRETS)["argv"][0] == str(venv / "bin" / "python")
    serverless = target(
        name="sl", kind="databricks-connect", profile="dev", serverless=True, python="dbc-venv"
    )  # relative to the Jupyter root
    spec = build_kernelspec(serverless, tmp_path, SECRETS)
    assert spec["env"]["DATABRICKS_SERVERLESS_COMPUTE_ID"] == "auto"
    assert "DATABRICKS_CLUSTER_ID" not in spec["env"]
    assert spec["argv"][0] == str(venv / "bin" / "python")


def test_local_spec_wraps_the_base_kernel(tmp_path):
    t = target(name="laptop", kind="local", kernel="python3", displayName="Laptop")
    spec = build_kernelspec(t, tmp_path, SECRETS, PY3)
    assert spec["argv"] == PY3["argv"]
    assert spec["display_name"] == "Laptop (Python 3 (ipykernel))"
    assert (
        spec["metadata"]["debugger"] is True and spec["metadata"]["nbcraft"]["target"] == "laptop"
    )
    assert spec["env"]["MLFLOW_TRACKING_URI"] == "${MLFLOW_TRACKING_URI}"
    assert build_kernelspec(t, tmp_path, SECRETS, None) is None  # base kernel missing
    gw = target(name="k8s", kind="gateway", url="http://127.0.0.1:1", kernel="python_k8s")
    assert build_kernelspec(gw, tmp_path, SECRETS) is None  # the gateway serves it


def test_no_secret_value_is_written_to_any_generated_file(tmp_path):
    kernels = tmp_path / "kernels"
    targets = [
        target(
            name="spark",
            kind="spark-connect",
            url="sc://h:443",
            env={"TZ": "UTC"},
        ),
        target(name="dev", kind="databricks-connect", profile="dev", serverless=True),
        target(name="laptop", kind="local", kernel="python3"),
    ]
    written = write_kernelspecs(targets, kernels, tmp_path, SECRETS, lambda name: PY3)
    assert set(written) == {"nbcraft-spark", "nbcraft-dev", "nbcraft-laptop"}
    files = [p for p in kernels.rglob("*") if p.is_file()]
    assert len(files) == 5  # three kernel.json, two start-up scripts
    for path in files:
        text = path.read_text()
        for name, value in SECRETS.items():
            if name != "MLFLOW_TRACKING_URI":
                assert value not in text, f"{name} leaked into {path}"
    spark_env = json.loads((kernels / "nbcraft-spark" / "kernel.json").read_text())["env"]
    assert spark_env["SPARK_REMOTE"] == "sc://h:443"
    assert spark_env["TZ"] == "UTC"
    assert "DATABRICKS_TOKEN" not in spark_env


def test_rewrite_removes_only_this_roots_stale_specs(tmp_path):
    kernels = tmp_path / "kernels"
    root_a, root_b = tmp_path / "a", tmp_path / "b"
    root_a.mkdir()
    root_b.mkdir()
    a1 = target(name="one", kind="spark-connect", url="sc://h:1")
    a2 = target(name="two", kind="spark-connect", url="sc://h:2")
    b1 = target(name="bee", kind="spark-connect", url="sc://h:3")
    write_kernelspecs([a1, a2], kernels, root_a, {}, lambda n: None)
    write_kernelspecs([b1], kernels, root_b, {}, lambda n: None)
    (kernels / "nbcraft-handmade").mkdir()  # not generated by us: no metadata
    (kernels / "nbcraft-handmade" / "kernel.json").write_text('{"argv": ["x"]}')
    write_kernelspecs([a2], kernels, root_a, {}, lambda n: None)
    assert sorted(p.name for p in kernels.iterdir()) == [
        "nbcraft-bee",
        "nbcraft-handmade",
        "nbcraft-two",
    ]
    # Root b is deleted (a temporary project): its specs go at the next rewrite anywhere.
    root_b.rmdir()
    write_kernelspecs([a2], kernels, root_a, {}, lambda n: None)
    assert sorted(p.name for p in kernels.iterdir()) == ["nbcraft-handmade", "nbcraft-two"]


def test_unchanged_specs_are_not_rewritten(tmp_path):
    kernels = tmp_path / "kernels"
    t = target(name="s", kind="spark-connect", url="sc://h:1")
    write_kernelspecs([t], kernels, tmp_path, {}, lambda n: None)
    spec_file = kernels / "nbcraft-s" / "kernel.json"
    before = spec_file.stat().st_mtime_ns
    write_kernelspecs([t], kernels, tmp_path, {}, lambda n: None)
    assert spec_file.stat().st_mtime_ns == before
    write_kernelspecs([t], kernels, tmp_path, {"MLFLOW_TRACKING_URI": "x"}, lambda n: None)
    assert "MLFLOW_TRACKING_URI" in json.loads(spec_file.read_text())["env"]


def test_switch_plan_rebinds_only_in_the_same_python(tmp_path):
    spark = target(name="spark", kind="spark-connect", url="sc://127.0.0.1:15002")
    plan = plan_switch(spark, "python3", PY3, tmp_path)
    assert plan["mode"] == "rebind" and plan["stateLost"] is False
    assert plan["kernelspec"] == "python3"
    assert "sc://127.0.0.1:15002" in plan["code"]
    compile(plan["code"], "<rebind>", "exec")
    other_env = {**PY3, "argv": ["/opt/other-venv/bin/python", "-m", "ipykernel_launcher"]}
    plan = plan_switch(spark, "other", other_env, tmp_path)
    assert plan["mode"] == "change-kernel" and plan["stateLost"] is True
    assert plan["kernelspec"] == "nbcraft-spark"
    assert plan_switch(spark, "ir", {"argv": ["R"], "language": "R"}, tmp_path)["mode"] == (
        "change-kernel"
    )
    assert plan_switch(spark, "nbcraft-spark", PY3, tmp_path)["mode"] == "none"
    dbc = target(name="dev", kind="databricks-connect", profile="dev", serverless=True)
    assert plan_switch(dbc, "python3", PY3, tmp_path)["mode"] == "change-kernel"


def test_switch_plan_compares_environments_not_file_names(tmp_path):
    """A venv's python and python3 are one environment (the UI's python3 kernelspec runs
    `python`, the server `python3`); two venvs linking to the same base Python are not."""
    import os

    base = tmp_path / "base-python3.11"
    base.write_text("")
    venvs = []
    for name in ("venv-a", "venv-b"):
        bin_dir = tmp_path / name / "bin"
        bin_dir.mkdir(parents=True)
        (tmp_path / name / "pyvenv.cfg").write_text("home = /usr/bin\n")
        for exe in ("python", "python3"):
            os.symlink(base, bin_dir / exe)
        venvs.append(tmp_path / name)
    spark = target(
        name="spark", kind="spark-connect", url="sc://127.0.0.1:15002", python=str(venvs[0])
    )
    same_venv = {**PY3, "argv": [str(venvs[0] / "bin" / "python3"), "-m", "ipykernel_launcher"]}
    assert plan_switch(spark, "python3", same_venv, tmp_path)["mode"] == "rebind"
    other_venv = {**PY3, "argv": [str(venvs[1] / "bin" / "python"), "-m", "ipykernel_launcher"]}
    assert plan_switch(spark, "other", other_venv, tmp_path)["mode"] == "change-kernel"
    # A bare `python` in argv is the server's own interpreter for jupyter_client (the
    # python3 kernelspec of a venv is written that way), whatever is first on PATH.
    server_spark = target(name="s2", kind="spark-connect", url="sc://127.0.0.1:15002")
    bare = {**PY3, "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]}
    assert plan_switch(server_spark, "python3", bare, tmp_path)["mode"] == "rebind"


def test_rebind_code_carries_the_url_and_no_environment_value():
    spark = target(name="s", kind="spark-connect", url="sc://h:443")
    code = rebind_code(spark)
    assert "sc://h:443" in code
    assert all(value not in code for value in SECRETS.values() if "127.0.0.1" not in value)
    compile(code, "<rebind>", "exec")


def test_loopback_tracking_is_flagged_for_remote_gateways_only():
    from nbcraft.compute.checks import loopback_tracking_warning

    local = {"MLFLOW_TRACKING_URI": "http://user:pw@127.0.0.1:5000"}
    warning = loopback_tracking_warning("https://gateway.example.org", local)
    assert "the tracking server http://127.0.0.1:5000 is on this machine's loopback" in warning
    assert "pw" not in warning
    assert loopback_tracking_warning("http://127.0.0.1:8889", local) == ""
    # (An address of another machine: this machine has no DNS, and a name it cannot resolve
    # may be this machine, which test_gateway_hold_back covers.)
    shared = {"MLFLOW_TRACKING_URI": "https://192.0.2.10"}
    assert loopback_tracking_warning("https://gateway.example.org", shared) == ""
    assert loopback_tracking_warning("https://gateway.example.org", {}) == ""


def test_specs_of_a_server_that_is_gone_leave_the_launcher(tmp_path):
    """A spec names the server that wrote it; once that server's process is gone, the next
    server removes it, so a project's interpreter does not outlive its server."""
    import subprocess

    kernels = tmp_path / "kernels"
    root_a, root_b = tmp_path / "a", tmp_path / "b"
    root_a.mkdir()
    root_b.mkdir()
    a1 = target(name="one", kind="spark-connect", url="sc://h:1")
    b1 = target(name="bee", kind="spark-connect", url="sc://h:3")
    write_kernelspecs([b1], kernels, root_b, {}, lambda n: None)
    spec_file = kernels / "nbcraft-bee" / "kernel.json"
    spec = json.loads(spec_file.read_text())
    assert spec["metadata"]["nbcraft"]["server"]["pid"] > 0
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    spec["metadata"]["nbcraft"]["server"]["pid"] = int(done.stdout)  # a process that exited
    spec_file.write_text(json.dumps(spec))
    write_kernelspecs([a1], kernels, root_a, {}, lambda n: None)
    assert sorted(p.name for p in kernels.iterdir()) == ["nbcraft-one"]


def test_remove_generated_project_only_and_mine_only(tmp_path):
    from nbcraft.compute.kernelspecs import remove_generated

    kernels = tmp_path / "kernels"
    from_project = target(name="proj", kind="spark-connect", url="sc://h:1")
    mine = parse_target(
        {"name": "mine", "kind": "spark-connect", "url": "sc://h:2"},
        "NbcraftCompute.targets",
        "[0]",
    )
    write_kernelspecs([from_project, mine], kernels, tmp_path, {}, lambda n: None)
    other_root = tmp_path / "other"
    other_root.mkdir()
    assert remove_generated(kernels, other_root) == []
    assert remove_generated(kernels, tmp_path, project_only=True) == ["nbcraft-proj"]
    assert remove_generated(kernels, tmp_path, mine_only=True) == ["nbcraft-mine"]
    assert list(kernels.iterdir()) == []
