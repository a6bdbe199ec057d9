"""Compute-target config: parsing, validation and where errors point (pure, no servers)."""

from __future__ import annotations

import json

import pytest

from nbcraft.compute.config import (
    ComputeConfigError,
    load_targets,
    load_targets_strict,
    parse_target,
)
from nbcraft.compute.service import problem_entries

GOOD = [
    {"name": "laptop", "kind": "local", "kernel": "python3"},
    {"name": "spark-local", "kind": "spark-connect", "url": "sc://127.0.0.1:15002"},
    {
        "name": "dev-cluster",
        "kind": "databricks-connect",
        "profile": "dev",
        "clusterId": "0123-456789-abc",
        "python": "~/.venvs/dbc",
    },
    {"name": "serverless", "kind": "databricks-connect", "profile": "dev", "serverless": True},
    {
        "name": "k8s",
        "kind": "gateway",
        "url": "https://gateway.example.org/",
        "kernel": "python_kubernetes",
    },
]


def write_json(root, compute, trust=None):
    """The project file; ``trust`` (the trust_project fixture) trusts it as the user would."""
    (root / "nbcraft.json").write_text(json.dumps({"extends": "recommended", "compute": compute}))
    if trust is not None:
        trust(root)


def test_every_kind_parses_from_nbcraft_json(tmp_path, trust_project):
    write_json(tmp_path, {"targets": GOOD}, trust_project)
    loaded = load_targets(tmp_path)
    assert loaded.problems == []
    by_name = {t.name: t for t in loaded.targets}
    assert list(by_name) == ["laptop", "spark-local", "dev-cluster", "serverless", "k8s"]
    assert by_name["spark-local"].url == "sc://127.0.0.1:15002"
    assert by_name["dev-cluster"].cluster_id == "0123-456789-abc"
    assert by_name["dev-cluster"].python == "~/.venvs/dbc"
    assert by_name["serverless"].serverless is True and by_name["serverless"].cluster_id is None
    assert by_name["k8s"].url == "https://gateway.example.org"  # trailing slash dropped
    # Generated kernelspec names; the gateway kernel keeps the gateway's own name.
    assert by_name["spark-local"].kernelspec_name == "nbcraft-spark-local"
    assert by_name["k8s"].kernelspec_name == "python_kubernetes"
    assert by_name["laptop"].source == "nbcraft.json"
    assert by_name["laptop"].key == "compute.targets[0]"


def test_pyproject_tool_nbcraft_is_read_when_there_is_no_nbcraft_json(tmp_path, trust_project):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n'
        '[[tool.nbcraft.compute.targets]]\nname = "spark"\nkind = "spark-connect"\n'
        'url = "sc://localhost:15002"\n\n'
        '[[tool.nbcraft.compute.targets]]\nname = "bad"\nkind = "spark-connect"\n'
        'url = "http://localhost:15002"\n'
    )
    trust_project(tmp_path)
    loaded = load_targets(tmp_path)
    assert [t.name for t in loaded.targets] == ["spark"]
    expected = (
        "pyproject.toml: tool.nbcraft.compute.targets[1].url: expected sc://host:port; "
        "got 'http://localhost:15002'"
    )
    assert [str(p) for p in loaded.problems] == [expected]


def test_nbcraft_json_wins_over_pyproject(tmp_path, trust_project):
    write_json(tmp_path, {"targets": [GOOD[1]]}, trust_project)
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.nbcraft.compute.targets]]\nname = "other"\nkind = "local"\nkernel = "python3"\n'
    )
    assert [t.name for t in load_targets(tmp_path).targets] == ["spark-local"]


def test_jupyter_config_targets_are_added_and_names_must_be_unique(tmp_path, trust_project):
    write_json(tmp_path, {"targets": [GOOD[1]]}, trust_project)
    extra = [
        {"name": "spark-local", "kind": "local", "kernel": "python3"},
        {"name": "laptop", "kind": "local", "kernel": "python3"},
    ]
    loaded = load_targets(tmp_path, extra)
    assert [t.name for t in loaded.targets] == ["spark-local", "laptop"]
    assert loaded.targets[1].source == "NbcraftCompute.targets"
    assert len(loaded.problems) == 1
    assert str(loaded.problems[0]).startswith(
        "NbcraftCompute.targets: [0].name: duplicate target name 'spark-local' "
        "(also at nbcraft.json: compute.targets[0])"
    )


@pytest.mark.parametrize(
    ("item", "key", "fragment"),
    [
        (
            {"name": "s", "kind": "spark-connect", "url": "localhost:15002"},
            "url",
            "expected sc://host:port",
        ),
        (
            {"name": "s", "kind": "spark-connect", "url": "sc://host:99999"},
            "url",
            "expected sc://host:port",
        ),
        ({"name": "s", "kind": "spark-connect"}, "url", "expected sc://host:port; got None"),
        ({"name": "s", "kind": "spark"}, "kind", "expected one of local, spark-connect"),
        ({"name": "Big Name", "kind": "local", "kernel": "python3"}, "name", "lower-case"),
        ({"kind": "local", "kernel": "python3"}, "name", "required"),
        ({"name": "l", "kind": "local"}, "kernel", "installed kernelspec"),
        (
            {"name": "d", "kind": "databricks-connect", "clusterId": "c"},
            "profile",
            "~/.databrickscfg",
        ),
        (
            {"name": "d", "kind": "databricks-connect", "profile": "p"},
            "clusterId",
            "serverless: true",
        ),
        (
            {
                "name": "d",
                "kind": "databricks-connect",
                "profile": "p",
                "clusterId": "c",
                "serverless": True,
            },
            "serverless",
            "not both",
        ),
        (
            {"name": "d", "kind": "databricks-connect", "profile": "p", "serverless": "yes"},
            "serverless",
            "true or false",
        ),
        ({"name": "g", "kind": "gateway", "url": "ftp://x", "kernel": "k"}, "url", "http(s)"),
        (
            {"name": "g", "kind": "gateway", "url": "https://u:pw@x", "kernel": "k"},
            "url",
            "auth_token",
        ),
        ({"name": "g", "kind": "gateway", "url": "https://x"}, "kernel", "/api/kernelspecs"),
        (
            {"name": "s", "kind": "spark-connect", "url": "sc://h:1", "uri": "typo"},
            "uri",
            "unknown key",
        ),
        (
            {"name": "s", "kind": "spark-connect", "url": "sc://h:1", "env": {"A": 1}},
            "env",
            "string values",
        ),
    ],
)
def test_malformed_target_names_the_key(item, key, fragment):
    problems = parse_target(item, "nbcraft.json", "compute.targets[3]")
    assert isinstance(problems, list) and problems
    texts = [str(p) for p in problems]
    assert any(
        t.startswith(f"nbcraft.json: compute.targets[3].{key}: ") and fragment in t for t in texts
    ), texts


def parse(item):
    return parse_target(item, "nbcraft.json", "compute.targets[0]")


def problems_of(item):
    parsed = parse(item)
    assert isinstance(parsed, list), f"accepted: {parsed}"
    return [str(p) for p in parsed]


@pytest.mark.parametrize(
    "url",
    [
        "sc://attacker.example:443/;token=${DATABRICKS_TOKEN}",
        "sc://attacker.example:443/;user_id=$DATABRICKS_TOKEN",
        "sc://h:443/;token=abc123secret",
    ],
)
def test_no_credential_or_variable_reaches_a_spark_url(url):
    """The attack: a project URL that interpolates the user's token, sent to its host."""
    [problem] = problems_of({"name": "s", "kind": "spark-connect", "url": url})
    assert problem.startswith("nbcraft.json: compute.targets[0].url: ")
    assert "abc123secret" not in problem  # the error does not echo a secret


def test_no_variable_in_a_gateway_url():
    [problem] = problems_of(
        {"name": "g", "kind": "gateway", "url": "https://${DATABRICKS_HOST}/", "kernel": "k"}
    )
    assert problem.startswith("nbcraft.json: compute.targets[0].url: no $VAR or ${VAR}")


@pytest.mark.parametrize(
    "var",
    [
        "LD_PRELOAD",
        "PYTHONPATH",
        "PYTHONSTARTUP",
        "PATH",
        "DATABRICKS_HOST",
        "DATABRICKS_TOKEN",
        "MLFLOW_TRACKING_URI",
        "MLFLOW_TRACKING_TOKEN",
        "SPARK_REMOTE",
        "AZURE_CLIENT_SECRET",
        "JAVA_HOME",
    ],
)
def test_env_may_set_only_allowed_variables(var):
    [problem] = problems_of(
        {"name": "d", "kind": "databricks-connect", "profile": "dev", "serverless": True,
         "env": {var: "https://attacker.example"}}
    )  # fmt: skip
    assert problem.startswith(f"nbcraft.json: compute.targets[0].env.{var}: a target may not")
    assert "attacker" not in problem


@pytest.mark.parametrize(
    "value",
    [
        "dapi0123456789abcdef0123456789abcdef",
        "ghp_" + "a1B2" * 9,
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl",
        "AKIAABCDEFGHIJKLMNOP",
        "q8Zr3vN1xT5pL0wK7yH2mB9cD4fG6jS1",
        "${DATABRICKS_TOKEN}",
    ],
)
def test_secret_shaped_values_are_refused_whatever_the_name(value):
    [problem] = problems_of(
        {"name": "s", "kind": "spark-connect", "url": "sc://h:1", "env": {"TZ": value}}
    )
    assert problem.startswith("nbcraft.json: compute.targets[0].env.TZ: ")
    assert value not in problem


def test_plain_allowed_env_is_kept():
    ok = parse(
        {
            "name": "s",
            "kind": "spark-connect",
            "url": "sc://h:1",
            "env": {"TZ": "Europe/Paris", "MLFLOW_EXPERIMENT_NAME": "/Shared/churn-model"},
        }
    )
    assert not isinstance(ok, list) and ok.env["TZ"] == "Europe/Paris"


def test_untrusted_project_targets_are_held_back(tmp_path, trust_project):
    write_json(tmp_path, {"targets": GOOD})
    loaded = load_targets(tmp_path, [{"name": "mine", "kind": "local", "kernel": "python3"}])
    assert [t.name for t in loaded.targets] == ["mine"]  # the user's own config still acts
    [held] = [str(p) for p in loaded.problems]
    assert held.startswith("nbcraft.json: compute: held back: the file is not trusted, so 5")
    assert "jupyter nbcraft trust" in held
    trust_project(tmp_path)
    assert len(load_targets(tmp_path).targets) == 5
    # Any change to the file: untrusted again.
    write_json(tmp_path, {"targets": GOOD[:1]})
    assert load_targets(tmp_path).targets == []
    # One target held back reads as one ("1 target is not used", not "1 target are").
    [one] = [str(p) for p in load_targets(tmp_path).problems]
    assert "so 1 target is not used;" in one


def test_held_back_targets_are_listed_as_held_back_not_as_an_error(tmp_path):
    """The picker's listing: an untrusted file's targets are one entry marked ``heldBack``
    (shown as held back, with how to trust), a malformed entry is not."""
    write_json(tmp_path, {"targets": GOOD})
    [held] = problem_entries(load_targets(tmp_path).problems)
    assert held["heldBack"] is True and held["name"] == "nbcraft.json: compute"
    assert "held back: the file is not trusted" in held["detail"]
    assert "jupyter nbcraft trust" in held["detail"]
    [bad] = problem_entries(load_targets(tmp_path, [{"name": "x", "kind": "nope"}]).problems[1:])
    assert bad["heldBack"] is False and bad["error"] is True


def test_unreadable_files_are_located(tmp_path, trust_project):
    (tmp_path / "nbcraft.json").write_text('{"compute": {"targets": [}')
    [problem] = load_targets(tmp_path).problems
    assert str(problem).startswith("nbcraft.json: line 1 column 26: invalid JSON")
    (tmp_path / "nbcraft.json").write_text('{"compute": {"targets": {"name": "x"}}}')
    trust_project(tmp_path)
    [problem] = load_targets(tmp_path).problems
    assert str(problem) == "nbcraft.json: compute.targets: expected a list"
    (tmp_path / "nbcraft.json").write_text("[1]")
    assert "expected a JSON object" in str(load_targets(tmp_path).problems[0])
    (tmp_path / "nbcraft.json").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.nbcraft\n")
    assert str(load_targets(tmp_path).problems[0]).startswith(
        "pyproject.toml: (file): invalid TOML"
    )


def test_good_targets_survive_a_bad_neighbour_and_strict_mode_raises(tmp_path, trust_project):
    write_json(
        tmp_path, {"targets": [GOOD[0], {"name": "x", "kind": "gateway"}, GOOD[1]]}, trust_project
    )
    loaded = load_targets(tmp_path)
    assert [t.name for t in loaded.targets] == ["laptop", "spark-local"]
    assert {p.key for p in loaded.problems} == {
        "compute.targets[1].url",
        "compute.targets[1].kernel",
    }
    with pytest.raises(ComputeConfigError) as err:
        load_targets_strict(tmp_path)
    assert "nbcraft.json: compute.targets[1].url" in str(err.value)


def test_no_config_means_no_targets(tmp_path):
    loaded = load_targets(tmp_path)
    assert loaded.targets == [] and loaded.problems == []
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_targets(tmp_path).targets == []
