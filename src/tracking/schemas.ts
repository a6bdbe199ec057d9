import { z } from 'zod';

/**
 * zod schemas for every MLflow REST reply the tracking UI reads. They accept what
 * open-source MLflow, Databricks and Azure ML send (extra fields pass through,
 * optional fields may be missing) and reject shapes the widgets could not draw.
 */

/** MLflow sends 64-bit integers as numbers or, through some gateways, as strings. */
const int64 = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number)
]);

export const KeyValueSchema = z.object({ key: z.string(), value: z.string() });
export type KeyValue = z.infer<typeof KeyValueSchema>;

/**
 * A double as MLflow's JSON (protobuf's) writes it: a number, or for NaN and the
 * infinities the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers);
 * nbcraft's own routes write them the same way.
 */
export const MlflowDoubleSchema = z.union([
  z.number(),
  z.string().transform(Number)
]);

export const MetricSchema = z.object({
  key: z.string(),
  value: MlflowDoubleSchema,
  timestamp: int64.optional().default(0),
  step: int64.optional().default(0),
  run_id: z.string().optional()
});
export type Metric = z.infer<typeof MetricSchema>;

export const ExperimentSchema = z.object({
  experiment_id: z.string(),
  name: z.string(),
  artifact_location: z.string().optional(),
  lifecycle_stage: z.string().optional(),
  last_update_time: int64.optional(),
  creation_time: int64.optional(),
  tags: z.array(KeyValueSchema).optional()
});
export type Experiment = z.infer<typeof ExperimentSchema>;

export const ExperimentsSearchSchema = z.object({
  experiments: z.array(ExperimentSchema).optional().default([]),
  next_page_token: z.string().optional()
});

export const ExperimentGetSchema = z.object({ experiment: ExperimentSchema });

export const RunStatusSchema = z.enum([
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED'
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunInfoSchema = z.object({
  run_id: z.string(),
  experiment_id: z.string(),
  run_name: z.string().optional().default(''),
  user_id: z.string().optional(),
  status: RunStatusSchema.catch('FINISHED'),
  start_time: int64.optional(),
  end_time: int64.optional(),
  artifact_uri: z.string().optional(),
  lifecycle_stage: z.string().optional()
});
export type RunInfo = z.infer<typeof RunInfoSchema>;

export const RunDataSchema = z.object({
  metrics: z.array(MetricSchema).optional().default([]),
  params: z.array(KeyValueSchema).optional().default([]),
  tags: z.array(KeyValueSchema).optional().default([])
});

/** MLflow 3 records the LoggedModels a run produced in `outputs`. */
export const RunOutputsSchema = z.object({
  model_outputs: z
    .array(z.object({ model_id: z.string(), step: int64.optional() }))
    .optional()
});

export const RunSchema = z.object({
  info: RunInfoSchema,
  data: RunDataSchema.optional().default({ metrics: [], params: [], tags: [] }),
  outputs: RunOutputsSchema.optional()
});
export type Run = z.infer<typeof RunSchema>;

/** `GET logged-models/<id>`: an MLflow 3 LoggedModel, what `log_model` makes. */
export const LoggedModelSchema = z.object({
  model: z.object({
    info: z.object({
      model_id: z.string(),
      name: z.string().optional(),
      status: z.string().optional().default(''),
      source_run_id: z.string().optional()
    })
  })
});
export type LoggedModelInfo = z.infer<
  typeof LoggedModelSchema
>['model']['info'];

export const RunsSearchSchema = z.object({
  runs: z.array(RunSchema).optional().default([]),
  next_page_token: z.string().optional()
});
export type RunsSearchReply = z.infer<typeof RunsSearchSchema>;

export const RunGetSchema = z.object({ run: RunSchema });

export const MetricHistorySchema = z.object({
  metrics: z.array(MetricSchema).optional().default([]),
  next_page_token: z.string().optional()
});

export const ArtifactFileSchema = z.object({
  path: z.string(),
  is_dir: z.boolean().optional().default(false),
  file_size: int64.optional()
});
export type ArtifactFile = z.infer<typeof ArtifactFileSchema>;

export const ArtifactsListSchema = z.object({
  root_uri: z.string().optional(),
  files: z.array(ArtifactFileSchema).optional().default([]),
  next_page_token: z.string().optional()
});

/** `GET /nbcraft/mlflow/status`, the server extension's own route. */
export const TrackingStatusSchema = z.object({
  kind: z.string().nullable().optional(),
  uri: z.string().nullable().optional(),
  reachable: z.boolean(),
  version: z.string().nullable().optional(),
  ui_url: z.string().nullable().optional(),
  ui_run_url_template: z.string().nullable().optional(),
  state: z.string().optional().default('ready'),
  message: z.string().optional().default(''),
  hint: z.string().optional().default('')
});
export type TrackingStatus = z.infer<typeof TrackingStatusSchema>;
