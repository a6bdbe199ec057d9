"""A job whose kernel cannot be reached or dies before the first cell says what failed and
where: which kernel, on which gateway, at which step, and the exception that says why. A
gateway whose websocket did not open (here ``recording_gateway``: a real HTTP listener that
answers the gateway kernel API but is no websocket server, as a proxy that does not forward
websockets) gave ``the job stopped: AssertionError``: jupyter_server's gateway kernel client
asserts while cleaning up, and the handshake error was only its ``__context__``. Real parts:
the ``jupyter nbcraft run`` process, kernels, a Jupyter server, kernels-mixer."""

from __future__ import annotations

import json

import pytest
from jobs_support import CLI, TRAIN, free_port, notebook, run_cli, submit, wait_for, write_notebook
from traitlets.config import Config

TOKEN = "gw-token-" + "5" * 20


@pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")
def test_a_gateway_whose_websocket_fails_is_named_with_the_cause(tmp_path, recording_gateway):
    url = recording_gateway.loopback_url
    target = {"name": "eg", "kind": "gateway", "url": url, "kernel": recording_gateway.kernel}
    config = tmp_path / ".jupyter-config" / "jupyter_server_config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"NbcraftCompute": {"targets": [target]}}))
    write_notebook(tmp_path / "train.ipynb", TRAIN)
    done = run_cli(
        "train.ipynb", "--target", "eg", "--timeout", "30",
        cwd=tmp_path, timeout=120, JUPYTER_GATEWAY_AUTH_TOKEN=TOKEN,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line == (
        f"train.ipynb: the job stopped while connecting to the kernel "
        f"{recording_gateway.kernel!r} on the gateway {url}: "
        "WebSocketBadStatusException: Handshake status 200 OK"
    ), done.stderr
    assert TOKEN not in done.stdout + done.stderr
    # nbclient logs the handshake error whole: after " -+-+- " the response's headers and
    # body (a proxy's cookies); cut there by a filter on its logger
    assert "Error occurred while starting new kernel client" in done.stderr
    assert " -+-+- " not in done.stderr, done.stderr


def test_a_kernel_that_exits_at_once_is_named(tmp_path, monkeypatch):
    """A kernelspec whose process exits before answering (a broken interpreter path, a
    missing module): the job names the kernel and the step."""
    kernels = tmp_path / "share" / "kernels" / "exits"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": ["/bin/sh", "-c", "echo broken >&2; exit 3", "{connection_file}"],
        "display_name": "Exits", "language": "python",
    }))  # fmt: skip
    project = tmp_path / "project"
    write_notebook(project / "exits.ipynb", notebook("x = 1", kernel="exits"))
    done = run_cli("exits.ipynb", cwd=project, timeout=120, JUPYTER_PATH=str(tmp_path / "share"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "exits.ipynb: the job stopped while connecting to the kernel 'exits': "
        "RuntimeError: Kernel died before replying to kernel_info"
    ), done.stderr


class TestUnreachableGateway:
    """The lab's gateway is not listening: the job names the gateway it could not use, and
    does not run on this machine instead."""

    @pytest.fixture
    def url(self):
        return f"http://127.0.0.1:{free_port()}"  # nobody listens there

    @pytest.fixture
    def jp_server_config(self, jp_environ, jp_server_config, jobs_root, url, kernel, trust_project):
        from jupyter_server.gateway.gateway_client import GatewayClient

        from nbcraft.compute.gateway import configure_gateway

        pytest.importorskip("kernels_mixer")
        target = {"name": "eg", "kind": "gateway", "url": url, "kernel": kernel}
        (jobs_root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
        trust_project(jobs_root)
        GatewayClient.clear_instance()  # a process-wide singleton: no gateway for other tests
        c = Config(jp_server_config)
        configure_gateway(c, url, auth_token=TOKEN, request_timeout=5)
        yield c
        GatewayClient.clear_instance()

    @pytest.fixture
    def kernel(self):
        return "python_remote"

    async def test_the_job_names_the_gateway(self, jp_fetch, jobs_root, url):
        job_id = await submit(jp_fetch, notebook="train.ipynb", target="eg")
        job = await wait_for(jp_fetch, job_id, timeout=120)
        assert job["status"] == "failed"
        assert job["error"] == (
            f"the kernel 'python_remote' on the gateway {url} could not start: RuntimeError: "
            "the gateway lists no kernel 'python_remote' (or did not answer: see the server log)"
        )
        assert TOKEN not in json.dumps(job)

    @pytest.mark.parametrize("kernel", ["python3"])
    async def test_a_local_kernel_of_the_same_name_is_not_started_instead(
        self, jp_fetch, jobs_root, url, kernel
    ):
        """kernels-mixer starts a local kernelspec over a gateway's of the same name: the
        job of a gateway target with kernel ``python3`` ran on this machine and finished."""
        job_id = await submit(jp_fetch, notebook="train.ipynb", target="eg")
        job = await wait_for(jp_fetch, job_id, timeout=120)
        assert job["status"] == "failed", job
        assert job["error"] == (
            f"the kernel 'python3' on the gateway {url} could not start: RuntimeError: "
            "a kernel of this machine is also named 'python3', and kernels-mixer starts that "
            "one, not the gateway's: give the target the gateway's kernel under another name, "
            "or run the job with `jupyter nbcraft run`"
        )


class _FailingKernels:
    """A kernel start that fails with ``error`` (what a gateway or kernel provisioner may
    answer; no kernel is needed to see what the job's error line keeps of it)."""

    def __init__(self, error: BaseException):
        self.error = error

    async def start(self, *args):
        raise self.error


class _Prepared:
    cell_count = 0


def _start_error(error: BaseException, gateway: str | None = None):
    import asyncio

    from nbcraft.jobs.runner import Execution

    kernels = _FailingKernels(error)
    execution = Execution(_Prepared(), kernels, "k", None, {}, {}, startup_timeout=5,
                          gateway=gateway)  # fmt: skip
    return asyncio.run(execution._run())


def test_a_secret_crossing_the_cut_is_scrubbed_whole():
    """The exception's line was cut at 300 characters before it was scrubbed: a secret that
    crossed character 300 kept its first characters, which no scrub recognised then."""
    from nbcraft.jobs import scrub

    secret = "hunter2-" + "x" * 16
    url = f"postgresql://admin:{secret}@db/x"
    outcome = _start_error(RuntimeError("gateway said: " + "y" * 262 + f" {url} token={secret}"))
    shown = {"db_url": "postgresql://admin:<redacted>@db/x"}
    error = scrub.scrub_outcome(outcome, scrub.secret_strings({"db_url": url}, shown)).error
    assert "hunt" not in error, error
    assert error.startswith("the kernel 'k' could not start: RuntimeError: gateway said: yyy")
    assert len(error) == len("the kernel 'k' could not start: ") + 300 + 1 and error[-1] == "…"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://eg-3f9a7c21b6d04e58@gw.example.org:8888", "https://gw.example.org:8888"),
        ("https://gw.example.org:8888/api?token=eg-3f9a7c21b6d04e58&x=1",
         "https://gw.example.org:8888/api"),
        ("https://alice:eg-3f9a7c21b6d04e58@gw.example.org/#k=eg-3f9a7c21b6d04e58",
         "https://gw.example.org/"),
    ],
)  # fmt: skip
def test_a_url_in_the_error_is_shown_without_user_info_or_query(url, shown):
    """jupyter_server's gateway client names the URL it could not reach as configured: a
    token given as the URL's user name, or in its query, was shown with it."""
    from jupyter_server.gateway.gateway_client import GatewayClient
    from tornado import web

    error = web.HTTPError(503, "ConnectionError was received from Gateway server url '%s'.", url)
    try:
        outcome = _start_error(error, gateway=url)
    finally:
        GatewayClient.clear_instance()
    assert "eg-3f9a7c21b6d04e58" not in outcome.error, outcome.error
    assert outcome.error == (
        f"the kernel 'k' on the gateway {shown} could not start: HTTPError: HTTP 503: Service "
        f"Unavailable (ConnectionError was received from Gateway server url '{shown}'.)"
    )


@pytest.fixture
def mixer_specs(tmp_path, monkeypatch):
    """kernels-mixer's kernelspec manager, as the lab has it, with a local kernelspec
    ``Shadow`` (in its folder ``Shadow``, which jupyter_client lists as ``shadow``) and a
    gateway that does not answer (its listing fails: no gateway kernels)."""
    pytest.importorskip("kernels_mixer")
    from jupyter_server.gateway.gateway_client import GatewayClient
    from kernels_mixer.kernelspecs import MixingKernelSpecManager

    spec = tmp_path / "share" / "kernels" / "Shadow"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": ["python", "{connection_file}"], "display_name": "S", "language": "python"}
    ))  # fmt: skip
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share"))
    GatewayClient.clear_instance()
    client = GatewayClient.instance()
    client.url, client.request_timeout = f"http://127.0.0.1:{free_port()}", 5
    yield MixingKernelSpecManager(), spec
    GatewayClient.clear_instance()


async def test_a_shadowing_kernelspec_is_found_as_kernels_mixer_routes(mixer_specs):
    """kernels-mixer compares a kernel's name exactly (jupyter_client lists a local one
    lowercased): a local ``shadow`` does not shadow the gateway's ``SHADOW``; when the gateway
    does not have it, that is the reason, and the name differing in case is told."""
    from nbcraft.compute.gateway import shadowing_kernel
    from nbcraft.jobs.runner import _not_on_gateway

    ksm, _ = mixer_specs
    await ksm.get_all_specs()
    assert not ksm.is_remote("SHADOW")  # (the gateway is down: it lists no kernel)
    assert shadowing_kernel("SHADOW", ["shadow"]) is None
    assert _not_on_gateway(ksm, "SHADOW") == (
        "the gateway lists no kernel 'SHADOW' (or did not answer: see the server log); this "
        "machine's kernel is 'shadow', which differs only in case"
    )
    assert _not_on_gateway(ksm, "shadow") == (
        "a kernel of this machine is also named 'shadow', and kernels-mixer starts that one, "
        "not the gateway's: give the target the gateway's kernel under another name, or run "
        "the job with `jupyter nbcraft run`"
    )


async def test_a_removed_local_kernelspec_says_the_server_must_restart(mixer_specs):
    """kernels-mixer keeps a local kernel's name from its first listing: with the kernelspec
    removed, the gateway's kernel of that name is still not started; the job said the
    gateway had no such kernel."""
    import shutil

    from nbcraft.jobs.runner import _not_on_gateway

    ksm, spec = mixer_specs
    await ksm.get_all_specs()
    shutil.rmtree(spec)
    await ksm.get_all_specs()
    assert _not_on_gateway(ksm, "shadow") == (
        "kernels-mixer took 'shadow' for a kernel of this machine when it listed kernels, and "
        "still does (its kernelspec is gone): it starts the gateway's once the Jupyter server "
        "restarts"
    )


def test_a_failure_opening_the_mlflow_run_is_not_called_connecting(tmp_path):
    """``more_env`` (the job's MLflow run, opened while the kernel starts) failing was told
    as "the job stopped while connecting to the kernel". A real local kernel."""
    import asyncio

    import nbformat

    from nbcraft.jobs.params import prepare
    from nbcraft.jobs.runner import Execution, StandaloneKernels

    async def more_env():
        raise ConnectionError("tracking server http://127.0.0.1:9 refused the connection")

    prepared = prepare(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), {})
    execution = Execution(prepared, StandaloneKernels(log_dir=tmp_path), "python3", tmp_path,
                          {}, {}, startup_timeout=60, more_env=more_env)  # fmt: skip
    outcome = asyncio.run(execution.run())
    assert outcome.error == (
        "the job stopped while opening the job's MLflow run for the kernel 'python3': "
        "ConnectionError: tracking server http://127.0.0.1:9 refused the connection"
    )
