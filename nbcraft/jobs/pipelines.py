"""Pipelines: named chains of notebook steps from ``pipelines`` in the project config.

``{"pipelines": {"train": {"steps": [{"name": "prep", "notebook": "prep.ipynb",
"parameters": {}, "target": "spark-local", "needs": []}]}}}``

Validation names the file and the key. A pipeline run is a parent MLflow run (tag
``nbcraft.pipeline=<name>``) with one child job per step (``mlflow.parentRunId``); steps whose
``needs`` are done run in parallel within the service's concurrency limit; a failed step stops
its dependents only; ``from_step`` re-runs a step and everything after it, reusing the earlier
run's results for the others (Databricks' repair run). A parameter value may name an earlier
step's run: ``${steps.prep.run_id}``.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..relative_path import shown_path
from ..strict_json import non_finite_names
from . import store as states
from .lines import safe_line
from .pipeline_end import conclude, stop_running, stopped
from .service import JobInputError, JobService
from .store import Job, JobStoreError, new_id, now
from .tracking import PIPELINE_TAG, JobTracking, experiment_named_in

STEP_KEYS = {"name", "notebook", "parameters", "target", "needs"}
_REF = re.compile(r"\$\{steps\.([^.}]+)\.run_id\}")
_STEP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SKIPPED = "skipped"  # shown for a step whose needs failed; stored as `cancelled`


class PipelineConfigError(ValueError):
    """Every problem found, each as ``<file>: <key>: <message>``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def pipelines_config(root: Path) -> tuple[str, Any]:
    """``(file name, the `pipelines` section or None)`` of the project config at ``root``.

    The one place the pipelines section is read, through the workspace trust gate
    (``nbcraft.project_config``): a file whose content the user has not trusted runs nothing,
    and the error says which file and how to trust it. ``nbcraft.json`` wins over
    ``[tool.nbcraft]`` of ``pyproject.toml``, as for lint.
    """
    from ..project_config import JSON_NAME, read_project_config

    config = read_project_config(root)
    section, reason = config.section("pipelines")
    if reason is not None:  # a broken file, or pipelines held back until trusted
        raise PipelineConfigError([reason])
    return config.source or JSON_NAME, section


@dataclass(frozen=True)
class Step:
    name: str
    notebook: str
    parameters: dict[str, Any]
    target: str | None
    needs: tuple[str, ...]


@dataclass
class Pipeline:
    name: str
    source: str
    steps: list[Step] = field(default_factory=list)

    def definition(self) -> dict[str, Any]:
        """The pipeline as it runs, for its parent run's provenance (``pipeline.json``); a
        parameter whose name or value says it is a credential as ``<redacted>``."""
        from ..provenance.record.redact import redact_parameters

        steps = [
            {"name": s.name, "notebook": s.notebook,
             "parameters": redact_parameters(s.parameters),
             "target": s.target, "needs": list(s.needs)}
            for s in self.steps
        ]  # fmt: skip
        return {"name": self.name, "source": self.source, "steps": steps}

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def downstream(self, name: str) -> set[str]:
        """``name`` and every step that needs it, directly or not."""
        found, grew = {name}, True
        while grew:
            grew = False
            for step in self.steps:
                if step.name not in found and found.intersection(step.needs):
                    found.add(step.name)
                    grew = True
        return found

    def upstream(self, name: str) -> set[str]:
        found: set[str] = set()
        todo = list(self.step(name).needs)
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.step(current).needs)
        return found


def parse_pipelines(
    source: str, section: Any, root: Path, prefix: str = "pipelines"
) -> dict[str, Pipeline]:
    """All pipelines of the section, or a PipelineConfigError listing every problem."""
    if source == "pyproject.toml":
        prefix = "tool.nbcraft.pipelines"
    problems: list[str] = []

    def bad(key: str, message: str) -> None:
        problems.append(f"{source}: {key}: {message}")

    if section is None:
        return {}
    if not isinstance(section, dict):
        bad(prefix, "expected an object of pipeline name -> {steps: [...]}")
        raise PipelineConfigError(problems)
    pipelines: dict[str, Pipeline] = {}
    for name, spec in section.items():
        key = f"{prefix}.{name}"
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("steps"), list)
            or not spec["steps"]
        ):
            bad(key, 'expected {"steps": [...]} with at least one step')
            continue
        for extra in sorted(set(spec) - {"steps"}):
            bad(f"{key}.{extra}", "unknown key; allowed: steps")
        pipeline = Pipeline(name, source)
        for i, raw in enumerate(spec["steps"]):
            step = _parse_step(raw, f"{key}.steps[{i}]", root, bad, pipeline)
            if step is not None:
                pipeline.steps.append(step)
        names = {s.name for s in pipeline.steps}
        for i, step in enumerate(pipeline.steps):
            for j, need in enumerate(step.needs):
                if need not in names:
                    bad(
                        f"{key}.steps[{i}].needs[{j}]",
                        f"unknown step {need!r} (steps: {', '.join(sorted(names))})",
                    )
        if not any(p.startswith(f"{source}: {key}") for p in problems):
            cycle = _cycle(pipeline)
            if cycle:
                bad(f"{key}.steps", f"the steps' needs form a cycle: {' -> '.join(cycle)}")
            else:
                _check_references(pipeline, key, bad)
        pipelines[name] = pipeline
    if problems:
        raise PipelineConfigError(problems)
    return pipelines


def _parse_step(raw: Any, key: str, root: Path, bad: Any, pipeline: Pipeline) -> Step | None:
    if not isinstance(raw, dict):
        bad(key, "expected a step object with `name` and `notebook`")
        return None
    for extra in sorted(set(raw) - STEP_KEYS):
        bad(f"{key}.{extra}", f"unknown key; allowed: {', '.join(sorted(STEP_KEYS))}")
    name, notebook = raw.get("name"), raw.get("notebook")
    ok = True
    if not isinstance(name, str) or not _STEP_NAME.match(name):
        bad(f"{key}.name", "required: a step name of letters, digits, '.', '_' or '-'")
        ok = False
    elif any(s.name == name for s in pipeline.steps):
        bad(f"{key}.name", f"duplicate step name {name!r}")
        ok = False
    if not isinstance(notebook, str) or not notebook:
        bad(f"{key}.notebook", "required: a notebook path relative to the config file")
        ok = False
    elif not (root / notebook).resolve().is_relative_to(root.resolve()):
        bad(f"{key}.notebook", f"{notebook}: outside the project folder")
        ok = False
    elif not (root / notebook).is_file():
        bad(f"{key}.notebook", f"{notebook}: no such notebook")
        ok = False
    parameters = raw.get("parameters", {})
    if not isinstance(parameters, dict):
        bad(f"{key}.parameters", "expected an object of name -> value")
        ok = False
    else:
        # as POST /nbcraft/jobs refuses them: the step's job would be stored (and shown, and run
        # again) with the string "NaN" where the kernel got a number
        for name in non_finite_names(parameters):
            bad(
                f"{key}.parameters.{name}",
                "NaN or Infinity: write it as a string and convert it in the notebook",
            )
            ok = False
    target = raw.get("target")
    if target is not None and (not isinstance(target, str) or not target):
        bad(f"{key}.target", "expected a compute target name")
        ok = False
    needs = raw.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        bad(f"{key}.needs", "expected a list of step names")
        ok = False
    if not ok:
        return None
    return Step(name, notebook, dict(parameters), target, tuple(needs))


def _cycle(pipeline: Pipeline) -> list[str] | None:
    needs = {s.name: s.needs for s in pipeline.steps}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for need in needs.get(name, ()):
            if state.get(need) == 1:
                return path[path.index(need) :] + [need]
            if need not in state:
                found = visit(need)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for step in pipeline.steps:
        if step.name not in state:
            found = visit(step.name)
            if found:
                return found
    return None


def _check_references(pipeline: Pipeline, key: str, bad: Any) -> None:
    for i, step in enumerate(pipeline.steps):
        before = pipeline.upstream(step.name)
        for param, value in step.parameters.items():
            for ref in _REF.findall(value) if isinstance(value, str) else ():
                if ref not in before:
                    bad(
                        f"{key}.steps[{i}].parameters.{param}",
                        f"${{steps.{ref}.run_id}} names a step that does not run before "
                        f"{step.name!r}: add {ref!r} to its `needs`",
                    )


def resolve_references(
    parameters: dict[str, Any], run_ids: dict[str, str | None]
) -> dict[str, Any]:
    def fill(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return _REF.sub(lambda m: run_ids.get(m.group(1)) or "", value)

    return {k: fill(v) for k, v in parameters.items()}


def load_pipeline(root: Path, name: Any) -> Pipeline:
    source, section = pipelines_config(root)
    pipelines = parse_pipelines(source, section, root)
    if not isinstance(name, str) or name not in pipelines:
        known = ", ".join(sorted(pipelines)) or f"none in {source}"
        raise JobInputError(f"unknown pipeline {name!r}; pipelines: {known}")
    return pipelines[name]


class PipelineRuns:
    """Runs pipelines on a :class:`JobService`."""

    def __init__(self, service: JobService):
        self.service = service
        self._tasks: dict[str, asyncio.Task] = {}

    async def start(self, name: Any, from_step: Any = None) -> Job:
        root = self.service.root
        try:
            pipeline = load_pipeline(root, name)
        except PipelineConfigError as error:
            raise JobInputError(str(error)) from None
        reused: dict[str, Job] = {}
        if from_step is not None:
            reused = self._reusable(pipeline, from_step)
        await self.service.look_up_tracking([s.target for s in pipeline.steps])
        row = Job(
            id=new_id(),
            notebook=pipeline.source,
            target="",
            parameters={"from": from_step} if from_step else {},
            pipeline=pipeline.name,
            status=states.RUNNING,
            started=now(),
        )
        # Every step checked before one is stored: a refused step (a parameter its notebook
        # does not define, an unknown target) leaves no earlier step queued for ever.
        checked = {}
        for step in pipeline.steps:
            if step.name in reused:
                continue
            try:
                checked[step.name] = self.service.checked(
                    step.notebook, step.target, step.parameters, pipeline_id=row.id, step=step.name
                )
            except JobInputError as error:
                raise JobInputError(f"step {step.name!r}: {error}", error.code) from None
        jobs = {step_name: job for step_name, (job, _) in checked.items()}
        row.steps = [
            {
                "name": s.name,
                "needs": list(s.needs),
                "job_id": (jobs[s.name].id if s.name in jobs else reused[s.name].id),
                "reused": s.name in reused,
            }
            for s in pipeline.steps
        ]
        # the steps and the row in one transaction: a store failing on a later step (locked, a
        # full disk) or a server dying before the row is written leaves no step queued with no
        # pipeline to run it (lost after a restart), nor its real parameters in memory
        self.service.keep_all(list(checked.values()), also=(row,))
        self._tasks[row.id] = asyncio.ensure_future(self._run(row, pipeline, jobs, reused))
        return row

    async def wait(self, row_id: str) -> None:
        task = self._tasks.get(row_id)
        if task is not None:
            await asyncio.shield(task)

    def _reusable(self, pipeline: Pipeline, from_step: Any) -> dict[str, Job]:
        """The steps a ``from_step`` re-run keeps: from the latest run of this pipeline."""
        if not isinstance(from_step, str) or from_step not in {s.name for s in pipeline.steps}:
            raise JobInputError(
                f"--from {from_step!r}: pipeline {pipeline.name!r} has no such step "
                f"(steps: {', '.join(s.name for s in pipeline.steps)})"
            )
        rerun = pipeline.downstream(from_step)
        previous = self._latest_run(pipeline.name)
        if previous is None:
            raise JobInputError(f"pipeline {pipeline.name!r} has not run yet: run it whole first")
        by_step = {job.step: job for job in self.service.store.steps_of(previous.id)}
        for entry in previous.steps or []:
            if entry.get("reused") and entry["name"] not in by_step:
                kept = self.service.store.get(entry["job_id"])
                if kept is not None:
                    by_step[entry["name"]] = kept
        reused: dict[str, Job] = {}
        for step in pipeline.steps:
            if step.name in rerun:
                continue
            job = by_step.get(step.name)
            if job is None or job.status != states.FINISHED:
                raise JobInputError(
                    f"cannot re-run from {from_step!r}: step {step.name!r} did not finish in the "
                    f"last run ({previous.id}); re-run from {step.name!r} or the whole pipeline"
                )
            reused[step.name] = job
        return reused

    def _latest_run(self, name: str) -> Job | None:
        offset = 0
        while True:
            jobs, total = self.service.store.list(offset=offset, limit=100)
            for job in jobs:
                if job.pipeline == name and job.status in states.DONE:
                    return job
            offset += 100
            if offset >= total:
                return None

    async def _run(
        self, row: Job, pipeline: Pipeline, jobs: dict[str, Job], reused: dict[str, Job]
    ) -> None:
        service = self.service
        loop = asyncio.get_running_loop()
        where = service._tracking()
        tracking = JobTracking(where.uri, where.ui_run_url_template)
        parent = None
        try:
            if where.problem:
                raise RuntimeError(where.problem)
            parent = await loop.run_in_executor(None, self._start_parent, tracking, row, pipeline)
            row.mlflow_run_id, row.mlflow_run_url = parent.run_id, parent.url
        except Exception as error:  # noqa: BLE001 - the steps still run, untracked
            row.warnings.append(f"no parent MLflow run: {safe_line(error, where.uri, 300)}")
        pending = dict(jobs)  # the steps not started yet: skipped if the run stops half-way
        running: dict[str, str] = {}  # the steps started, by name: cancelled if it stops
        try:
            self._save_row(row)
            done = await self._steps(row, pipeline, pending, running, reused, parent)
            conclude(service.store, row, done)
        except Exception as error:  # noqa: BLE001 - a store failing, a row gone: told, not left running
            stopped(service, row, pending, error, where.uri)
            await stop_running(service, row, running)
        row.ended = now()
        if parent is not None:
            mlflow_status = {"finished": "FINISHED", "failed": "FAILED"}.get(row.status, "KILLED")
            try:
                await loop.run_in_executor(
                    None, tracking.finish, parent.run_id, mlflow_status, None, row.error
                )
            except Exception as error:  # noqa: BLE001
                row.warnings.append(
                    f"the parent run's status could not be logged: {safe_line(error, where.uri)}"
                )
        try:
            self._save_row(row)
        except JobStoreError as error:  # (the next start marks it lost)
            service.log.error("nbcraft jobs: pipeline run %s: %s", row.id, error)
        self._tasks.pop(row.id, None)

    def _save_row(self, row: Job) -> None:
        """The run's own row saved; why it was cancelled kept as ``cancel`` stored it (``row``
        is the run's copy, held since the start: a cancel meanwhile saved only the stored one;
        a run whose steps all finished anyway says nothing of it)."""
        stored = self.service.store.get(row.id)
        if stored is not None and stored.error and not row.error and row.status != states.FINISHED:
            row.error = stored.error
        self.service.store.save(row)

    async def _steps(
        self,
        row: Job,
        pipeline: Pipeline,
        pending: dict[str, Job],
        running: dict[str, str],
        reused: dict[str, Job],
        parent: Any,
    ) -> dict[str, str]:
        """Each step run once its needs are done, skipped when one did not finish; a step
        leaves ``pending`` once it is decided, and is in ``running`` (its job id) from its
        start to its end. What each step ended as, by name."""
        service = self.service
        run_ids = {name: job.mlflow_run_id for name, job in reused.items()}
        done = {name: states.FINISHED for name in reused}
        waiting: dict[str, asyncio.Future] = {}
        while pending or waiting:
            for name in list(pending):
                step = pipeline.step(name)
                blocked = next(
                    (n for n in step.needs if done.get(n) not in (None, states.FINISHED)), None
                )
                if blocked is None and not all(done.get(n) for n in step.needs):
                    continue  # a need still runs
                job = service.store.get(pending[name].id)
                if job is None:
                    gone = (
                        f"step {name!r}: its job {pending[name].id} is no longer in the job store"
                    )
                    raise JobStoreError(
                        f"{gone} {service.store.path}",
                        public=f"{gone} {shown_path(service.store.path, service.root)}",
                    )
                if job.status != states.QUEUED:  # cancelled by the user meanwhile: it stays so
                    service._prepared.pop(job.id, None)
                    done[name] = job.status
                elif blocked is not None:
                    job.status, job.ended = states.CANCELLED, now()
                    job.error = f"skipped: it needs {blocked!r}, which {_past(done[blocked])}"
                    service.store.save(job)
                    service._prepared.pop(job.id, None)  # its real parameters: never needed
                    done[name] = SKIPPED
                else:
                    service.give_parameters(job, resolve_references(step.parameters, run_ids))
                    service.store.save(job)
                    service._prepared[job.id].parent_run_id = parent.run_id if parent else None
                    service.enqueue(job.id)
                    running[name] = job.id
                    waiting[name] = asyncio.ensure_future(service.wait(job.id))
                del pending[name]
            if not waiting:
                continue
            finished, _ = await asyncio.wait(waiting.values(), return_when=asyncio.FIRST_COMPLETED)
            for name, future in list(waiting.items()):
                if future in finished:
                    del waiting[name]
                    running.pop(name, None)
                    job = future.result()
                    done[name] = job.status
                    run_ids[name] = job.mlflow_run_id
        return done

    def _start_parent(self, tracking: JobTracking, row: Job, pipeline: Pipeline):
        tracking.check_reachable()
        first = pipeline.steps[0]
        nb_path = self.service.root / first.notebook
        from .params import read_notebook

        step_nb = read_notebook(nb_path)
        experiment_id = tracking.experiment_id(None, step_nb.metadata, experiment_named_in(step_nb))
        tags = {PIPELINE_TAG: pipeline.name, "nbcraft.job": row.id}
        if row.parameters.get("from"):
            tags["nbcraft.pipeline.from"] = row.parameters["from"]
        parent = tracking.start(
            experiment_id=experiment_id,
            run_name=f"pipeline {pipeline.name} ({row.id[:6]})",
            tags=tags,
            parameters={},
        )
        from ..provenance.record.job import record_pipeline_start

        record_pipeline_start(
            tracking.client, parent.run_id, self.service.root, pipeline.definition()
        )
        return parent

    def describe_steps(self, row: Job) -> list[dict[str, Any]]:
        steps = []
        for entry in row.steps or []:
            job = self.service.describe(entry["job_id"]) or {}
            status = job.get("status")
            if status == states.CANCELLED and (job.get("error") or "").startswith("skipped"):
                status = SKIPPED
            steps.append(
                {
                    **entry,
                    "status": status,
                    "mlflow_run_id": job.get("mlflow_run_id"),
                    "error": job.get("error"),
                    "started": job.get("started"),
                    "ended": job.get("ended"),
                    "progress": job.get("progress"),
                    "target": job.get("target"),
                    "notebook": job.get("notebook"),
                }
            )
        return steps

    async def cancel(self, row: Job, reason: str | None = None) -> Job:
        """The run's steps that are queued or running cancelled, those waiting for their needs
        skipped; ``reason``: why, in their error and the run's (else "cancelled")."""
        if row.status in states.DONE:
            raise JobInputError(f"pipeline run {row.id} is already {row.status}", 409)
        store = self.service.store
        # why, saved before the first await (``row`` is as stored until then): the run's own
        # end reads it, and a row saved after the awaits could undo the run's final status
        row.error = reason or "cancelled"
        store.save(row)
        for step_id in [job.id for job in store.steps_of(row.id)]:
            # each step as stored NOW: while an earlier step's cancel awaited its kernel, other
            # steps may have finished (and their dependants run): a done step keeps what it is
            job = store.get(step_id)
            if job is None or job.status not in (states.QUEUED, states.RUNNING):
                continue
            if job.id in self.service._queue or job.id in self.service._running:
                await self.service.cancel(job.id, reason)
            else:  # not queued yet, waiting for its needs: it will not run
                job.status, job.ended = states.CANCELLED, now()
                job.error = f"skipped: {reason or 'the pipeline run was cancelled'}"
                store.save(job)
                self.service._prepared.pop(job.id, None)
        return store.get(row.id) or row


def _past(status: str) -> str:
    return {
        states.FAILED: "failed",
        states.CANCELLED: "was cancelled",
        SKIPPED: "was skipped",
        states.LOST: "was lost",
    }.get(status, status)
