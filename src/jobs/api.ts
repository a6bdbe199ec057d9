/**
 * The jobs routes (DESIGN.md "Jobs, provenance and trust"), validated with zod. The server
 * extension owns the shapes (nbcraft/jobs/); unknown extra fields pass.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

import { getJson, postJson } from '../core/api';
import { TranslatableError } from '../core/translatable';
import type { JsonValue } from './parameters';

export const JOB_STATUSES = [
  'queued',
  'running',
  'finished',
  'failed',
  'cancelled',
  'lost'
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A time as the server sends it (ISO text or epoch seconds), read as epoch milliseconds. */
const Time = z
  .union([z.string(), z.number()])
  .nullable()
  .optional()
  .transform(value => toMillis(value ?? null));

export function toMillis(value: string | number | null): number | null {
  if (value === null || value === '') {
    return null;
  }
  if (typeof value === 'number') {
    // Epoch seconds (Python's time.time()) are below 1e11 until the year 5138.
    return value < 1e11 ? value * 1000 : value;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** Where a running job is: cell i of n, and the running cell's latest output. */
export const ProgressSchema = z
  .object({
    /** 1-based index of the running cell in the executed notebook */
    cell: z.number().nullable().optional(),
    /** how many cells the executed notebook has (the injected parameters cell included) */
    cells: z.number().nullable().optional(),
    /** the running cell as lint names it in the user's notebook ("cell 3") */
    label: z.string().nullable().optional(),
    /** the tail of the running cell's stream output */
    output: z.string().nullable().optional(),
    traceback: z.string().nullable().optional()
  })
  .loose();
export type JobProgress = z.infer<typeof ProgressSchema>;

/** A step of a pipeline run, as its row lists it. */
export const PipelineStepSchema = z
  .object({
    name: z.string(),
    needs: z
      .array(z.string())
      .nullable()
      .optional()
      .transform(n => n ?? []),
    job_id: z.string().nullable().optional(),
    /** a job status, or what the server says of a step with no job yet ("pending", "skipped") */
    status: z.string().nullable().optional()
  })
  .loose();
export type PipelineStep = z.infer<typeof PipelineStepSchema>;

export const JobSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    notebook: z.string(),
    target: z.string(),
    parameters: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .transform(p => (p ?? {}) as Record<string, JsonValue>),
    /** the parameters `parameters` shows redacted: the server keeps no real value of them */
    secret_parameters: z
      .array(z.string())
      .nullable()
      .optional()
      .transform(s => s ?? []),
    /**
     * the parameters an older nbcraft stored as a bare NaN or Infinity: `parameters` shows
     * the string "NaN", which running them again would send
     */
    non_finite_parameters: z
      .array(z.string())
      .nullable()
      .optional()
      .transform(s => s ?? []),
    status: z.enum(JOB_STATUSES),
    mlflow_run_id: z.string().nullable().optional(),
    experiment: z.string().nullable().optional(),
    created: Time,
    started: Time,
    ended: Time,
    progress: ProgressSchema.nullable().optional(),
    error: z.string().nullable().optional(),
    warnings: z.array(z.string()).nullable().optional(),
    mlflow_run_url: z.string().nullable().optional(),
    /** "pipeline" for a pipeline run's own row (its steps in `steps`) */
    kind: z.string().optional(),
    pipeline: z.string().nullable().optional(),
    steps: z.array(PipelineStepSchema).nullable().optional(),
    /** a step's row: the pipeline run it belongs to, and the step's name */
    pipeline_id: z.string().nullable().optional(),
    step: z.string().nullable().optional()
  })
  .loose();
export type Job = z.infer<typeof JobSchema>;

/**
 * The jobs of a listing, each read on its own: a row the schema rejects (a hostile or future
 * `.nbcraft/jobs.db` row) is dropped and counted, not the whole list.
 */
const JobRowsSchema = z.array(z.unknown()).transform(rows => {
  const jobs: Job[] = [];
  for (const row of rows) {
    const parsed = JobSchema.safeParse(row);
    if (parsed.success) {
      jobs.push(parsed.data);
    }
  }
  return { jobs, dropped: rows.length - jobs.length };
});

/** `GET /nbcraft/jobs`: newest first, a page `{jobs, total, offset, limit}` (pipeline steps inside their pipeline's row); `dropped`: how many rows the lab could not read. */
export const JobListSchema = z.union([
  JobRowsSchema.transform(({ jobs, dropped }) => ({
    jobs,
    total: jobs.length + dropped,
    dropped
  })),
  z
    .object({
      jobs: JobRowsSchema,
      total: z.number().optional()
    })
    .loose()
    .transform(page => ({
      jobs: page.jobs.jobs,
      total: page.total ?? page.jobs.jobs.length + page.jobs.dropped,
      dropped: page.jobs.dropped
    }))
]);
export type JobList = z.infer<typeof JobListSchema>;

export const JobCreatedSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    status: z.enum(JOB_STATUSES),
    /** e.g. parameters for a notebook without a `parameters` cell (the job runs anyway; a name that cell does not define is a 400) */
    warnings: z.array(z.string()).nullable().optional()
  })
  .loose();
export type JobCreated = z.infer<typeof JobCreatedSchema>;

/** What "Run as job…" sends. */
export interface IJobRequest {
  notebook: string;
  target: string;
  parameters: Record<string, JsonValue>;
  experiment?: string;
}

/** The jobs routes, over the core client (token and XSRF added there). */
export class JobsApi {
  constructor(private readonly client: AxiosInstance) {}

  submit(request: IJobRequest): Promise<JobCreated> {
    return postJson(this.client, 'jobs', request, JobCreatedSchema);
  }

  /** Run a pipeline of the config again, from `from` (that step and everything after it). */
  runPipeline(pipeline: string, from?: string): Promise<JobCreated> {
    return postJson(
      this.client,
      'jobs',
      from ? { pipeline, from } : { pipeline },
      JobCreatedSchema
    );
  }

  list(): Promise<JobList> {
    return getJson(this.client, 'jobs', JobListSchema);
  }

  get(id: string): Promise<Job> {
    return getJson(this.client, `jobs/${encodeURIComponent(id)}`, JobSchema);
  }

  async cancel(id: string): Promise<void> {
    await this.client.post(`jobs/${encodeURIComponent(id)}/cancel`, {});
  }

  /** The executed notebook (nbformat JSON), as the server stores it. */
  async output(id: string): Promise<Record<string, unknown>> {
    const response = await this.client.get<unknown>(
      `jobs/${encodeURIComponent(id)}/output`
    );
    const parsed = z
      .object({ cells: z.array(z.unknown()) })
      .loose()
      .safeParse(response.data);
    if (!parsed.success) {
      throw new TranslatableError(tr =>
        tr.__(
          'jobs/%1/output: the server did not send a notebook (no "cells")',
          id
        )
      );
    }
    return parsed.data;
  }
}
