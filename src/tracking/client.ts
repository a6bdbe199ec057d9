import type { AxiosInstance } from 'axios';
import {
  getJson,
  NbcraftApiError,
  parseResponse,
  postJson,
  toApiError
} from '../core/api';
import {
  CHART_POINTS,
  lttbIndices,
  summarize,
  type IMetricSummary
} from './downsample';
import { nonEmpty } from './format';
import { normalizeArtifactPath } from './runs';
import {
  buildExperimentsSearchBody,
  buildRunsSearchBody,
  notebookRunsFilter,
  type IRunsQuery
} from './query';
import {
  ArtifactsListSchema,
  ExperimentGetSchema,
  ExperimentsSearchSchema,
  LoggedModelSchema,
  MetricHistorySchema,
  RunGetSchema,
  RunsSearchSchema,
  TrackingStatusSchema,
  type ArtifactFile,
  type Experiment,
  type LoggedModelInfo,
  type Metric,
  type Run,
  type RunsSearchReply,
  type TrackingStatus
} from './schemas';

const API = 'mlflow/api/2.0/mlflow/';
const AJAX = 'mlflow/ajax-api/2.0/mlflow/';
const ARTIFACTS = 'mlflow/api/2.0/mlflow-artifacts/artifacts/';

/** get-history-bulk-interval takes at most 100 run ids per request. */
const BULK_RUN_IDS = 100;
/** get-history pages hold at most 25,000 points. */
const HISTORY_PAGE = 25_000;
/** Stop reading a history past this many points (a summary then says "first N"). */
export const HISTORY_CAP = 500_000;

/** A metric history for a chart: points for one run, already at chart size. */
export interface IRunSeries {
  runId: string;
  points: { step: number; timestamp: number; value: number }[];
}

/** Artifact previews are capped: large files hang the MLflow UI (mlflow#3384). */
export const PREVIEW_TEXT_BYTES = 256 * 1024;
export const PREVIEW_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * The MLflow client of the sidebar: every call goes through nbcraft's proxy
 * (`<base>/nbcraft/mlflow/...`), every reply is validated with zod.
 */
export class TrackingClient {
  constructor(readonly http: AxiosInstance) {}

  status(): Promise<TrackingStatus> {
    return getJson(this.http, 'mlflow/status', TrackingStatusSchema);
  }

  async searchExperiments(
    text: string,
    maxResults = 100
  ): Promise<Experiment[]> {
    const reply = await postJson(
      this.http,
      API + 'experiments/search',
      buildExperimentsSearchBody(text, maxResults),
      ExperimentsSearchSchema
    );
    return reply.experiments;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const reply = await getJson(
      this.http,
      API + 'experiments/get',
      ExperimentGetSchema,
      {
        experiment_id: experimentId
      }
    );
    return reply.experiment;
  }

  searchRuns(
    query: IRunsQuery,
    pageToken?: string,
    maxResults?: number
  ): Promise<RunsSearchReply> {
    return postJson(
      this.http,
      API + 'runs/search',
      buildRunsSearchBody(query, pageToken, maxResults),
      RunsSearchSchema
    );
  }

  async getRun(runId: string): Promise<Run> {
    const reply = await getJson(this.http, API + 'runs/get', RunGetSchema, {
      run_id: runId
    });
    return reply.run;
  }

  /** A LoggedModel of a run (MLflow 3): its name and status. */
  async getLoggedModel(modelId: string): Promise<LoggedModelInfo> {
    const path = API + 'logged-models/' + encodeURIComponent(modelId);
    return (await getJson(this.http, path, LoggedModelSchema)).model.info;
  }

  /**
   * The experiment of the newest run matching `filter` across the most recently
   * updated experiments: with nbcraft's notebook tag, where the notebook's runs went;
   * with no filter, where work happened last. Null when there is no such run.
   */
  async experimentOfNewestRun(filter = ''): Promise<string | null> {
    const experiments = await this.searchExperiments('', 200);
    if (experiments.length === 0) {
      return null;
    }
    const reply = await this.searchRuns(
      {
        experimentIds: experiments.map(e => e.experiment_id),
        filter,
        sort: {
          column: { kind: 'attribute', key: 'start_time' },
          direction: 'DESC'
        },
        pageSize: 1
      },
      undefined,
      1
    );
    return reply.runs[0]?.info.experiment_id ?? null;
  }

  /** The experiment the notebook's newest run went to (nbcraft's run-context tag). */
  experimentOfNotebook(notebookPath: string): Promise<string | null> {
    return this.experimentOfNewestRun(notebookRunsFilter(notebookPath));
  }

  /**
   * Full histories read lately (for min/max in the details), kept compactly so a chart
   * of the same metric draws from them without asking the server again.
   */
  private historyCache = new Map<string, ICachedHistory>();

  /** Forget cached histories and chart series (a reload asks the server again). */
  clearHistoryCache(): void {
    this.historyCache.clear();
    this.seriesMemo.clear();
    this.reloads++;
  }

  /** How many times the caches were cleared, and in which of those a series was asked. */
  private reloads = 0;
  private askedAfterReload = new Map<string, number>();

  /** A cached full history of a metric, if one was read. */
  cachedHistory(runId: string, key: string): ICachedHistory | undefined {
    return this.historyCache.get(`${runId}\u0000${key}`);
  }

  private remember(
    runId: string,
    key: string,
    metrics: Metric[],
    truncated: boolean
  ): void {
    const sorted = [...metrics].sort(
      (a, b) => a.step - b.step || a.timestamp - b.timestamp
    );
    const entry: ICachedHistory = {
      steps: Float64Array.from(sorted, m => m.step),
      timestamps: Float64Array.from(sorted, m => m.timestamp),
      values: Float64Array.from(sorted, m => m.value),
      truncated
    };
    const id = `${runId}\u0000${key}`;
    this.historyCache.delete(id);
    this.historyCache.set(id, entry);
    // Keep at most ~1M points (24 MB): drop the oldest entries first.
    let total = 0;
    for (const e of this.historyCache.values()) {
      total += e.steps.length;
    }
    for (const [k, e] of this.historyCache) {
      if (total <= HISTORY_CACHE_POINTS || k === id) {
        break;
      }
      total -= e.steps.length;
      this.historyCache.delete(k);
    }
  }

  /** The full history of one metric (paged), up to HISTORY_CAP points. */
  async metricHistory(
    runId: string,
    key: string
  ): Promise<{ metrics: Metric[]; truncated: boolean }> {
    const metrics: Metric[] = [];
    let token: string | undefined;
    do {
      const params: Record<string, unknown> = {
        run_id: runId,
        metric_key: key,
        max_results: HISTORY_PAGE
      };
      if (token) {
        params.page_token = token;
      }
      const page = await getJson(
        this.http,
        API + 'metrics/get-history',
        MetricHistorySchema,
        params
      );
      metrics.push(...page.metrics);
      token = nonEmpty(page.next_page_token);
    } while (token && metrics.length < HISTORY_CAP);
    this.remember(runId, key, metrics, Boolean(token));
    return { metrics, truncated: Boolean(token) };
  }

  /** Latest, min and max of a metric, from its history (runs/get has only the latest). */
  async metricSummary(
    runId: string,
    key: string
  ): Promise<(IMetricSummary & { truncated: boolean }) | null> {
    const { metrics, truncated } = await this.metricHistory(runId, key);
    const summary = summarize(metrics);
    return summary ? { ...summary, truncated } : null;
  }

  /**
   * Whether the server has `get-history-bulk-interval` (open-source MLflow does;
   * Databricks and Azure ML do not): unknown until the first chart asks for it, with the
   * real request (no separate probe: on 100,000 steps each request costs a full scan).
   */
  private bulkInterval: boolean | undefined;

  get hasBulkInterval(): boolean | undefined {
    return this.bulkInterval;
  }

  /**
   * Chart series asked for lately (or still on the way), by runs, metric and size, each
   * with the `seriesStamp` of the runs it was asked for. A chart whose runs have the same
   * stamp takes the same answer, so a series prefetched when a run is selected (or when a
   * chart view opens) is drawn without a second request, and a redraw (axis, log scale)
   * asks nothing. A run that logged more has another stamp: that asks again.
   */
  private seriesMemo = new Map<
    string,
    { stamp: string; reply: Promise<IChartSeriesReply> }
  >();

  /**
   * Chart-sized histories of one metric for several runs. From the cache when every
   * history is there (details read it for min/max), else the server downsamples when it
   * can (bulk-interval, ~320 points a run), else we page get-history and apply LTTB.
   *
   * `stamp` (see `seriesStamp`) says which state of the runs the caller draws; with one,
   * an earlier or in-flight request for the same runs, metric, size and stamp is reused.
   */
  async chartSeries(
    runIds: string[],
    key: string,
    points = CHART_POINTS,
    stamp = ''
  ): Promise<IChartSeriesReply> {
    if (runIds.length === 0) {
      return { series: [], source: 'history' };
    }
    const cached = runIds.map(id => this.cachedHistory(id, key));
    if (cached.every(c => c !== undefined)) {
      return {
        series: runIds.map((runId, i) => ({
          runId,
          points: downsampleCached(cached[i], points)
        })),
        source: 'cache'
      };
    }
    if (!stamp) {
      return this.requestChartSeries(runIds, key, points, null);
    }
    const id = [key, points, ...runIds].join('\u0000');
    const known = this.seriesMemo.get(id);
    if (known?.stamp === stamp) {
      return known.reply;
    }
    // The first time a series is asked for after a reload, the proxy must not answer from
    // its cache either (a value logged at an older step leaves the stamp as it was).
    const reload =
      this.reloads > 0 && this.askedAfterReload.get(id) !== this.reloads;
    this.askedAfterReload.set(id, this.reloads);
    const reply = this.requestChartSeries(runIds, key, points, {
      stamp,
      reload
    });
    this.seriesMemo.delete(id);
    this.seriesMemo.set(id, { stamp, reply });
    // Over the limit, drop the oldest first (a Map keeps insertion order).
    const oldest = this.seriesMemo.keys().next();
    if (this.seriesMemo.size > SERIES_MEMO_ENTRIES && !oldest.done) {
      this.seriesMemo.delete(oldest.value);
    }
    // A failed request is not remembered: the next chart asks again.
    reply.catch(() => {
      if (this.seriesMemo.get(id)?.reply === reply) {
        this.seriesMemo.delete(id);
      }
    });
    return reply;
  }

  /**
   * Start reading a metric's chart series for these runs now (a run was selected, a
   * chart view is opening), so the chart finds it ready or on the way. Errors are left
   * for the chart itself to show: the promise settles, never rejects.
   */
  prefetchChartSeries(runs: readonly Run[], key: string): Promise<void> {
    if (runs.length === 0) {
      return Promise.resolve();
    }
    return this.chartSeries(
      runs.map(r => r.info.run_id),
      key,
      CHART_POINTS,
      seriesStamp(runs, key)
    ).then(
      () => undefined,
      () => undefined
    );
  }

  private async requestChartSeries(
    runIds: string[],
    key: string,
    points: number,
    state: ISeriesState | null
  ): Promise<IChartSeriesReply> {
    if (this.bulkInterval !== false) {
      try {
        const { series, server } = await this.bulkIntervalSeries(
          runIds,
          key,
          points,
          state
        );
        this.bulkInterval = true;
        return { series, source: 'bulk-interval', server };
      } catch (error) {
        const status = toApiError(error).status;
        if (
          this.bulkInterval === true ||
          status === 0 ||
          status >= 500 ||
          status === 429
        ) {
          throw error; // a failure, not an answer about the feature
        }
        this.bulkInterval = false;
      }
    }
    const series = await Promise.all(
      runIds.map(async runId => {
        await this.metricHistory(runId, key);
        const history = this.cachedHistory(runId, key);
        return {
          runId,
          points: history ? downsampleCached(history, points) : []
        };
      })
    );
    return { series, source: 'history' };
  }

  private async bulkIntervalSeries(
    runIds: string[],
    key: string,
    points: number,
    state: ISeriesState | null
  ): Promise<{ series: IRunSeries[]; server: string }> {
    // The proxy keeps these answers for the same runs in the same state (its series cache,
    // nbcraft/tracking/series_cache.py), across pages and tabs; no stamp, no caching.
    const headers: Record<string, string> = {};
    if (state) {
      headers[SERIES_STAMP_HEADER] = state.stamp;
      if (state.reload) {
        headers['Cache-Control'] = 'no-cache';
      }
    }
    const byRun = new Map<string, IRunSeries>(
      runIds.map(id => [id, { runId: id, points: [] }])
    );
    const servers = new Set<string>();
    for (let i = 0; i < runIds.length; i += BULK_RUN_IDS) {
      const chunk = runIds.slice(i, i + BULK_RUN_IDS);
      const path =
        AJAX +
        'metrics/get-history-bulk-interval?' +
        bulkQuery(chunk, key, points);
      const response = await this.http.get<unknown>(path, { headers });
      const answeredBy: unknown = response.headers[SERIES_SOURCE_HEADER];
      servers.add(typeof answeredBy === 'string' ? answeredBy : 'unknown');
      const reply = parseResponse(MetricHistorySchema, response.data, path);
      for (const m of reply.metrics) {
        byRun.get(m.run_id ?? chunk[0])?.points.push({
          step: m.step,
          timestamp: m.timestamp,
          value: m.value
        });
      }
    }
    for (const s of byRun.values()) {
      s.points.sort((a, b) => a.step - b.step);
    }
    return { series: [...byRun.values()], server: [...servers].join(',') };
  }

  async listArtifacts(runId: string, path = ''): Promise<ArtifactFile[]> {
    const files: ArtifactFile[] = [];
    let token: string | undefined;
    const folder = normalizeArtifactPath(path);
    if (folder === null) {
      throw new NbcraftApiError(
        `The artifact path ${path} leaves the run.`,
        400
      );
    }
    do {
      const params: Record<string, unknown> = { run_id: runId };
      if (folder.length > 0) {
        params.path = folder.join('/');
      }
      if (token) {
        params.page_token = token;
      }
      const page = await getJson(
        this.http,
        API + 'artifacts/list',
        ArtifactsListSchema,
        params
      );
      files.push(...page.files);
      token = nonEmpty(page.next_page_token);
    } while (token && files.length < 5000);
    return files;
  }

  /**
   * The proxy path of an artifact, for runs whose artifacts the tracking server
   * serves (`mlflow-artifacts:/...`); null when it cannot be downloaded that way.
   */
  static artifactDownloadPath(
    artifactUri: string | undefined,
    path: string
  ): string | null {
    const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(
      artifactUri ?? ''
    );
    if (!match) {
      return null;
    }
    // Each part on its own: a `..` in `path` may not climb into the run's root.
    const root = normalizeArtifactPath(match[1]);
    const inside = normalizeArtifactPath(path);
    if (root === null || inside === null) {
      return null;
    }
    return ARTIFACTS + [...root, ...inside].map(encodeURIComponent).join('/');
  }

  /** The first PREVIEW_TEXT_BYTES of a text artifact; `truncated` when there was more. */
  async artifactText(
    downloadPath: string,
    size?: number
  ): Promise<{ text: string; truncated: boolean }> {
    const response = await this.http
      .get<ArrayBuffer>(downloadPath, {
        responseType: 'arraybuffer',
        headers: { Range: `bytes=0-${PREVIEW_TEXT_BYTES - 1}` }
      })
      .catch((error: unknown) => {
        throw toApiError(error);
      });
    const bytes = new Uint8Array(response.data);
    const cut = bytes.subarray(0, PREVIEW_TEXT_BYTES);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(cut);
    const truncated =
      bytes.length > PREVIEW_TEXT_BYTES || (size ?? 0) > PREVIEW_TEXT_BYTES;
    return { text, truncated };
  }

  async artifactBlob(downloadPath: string, size?: number): Promise<Blob> {
    if ((size ?? 0) > PREVIEW_IMAGE_BYTES) {
      throw new NbcraftApiError('The file is too large to preview here.', 413);
    }
    const response = await this.http.get<Blob>(downloadPath, {
      responseType: 'blob'
    });
    return response.data;
  }
}

/** A chart's data and where they came from. */
export interface IChartSeriesReply {
  series: IRunSeries[];
  source: 'cache' | 'bulk-interval' | 'history';
  /**
   * For bulk-interval: who answered, from the proxy's `X-Nbcraft-Series-Source`
   * (`embedded-sqlite`: nbcraft read its embedded store; `mlflow`; `cache`: the proxy's
   * series cache), comma-separated when several requests were needed.
   */
  server?: string;
}

/** Set by the proxy on chart series answers: which path answered. */
export const SERIES_SOURCE_HEADER = 'x-nbcraft-series-source';

/** Sent with chart series requests: the runs' state the proxy's cache answers for. */
export const SERIES_STAMP_HEADER = 'X-Nbcraft-Series-Stamp';

/** The runs' state a series is asked for, and whether a reload asks past every cache. */
interface ISeriesState {
  stamp: string;
  reload: boolean;
}

/** How many chart series the client remembers (a few compare views' worth). */
const SERIES_MEMO_ENTRIES = 64;

/**
 * The state of some runs as far as one metric's chart is concerned: each run's status and
 * the step and time of its latest value of that metric (MLflow's latest_metrics). A run
 * that logs a newer value, or finishes, gets another stamp. Pure.
 */
export function seriesStamp(runs: readonly Run[], key: string): string {
  return runs
    .map(run => {
      const latest = run.data.metrics.find(m => m.key === key);
      return [
        run.info.run_id,
        run.info.status,
        latest?.step ?? '',
        latest?.timestamp ?? ''
      ].join(':');
    })
    .join('|');
}

/** A full metric history kept in typed arrays, sorted by step. */
export interface ICachedHistory {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  truncated: boolean;
}

/** The most points the history cache keeps. */
const HISTORY_CACHE_POINTS = 1_000_000;

function downsampleCached(
  history: ICachedHistory,
  points: number
): IRunSeries['points'] {
  return lttbIndices(history.steps, history.values, points).map(i => ({
    step: history.steps[i],
    timestamp: history.timestamps[i],
    value: history.values[i]
  }));
}

function bulkQuery(runIds: string[], key: string, maxResults: number): string {
  const params = new URLSearchParams();
  for (const id of runIds) {
    params.append('run_ids', id);
  }
  params.set('metric_key', key);
  params.set('max_results', String(Math.max(1, Math.min(maxResults, 2500))));
  return params.toString();
}
