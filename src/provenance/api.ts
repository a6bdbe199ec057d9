/**
 * The provenance routes (nbcraft/provenance/handlers.py), validated with zod. The server
 * owns the shapes; unknown extra fields pass, and optional parts may be null.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

import { getJson, postJson } from '../core/api';
import { MlflowDoubleSchema } from '../tracking/schemas';

const CellSchema = z
  .object({ cell_type: z.string(), source: z.string() })
  .loose();
export type SnapshotCell = z.infer<typeof CellSchema>;

const PackageSchema = z
  .object({ name: z.string(), version: z.string() })
  .loose();
export type PackageVersion = z.infer<typeof PackageSchema>;

const ChangedPackageSchema = z
  .object({ name: z.string(), run: z.string(), now: z.string() })
  .loose();
export type ChangedPackage = z.infer<typeof ChangedPackageSchema>;

const text = z
  .string()
  .nullable()
  .optional()
  .transform(v => v ?? null);
const flag = z
  .boolean()
  .nullable()
  .optional()
  .transform(v => v ?? null);
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullable()
    .optional()
    .transform(v => v ?? []);

export const GitSchema = z
  .object({
    commit: text,
    branch: text,
    repo_url: text,
    dirty: flag,
    diff_truncated: flag,
    /** whether the recorded commit is in the repository here (null: cannot tell) */
    in_repository: flag,
    /** the notebook file itself: committed, modified, untracked, ignored, outside */
    notebook: text
  })
  .loose();
export type GitProvenance = z.infer<typeof GitSchema>;

export const EnvironmentDiffSchema = z
  .object({
    added: list(PackageSchema),
    removed: list(PackageSchema),
    changed: list(ChangedPackageSchema)
  })
  .loose();

export const EnvironmentSchema = EnvironmentDiffSchema.extend({
  python: text,
  platform: text,
  target: text,
  lockfile: text,
  lockfile_changed: flag,
  compared_with: text,
  /** why the comparison is not with the notebook's kernel (no kernel, a remote kernel) */
  note: text
});
export type EnvironmentProvenance = z.infer<typeof EnvironmentSchema>;

export const InputSchema = z
  .object({
    path: z.string(),
    location: text,
    size: z.number().nullable().optional(),
    digest_kind: text,
    reader: text,
    changed: flag
  })
  .loose();
export type DataInput = z.infer<typeof InputSchema>;

export const RunProvenanceSchema = z
  .object({
    run_id: z.string(),
    status: z.enum(['complete', 'partial', 'none']).catch('partial'),
    note: text,
    git: GitSchema.nullable()
      .optional()
      .transform(g => g ?? null),
    notebook: z
      .object({
        path: text,
        sha256: text,
        /** same | extra | differs: whether the cells the kernel ran are the snapshot's */
        executed: text,
        changed: flag,
        snapshot_cells: list(CellSchema),
        current_cells: z
          .array(CellSchema)
          .nullable()
          .optional()
          .transform(v => v ?? null)
      })
      .loose()
      .nullable()
      .optional()
      .transform(n => n ?? null),
    environment: EnvironmentSchema.nullable()
      .optional()
      .transform(e => e ?? null),
    inputs: list(InputSchema)
  })
  .loose();
export type RunProvenance = z.infer<typeof RunProvenanceSchema>;

/** One side of a comparison's git part: the commit hash, or the full git section. */
const CompareGitSide = z
  .union([z.string(), GitSchema])
  .nullable()
  .optional()
  .transform(side =>
    typeof side === 'string'
      ? GitSchema.parse({ commit: side })
      : (side ?? null)
  );

export const CompareSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    git: z.object({ a: CompareGitSide, b: CompareGitSide, same: flag }).loose(),
    notebook: z
      .object({
        a_cells: list(CellSchema),
        b_cells: list(CellSchema),
        /** same | extra | differs: whether each run's cells were its snapshot's */
        a_executed: text,
        b_executed: text,
        /** which cells ran other code (the provenance note's part about it) */
        a_note: text,
        b_note: text,
        /** whether the two ran the same cells (null: not recorded for one of them) */
        executed_same: flag
      })
      .loose(),
    environment: EnvironmentDiffSchema,
    inputs: list(
      z
        .object({
          path: z.string(),
          a: text,
          b: text,
          same: flag
        })
        .loose()
    )
  })
  .loose();
export type ProvenanceComparison = z.infer<typeof CompareSchema>;

export const REPRODUCTION_STATES = [
  'running',
  'reproduced',
  'not-reproduced',
  'cannot'
] as const;
export type ReproductionState = (typeof REPRODUCTION_STATES)[number];

export const ReproductionSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    run_id: z.string(),
    status: z.enum(REPRODUCTION_STATES),
    exit_code: z.number().nullable().optional(),
    message: text,
    new_run_id: text,
    metrics: list(
      z
        .object({
          key: z.string(),
          // a NaN metric comes as "NaN", as MLflow writes it
          original: MlflowDoubleSchema.nullable().optional(),
          reproduced: MlflowDoubleSchema.nullable().optional(),
          rel_diff: z.number().nullable().optional(),
          ok: z.boolean().nullable().optional()
        })
        .loose()
    ),
    inputs: list(
      z.object({ path: z.string(), ok: z.boolean(), reason: text }).loose()
    ),
    /** what the reproduction wants the user to know (an editable install, no metrics) */
    notes: list(z.string())
  })
  .loose();
export type Reproduction = z.infer<typeof ReproductionSchema>;

export const GitStateSchema = z
  .object({
    /** the repository's folder relative to the Jupyter root ('.' at the root); null: none */
    repository: text,
    dirty: flag,
    dirty_paths: list(z.string()),
    notebook_tracked: flag
  })
  .loose();
export type GitState = z.infer<typeof GitStateSchema>;

const StartedSchema = z
  .object({ id: z.union([z.string(), z.number()]).transform(String) })
  .loose();

export interface IReproduceOptions {
  target?: string;
  env?: 'current' | 'rebuild';
  rtol?: number;
}

/** The provenance routes, over the extension's authenticated client. */
export class ProvenanceApi {
  constructor(readonly client: AxiosInstance) {}

  /** What the run recorded, compared with the notebook and (given a kernel id) its kernel now. */
  run(runId: string, kernelId?: string | null): Promise<RunProvenance> {
    return getJson(
      this.client,
      `provenance/runs/${encodeURIComponent(runId)}`,
      RunProvenanceSchema,
      kernelId ? { kernel: kernelId } : undefined
    );
  }

  compare(a: string, b: string): Promise<ProvenanceComparison> {
    return getJson(this.client, 'provenance/compare', CompareSchema, { a, b });
  }

  async reproduce(runId: string, options: IReproduceOptions = {}) {
    const started = await postJson(
      this.client,
      `provenance/runs/${encodeURIComponent(runId)}/reproduce`,
      options,
      StartedSchema
    );
    return started.id;
  }

  reproduction(id: string): Promise<Reproduction> {
    return getJson(
      this.client,
      `provenance/reproductions/${encodeURIComponent(id)}`,
      ReproductionSchema
    );
  }

  git(path: string): Promise<GitState> {
    return getJson(this.client, 'provenance/git', GitStateSchema, { path });
  }
}
