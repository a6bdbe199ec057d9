"""The tracking URI reaches real kernels; credentials never do through nbcraft."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def tracking_config(seeded):
    # Credentials written into the URI: the proxy may use them, kernels must not see them.
    return {"uri": seeded["uri"].replace("http://", "http://alice:pw-in-uri-5521@")}


async def test_kernel_gets_the_uri_without_credentials(start_notebook_kernel, seeded):
    assert os.environ["MLFLOW_TRACKING_URI"] == seeded["uri"]  # exported by the extension
    run = await start_notebook_kernel("env/probe.ipynb")
    out = await run(
        "import os\n"
        "print('URI=' + os.environ.get('MLFLOW_TRACKING_URI', '<unset>'))\n"
        "print('SESSION=' + os.environ.get('JPY_SESSION_NAME', '<unset>'))\n"
        "print('SECRETS=' + repr([v for v in os.environ.values() if 'pw-in-uri-5521' in v]))\n"
    )
    assert f"URI={seeded['uri']}\n" in out
    assert "SESSION=" in out and "probe.ipynb" in out
    assert "SECRETS=[]\n" in out


async def test_extension_environment_is_restored_on_shutdown(jp_serverapp, seeded):
    assert os.environ["MLFLOW_TRACKING_URI"] == seeded["uri"]
    await jp_serverapp.cleanup_extensions()
    assert "MLFLOW_TRACKING_URI" not in os.environ
    assert "NBCRAFT_JUPYTER_ROOT" not in os.environ
