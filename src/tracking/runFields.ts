/** What a run holds, read for display: tags, params, metrics, its name, column values, "from this notebook", param differences, snippets. Pure. */
import { nonEmpty } from './format';
import type { IColumn } from './query';
import type { Run } from './schemas';

export const NOTEBOOK_TAG = 'nbcraft.notebook';
export const SOURCE_NAME_TAG = 'mlflow.source.name';
/** Set on the run of a job (`jupyter nbcraft run`, the Jobs panel): the job's id. */
export const JOB_TAG = 'nbcraft.job';
/** Set on a pipeline's parent run (`jupyter nbcraft run --pipeline NAME`): the pipeline's name. */
export const PIPELINE_TAG = 'nbcraft.pipeline';

export function tagValue(run: Run, key: string): string | undefined {
  return run.data.tags.find(t => t.key === key)?.value;
}

export function paramValue(run: Run, key: string): string | undefined {
  return run.data.params.find(p => p.key === key)?.value;
}

export function metricValue(run: Run, key: string): number | undefined {
  return run.data.metrics.find(m => m.key === key)?.value;
}

/**
 * The metrics of a run worth prefetching a chart for when the run is selected: those whose
 * latest step says the history is longer than a chart draws (the details read short ones
 * whole anyway, for min and max, and their charts draw from that). Highest step first,
 * at most `limit`. A metric logged without steps (all at step 0) is not guessed at. Pure.
 */
export function longMetricKeys(
  run: Run,
  chartPoints: number,
  limit = 6
): string[] {
  return run.data.metrics
    .filter(m => m.step >= chartPoints)
    .sort((a, b) => b.step - a.step || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map(m => m.key);
}

/** The display name: the run name, else the runName tag, else a short id. */
export function runName(run: Run): string {
  if (run.info.run_name) {
    return run.info.run_name;
  }
  const tagged = tagValue(run, 'mlflow.runName');
  return nonEmpty(tagged) ?? run.info.run_id.slice(0, 8);
}

/**
 * Whether the run was started from this notebook: nbcraft's tag, or MLflow's source
 * name (which MLflow's own Jupyter provider sets to the file name only).
 */
export function isFromNotebook(run: Run, notebookPath: string | null): boolean {
  if (!notebookPath) {
    return false;
  }
  const tagged = tagValue(run, NOTEBOOK_TAG);
  if (tagged !== undefined) {
    return tagged === notebookPath;
  }
  const source = tagValue(run, SOURCE_NAME_TAG);
  if (!source) {
    return false;
  }
  return source === notebookPath || source.endsWith('/' + notebookPath);
}

export function columnValue(
  run: Run,
  column: IColumn
): string | number | undefined {
  switch (column.kind) {
    case 'param':
      return paramValue(run, column.key);
    case 'metric':
      return metricValue(run, column.key);
    case 'tag':
      return tagValue(run, column.key);
    case 'attribute': {
      const info = run.info as Record<string, unknown>;
      const value = info[column.key];
      return typeof value === 'string' || typeof value === 'number'
        ? value
        : undefined;
    }
  }
}

/** Param and metric keys seen in these runs, sorted: what the column chooser offers. */
export function knownKeys(runs: readonly Run[]): {
  params: string[];
  metrics: string[];
  tags: string[];
} {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  for (const run of runs) {
    run.data.params.forEach(p => params.add(p.key));
    run.data.metrics.forEach(m => metrics.add(m.key));
    run.data.tags.forEach(t => {
      if (!t.key.startsWith('mlflow.')) {
        tags.add(t.key);
      }
    });
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { params: sort(params), metrics: sort(metrics), tags: sort(tags) };
}

export interface IParamRow {
  key: string;
  values: (string | undefined)[];
  /** True when the runs do not all have the same value (missing counts as a value). */
  differs: boolean;
}

/** The params of several runs side by side, differing rows first. */
export function paramDifferences(runs: readonly Run[]): IParamRow[] {
  const keys = new Set<string>();
  runs.forEach(r => {
    r.data.params.forEach(p => keys.add(p.key));
  });
  const rows = [...keys].map(key => {
    const values = runs.map(r => paramValue(r, key));
    return { key, values, differs: new Set(values).size > 1 };
  });
  return rows.sort(
    (a, b) =>
      Number(b.differs) - Number(a.differs) || a.key.localeCompare(b.key)
  );
}

/**
 * Whether the run has a model to load: an MLflow 3 LoggedModel in its outputs, or (MLflow 2)
 * the `mlflow.log-model.history` tag that `log_model` writes.
 */
export function hasModel(run: Run): boolean {
  return (
    (run.outputs?.model_outputs?.length ?? 0) > 0 ||
    nonEmpty(tagValue(run, 'mlflow.log-model.history')) !== undefined
  );
}

/**
 * Python that loads the run's model: the MLflow 3 LoggedModel when the run records
 * one in its outputs, else the conventional `runs:/<id>/<artifact path>`.
 */
export function modelSnippet(run: Run, artifactPath = 'model'): string {
  const modelId = run.outputs?.model_outputs?.[0]?.model_id;
  const uri = modelId
    ? `models:/${modelId}`
    : `runs:/${run.info.run_id}/${artifactPath}`;
  return [
    'import mlflow',
    '',
    `# Model of run ${JSON.stringify(runName(run))} (${run.info.run_id})`,
    `model = mlflow.pyfunc.load_model(${JSON.stringify(uri)})`,
    'model'
  ].join('\n');
}

/** The MLflow UI address of a run, from the status route's UI URL. */
export function runUiUrl(
  uiUrl: string | null | undefined,
  template: string | null | undefined,
  run: Run
): string | null {
  if (template) {
    return template
      .replace('{experiment_id}', encodeURIComponent(run.info.experiment_id))
      .replace('{run_id}', encodeURIComponent(run.info.run_id));
  }
  if (!uiUrl) {
    return null;
  }
  return `${uiUrl.replace(/\/+$/, '')}/#/experiments/${encodeURIComponent(run.info.experiment_id)}/runs/${encodeURIComponent(run.info.run_id)}`;
}

/** Split the head of a CSV file into rows, honouring quotes; at most `maxRows`. */
export function csvHead(text: string, maxRows = 20): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') {
        i++;
      }
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (rows.length < maxRows && (cell !== '' || row.length > 0)) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** How an artifact is previewed, from its name. */
export type PreviewKind = 'image' | 'json' | 'csv' | 'text' | 'none';

export function previewKind(path: string): PreviewKind {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp'].includes(ext)) {
    return 'image';
  }
  if (ext === 'json') {
    return 'json';
  }
  if (ext === 'csv' || ext === 'tsv') {
    return 'csv';
  }
  if (
    [
      'txt',
      'log',
      'md',
      'yaml',
      'yml',
      'py',
      'toml',
      'cfg',
      'ini',
      'html',
      'xml',
      'ipynb'
    ].includes(ext) ||
    ['mlmodel', 'requirements', 'license'].includes(
      path.toLowerCase().split('/').pop() ?? ''
    )
  ) {
    return 'text';
  }
  return 'none';
}

/**
 * An artifact path as segments with `.` and empty segments dropped and `..` applied, or
 * null when a `..` climbs above where the path starts. Paths come from the tracking
 * server (listings, a run's artifact URI): the browser would resolve a `..` in a URL
 * itself and leave the proxy's `/nbcraft/mlflow/` prefix for another Jupyter route.
 */
export function normalizeArtifactPath(path: string): string[] | null {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (segments.length === 0) {
        return null;
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments;
}
