/**
 * Pure decisions of the Jobs panel and "Run as job…": which jobs are live, what a job's
 * progress and duration are, which actions it offers, what changed between two listings,
 * and where a pipeline's steps sit in its graph. No widgets, no I/O.
 */
import type { Job, JobStatus } from './api';
import { toPythonLiteral } from './parameters';

/** A job the server still works on: the panel polls fast while one is listed. */
export function isLive(status: JobStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Cell i of n, when the server said so. */
export interface IProgressStep {
  cell: number;
  total: number;
}

export function progressStep(job: Job): IProgressStep | null {
  const cell = job.progress?.cell;
  const total = job.progress?.cells;
  if (typeof cell !== 'number' || typeof total !== 'number' || total <= 0) {
    return null;
  }
  return { cell: Math.min(Math.max(cell, 0), total), total };
}

/** 0..1 for a progress bar: done cells over all (a finished job is full). */
export function progressFraction(job: Job): number {
  if (job.status === 'finished') {
    return 1;
  }
  const step = progressStep(job);
  if (!step) {
    return 0;
  }
  // The running cell is not done yet: cell i of n means i - 1 are.
  const done = job.status === 'running' ? step.cell - 1 : step.cell;
  return Math.max(0, done) / step.total;
}

/** How long the job ran (to its end, or to `now` while it runs); null before it starts. */
export function jobDuration(job: Job, now: number): number | null {
  if (job.started === null) {
    return null;
  }
  const end = job.ended ?? (isLive(job.status) ? now : null);
  return end === null ? null : Math.max(0, end - job.started);
}

/**
 * The Run-as-job dialog's fields for running `job` again: its parameters as Python literals,
 * a secret one empty (the server shows it redacted and keeps no real value to run again).
 */
export function rerunValues(job: Job): Record<string, string> {
  const secret = new Set(job.secret_parameters);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(job.parameters)) {
    values[name] = secret.has(name) ? '' : toPythonLiteral(value);
  }
  return values;
}

/** What a user can do with a job now. */
export interface IJobActions {
  /** the executed notebook exists once the job ran (even when it failed part-way) */
  openOutput: boolean;
  showRun: boolean;
  cancel: boolean;
  rerun: boolean;
}

export function jobActions(job: Job): IJobActions {
  const ran = job.started !== null && !isLive(job.status);
  return {
    openOutput: ran && job.status !== 'lost',
    showRun: Boolean(job.mlflow_run_id),
    cancel: isLive(job.status),
    rerun: !isLive(job.status)
  };
}

/**
 * Whether a new listing differs from the shown one in anything the panel draws (status,
 * progress, times, run id, error): the poller backs off while nothing changes.
 */
export function listingChanged(
  before: readonly Job[],
  after: readonly Job[]
): boolean {
  if (before.length !== after.length) {
    return true;
  }
  return after.some((job, i) => jobKey(job) !== jobKey(before[i]));
}

function jobKey(job: Job): string {
  return JSON.stringify([
    job.id,
    job.status,
    job.progress?.cell,
    job.progress?.cells,
    job.progress?.output,
    job.started,
    job.ended,
    job.mlflow_run_id,
    job.error
  ]);
}

/** The jobs whose status changed to an end state since the last listing (for a notice). */
export function newlyEnded(
  before: readonly Job[],
  after: readonly Job[]
): Job[] {
  const was = new Map(before.map(job => [job.id, job.status]));
  return after.filter(job => {
    const old = was.get(job.id);
    return old !== undefined && isLive(old) && !isLive(job.status);
  });
}

/** A step of a pipeline as the graph draws it. */
export interface IPipelineStep {
  name: string;
  needs: readonly string[];
  status: JobStatus | 'pending' | 'skipped';
}

export interface IPlacedStep extends IPipelineStep {
  /** 0-based column: the longest chain of `needs` before the step */
  column: number;
  /** 0-based row within its column */
  row: number;
}

export interface IPipelineLayout {
  steps: IPlacedStep[];
  edges: { from: string; to: string }[];
  columns: number;
  rows: number;
}

/**
 * Columns by dependency depth, so parallel steps stand one above the other and every edge
 * points right. A `needs` naming no step is drawn as no edge (the server reports it); a cycle
 * (also reported there) does not hang the layout: a step met again on its own chain is depth 0.
 */
export function layoutPipeline(
  steps: readonly IPipelineStep[]
): IPipelineLayout {
  const byName = new Map(steps.map(step => [step.name, step]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) {
      return known;
    }
    const step = byName.get(name);
    if (!step || visiting.has(name)) {
      return -1;
    }
    visiting.add(name);
    let d = 0;
    for (const need of step.needs) {
      d = Math.max(d, depthOf(need) + 1);
    }
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  const rowsUsed: number[] = [];
  const placed = steps.map((step): IPlacedStep => {
    const column = depthOf(step.name);
    const row = rowsUsed[column] ?? 0;
    rowsUsed[column] = row + 1;
    return { ...step, column, row };
  });
  const edges = steps.flatMap(step =>
    step.needs
      .filter(need => byName.has(need))
      .map(need => ({ from: need, to: step.name }))
  );
  return {
    steps: placed,
    edges,
    columns: rowsUsed.length,
    rows: Math.max(0, ...rowsUsed)
  };
}
