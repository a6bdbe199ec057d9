"""MLflow's "View run ... at http://127.0.0.1:<port>" links are suppressed for the embedded
server only (they open its password prompt). Switching embedded -> own server -> embedded, the
variable is "true" while embedded and the user's own value (absent or set) otherwise, and
stopping gives the environment back exactly. A real embedded ``mlflow server`` is started each
time; the own server is only a URI here (nothing is asked of it)."""

from __future__ import annotations

import logging

import pytest

from nbcraft.tracking.service import SUPPRESS_RUN_LINKS_VAR, TrackingService
from nbcraft.tracking.settings import NbcraftTracking

SETTINGS = '{"trackingUri": "%s"}\n'


@pytest.mark.timeout(300)
@pytest.mark.parametrize("users_value", [None, "false"], ids=["absent", "set-by-the-user"])
async def test_run_links_are_suppressed_for_the_embedded_server_only(
    tmp_path, fault_injector, users_value
):
    environ = (
        {"KEEP": "1"} if users_value is None else {"KEEP": "1", SUPPRESS_RUN_LINKS_VAR: users_value}
    )
    before = dict(environ)
    root = tmp_path / "root"
    root.mkdir()
    settings_path = tmp_path / "tracking.jupyterlab-settings"
    service = TrackingService(
        NbcraftTracking(embedded=True, health_interval=0.5),
        root,
        logging.getLogger("nbcraft-test"),
        environ=environ,
        lab_settings_path=settings_path,
    )

    def users_own() -> bool:
        if users_value is None:
            return SUPPRESS_RUN_LINKS_VAR not in environ
        return environ.get(SUPPRESS_RUN_LINKS_VAR) == users_value

    try:
        service.start()
        assert service.embedded is not None and service.server is not None
        assert environ[SUPPRESS_RUN_LINKS_VAR] == "true"

        settings_path.write_text(SETTINGS % fault_injector.uri("ok"))
        service.refresh()
        assert service.embedded is None
        assert service.server is not None and service.server.kind != "embedded"
        assert users_own(), environ

        settings_path.write_text("{}\n")  # nothing configured: the embedded server again
        service.refresh()
        assert service.embedded is not None
        assert environ[SUPPRESS_RUN_LINKS_VAR] == "true"
    finally:
        service.stop()
    assert environ == before
