import type { AxiosInstance } from 'axios';
import { getJson, NbcraftApiError, postJson, toApiError } from '../core/api';
import { ChartSeriesSource, type IChartSeriesReply } from './chartSeries';
import { CHART_POINTS, summarize, type IMetricSummary } from './downsample';
import { nonEmpty } from './format';
import { MetricHistoryCache, type ICachedHistory } from './historyCache';
import { normalizeArtifactPath } from './runFields';
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

// The history cache and the chart series live beside this file; their names stay
// importable from here.
export {
  SERIES_SOURCE_HEADER,
  SERIES_STAMP_HEADER,
  seriesStamp,
  type IChartSeriesReply
} from './chartSeries';
export type { ICachedHistory, IRunSeries } from './historyCache';

const API = 'mlflow/api/2.0/mlflow/';
const ARTIFACTS = 'mlflow/api/2.0/mlflow-artifacts/artifacts/';

/** get-history pages hold at most 25,000 points. */
const HISTORY_PAGE = 25_000;
/** Stop reading a history past this many points (a summary then says "first N"). */
export const HISTORY_CAP = 500_000;

/** Artifact previews are capped: large files hang the MLflow UI (mlflow#3384). */
export const PREVIEW_TEXT_BYTES = 256 * 1024;
export const PREVIEW_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * The MLflow client of the sidebar: every call goes through nbcraft's proxy
 * (`<base>/nbcraft/mlflow/...`), every reply is validated with zod. Full histories it reads
 * are kept in a `MetricHistoryCache` (historyCache.ts); chart series come from a
 * `ChartSeriesSource` (chartSeries.ts) over the same cache.
 */
export class TrackingClient {
  private readonly histories = new MetricHistoryCache();
  private readonly series: ChartSeriesSource;

  constructor(readonly http: AxiosInstance) {
    this.series = new ChartSeriesSource(http, this.histories, (runId, key) =>
      this.metricHistory(runId, key)
    );
  }

  /** Aborts the searches live refresh sends (and their retries) when the sidebar goes. */
  private readonly polling = new AbortController();

  /** The sidebar was disposed: no search it started is sent (again) after this. */
  dispose(): void {
    this.polling.abort();
  }

  /**
   * `signal` (here and below): the widget or controller that asked aborts it when it is
   * disposed, so nothing it started is still sent or read after it is gone.
   */
  status(signal?: AbortSignal): Promise<TrackingStatus> {
    return getJson(
      this.http,
      'mlflow/status',
      TrackingStatusSchema,
      undefined,
      signal
    );
  }

  async searchExperiments(
    text: string,
    maxResults = 100
  ): Promise<Experiment[]> {
    const reply = await postJson(
      this.http,
      API + 'experiments/search',
      buildExperimentsSearchBody(text, maxResults),
      ExperimentsSearchSchema,
      this.polling.signal
    );
    return reply.experiments;
  }

  async getExperiment(
    experimentId: string,
    signal?: AbortSignal
  ): Promise<Experiment> {
    const reply = await getJson(
      this.http,
      API + 'experiments/get',
      ExperimentGetSchema,
      { experiment_id: experimentId },
      signal
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
      RunsSearchSchema,
      this.polling.signal
    );
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    const reply = await getJson(
      this.http,
      API + 'runs/get',
      RunGetSchema,
      { run_id: runId },
      signal
    );
    return reply.run;
  }

  /** A LoggedModel of a run (MLflow 3): its name and status. */
  async getLoggedModel(
    modelId: string,
    signal?: AbortSignal
  ): Promise<LoggedModelInfo> {
    const path = API + 'logged-models/' + encodeURIComponent(modelId);
    const reply = await getJson(
      this.http,
      path,
      LoggedModelSchema,
      undefined,
      signal
    );
    return reply.model.info;
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

  /** Forget cached histories and chart series (a reload asks the server again). */
  clearHistoryCache(): void {
    this.histories.clear();
    this.series.clear();
  }

  /** A cached full history of a metric, if one was read. */
  cachedHistory(runId: string, key: string): ICachedHistory | undefined {
    return this.histories.get(runId, key);
  }

  /** The full history of one metric (paged), up to HISTORY_CAP points. */
  async metricHistory(
    runId: string,
    key: string,
    signal?: AbortSignal
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
        params,
        signal
      );
      metrics.push(...page.metrics);
      token = nonEmpty(page.next_page_token);
    } while (token && metrics.length < HISTORY_CAP);
    this.histories.remember(runId, key, metrics, Boolean(token));
    return { metrics, truncated: Boolean(token) };
  }

  /** Latest, min and max of a metric, from its history (runs/get has only the latest). */
  async metricSummary(
    runId: string,
    key: string,
    signal?: AbortSignal
  ): Promise<(IMetricSummary & { truncated: boolean }) | null> {
    const { metrics, truncated } = await this.metricHistory(runId, key, signal);
    const summary = summarize(metrics);
    return summary ? { ...summary, truncated } : null;
  }

  /** Whether the server has `get-history-bulk-interval`; unknown until a chart asked. */
  get hasBulkInterval(): boolean | undefined {
    return this.series.hasBulkInterval;
  }

  /** Chart-sized histories of one metric for several runs (see ChartSeriesSource). */
  chartSeries(
    runIds: string[],
    key: string,
    points = CHART_POINTS,
    stamp = ''
  ): Promise<IChartSeriesReply> {
    return this.series.chartSeries(runIds, key, points, stamp);
  }

  /** Start reading a chart series now; settles, never rejects. */
  prefetchChartSeries(runs: readonly Run[], key: string): Promise<void> {
    return this.series.prefetchChartSeries(runs, key);
  }

  async listArtifacts(
    runId: string,
    path = '',
    signal?: AbortSignal
  ): Promise<ArtifactFile[]> {
    const files: ArtifactFile[] = [];
    let token: string | undefined;
    const folder = normalizeArtifactPath(path);
    if (folder === null) {
      throw new NbcraftApiError(
        tr => tr.__('The artifact path %1 leaves the run.', path),
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
        params,
        signal
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
    size?: number,
    signal?: AbortSignal
  ): Promise<{ text: string; truncated: boolean }> {
    const response = await this.http
      .get<ArrayBuffer>(downloadPath, {
        signal,
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

  async artifactBlob(
    downloadPath: string,
    size?: number,
    signal?: AbortSignal
  ): Promise<Blob> {
    if ((size ?? 0) > PREVIEW_IMAGE_BYTES) {
      throw new NbcraftApiError(
        tr => tr.__('The file is too large to preview here.'),
        413
      );
    }
    const response = await this.http.get<Blob>(downloadPath, {
      signal,
      responseType: 'blob'
    });
    return response.data;
  }
}
