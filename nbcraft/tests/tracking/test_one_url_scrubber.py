"""One URL scrubber (``tracking.errors.without_userinfo``) for the tracking status, the trust
summary and the jobs' messages: there were three, each missing what another caught. The
tracking status cut user-info at the first ``@`` (``user:p@ss@gw`` showed ``ss@gw``), the trust
summary missed a password with ``/`` (``user:pa/ss@h``), none redacted a query's or a
fragment's token. Pure functions, and the real status route of a Jupyter server."""

from __future__ import annotations

import json

import pytest

from nbcraft.tracking.errors import scrub, without_userinfo
from nbcraft.trust import summary

SCRUBBERS = [without_userinfo, summary.without_userinfo]
R = "<redacted>"


@pytest.mark.parametrize("scrub", SCRUBBERS)
@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("https://user:p@ss@gw.example/x", "https://gw.example/x"),  # the last @ before the path
        ("https://user:pa/ss@gw.example", "https://gw.example"),  # a password with /
        ("https://h.example/api?token=abc123&n=1", f"https://h.example/api?token={R}&n=1"),
        ("https://h.example/cb#access_token=abc123&token_type=bearer",
         f"https://h.example/cb#access_token={R}&token_type=bearer"),
        ("https://a.blob.core.windows.net/c/f?sv=2021-01-01&sig=abcdefghijklmnop1234%3D",
         f"https://a.blob.core.windows.net/c/f?sv=2021-01-01&sig={R}"),
    ],
)  # fmt: skip
def test_what_one_of_the_three_missed(scrub, uri: str, shown: str) -> None:
    assert scrub(uri) == shown


@pytest.mark.parametrize("scrub", SCRUBBERS)
@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:5000",
        "https://host:8080/path@foo",  # an @ in the path is no user-info
        "http://h:5000/#/experiments/{experiment_id}/runs/{run_id}",  # MLflow UI's template
        "https://h/x?n=1&token_type=bearer&api_key=",
        "databricks://dev",
        "file:///tmp/mlruns",
    ],
)
def test_the_rest_is_kept(scrub, uri: str) -> None:
    assert scrub(uri) == uri


def test_each_caller_keeps_what_it_relies_on() -> None:
    assert without_userinfo(None) is None  # the status of no server
    assert summary.without_userinfo("http://[::1") == "(an unreadable URI)"  # split after
    assert summary.target_where({"kind": "gateway", "url": "https://u:p@ss@gw:8888/x"}) == (
        "https://gw:8888"
    )


def test_scrub_shares_the_user_info_pattern() -> None:
    """``scrub`` (error texts) read user-info with the same first-``@`` pattern."""
    assert scrub("failed: https://user:p@ss-77@gw/x") == "failed: https://***@gw/x"


class TestStatusShowsNoPasswordPart:
    """(The tracking resolution already takes user-info out of the URI; this checks the route's
    answer as a whole.)"""

    @pytest.fixture
    def tracking_config(self, fault_injector):
        return {"uri": fault_injector.uri("ok").replace("://", "://user:p@ss-in-uri-77@")}

    async def test_status(self, jp_fetch, fault_injector):
        response = await jp_fetch("nbcraft/mlflow/status")
        status = json.loads(response.body)
        assert status["uri"] == fault_injector.uri("ok")
        assert "ss-in-uri-77" not in response.body.decode()
