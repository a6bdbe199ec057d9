import type { AxiosInstance } from 'axios';
import { parseResponse, toApiError } from '../core/api';
import { CHART_POINTS } from './downsample';
import {
  downsampleCached,
  type IRunSeries,
  type MetricHistoryCache
} from './historyCache';
import { MetricHistorySchema, type Run } from './schemas';

const AJAX = 'mlflow/ajax-api/2.0/mlflow/';

/** get-history-bulk-interval takes at most 100 run ids per request. */
const BULK_RUN_IDS = 100;

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
  /** points of a full history (cache, history) were dropped to fit the chart */
  downsampled?: boolean;
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
 * Chart-sized metric series for the tracking client: from the history cache, from the
 * server's bulk-interval endpoint, or paged histories downsampled here; answers remembered
 * by the runs' `seriesStamp`.
 */
export class ChartSeriesSource {
  /**
   * @param readHistory reads a full history into `history` (the client's paged get-history)
   */
  constructor(
    private readonly http: AxiosInstance,
    private readonly history: MetricHistoryCache,
    private readonly readHistory: (
      runId: string,
      key: string
    ) => Promise<unknown>
  ) {}

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

  /** How many times the caches were cleared, and in which of those a series was asked. */
  private reloads = 0;
  private askedAfterReload = new Map<string, number>();

  /** Forget remembered series (a reload asks the server again, past its caches). */
  clear(): void {
    this.seriesMemo.clear();
    this.reloads++;
  }

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
    const cached = runIds.map(id => this.history.get(id, key));
    if (cached.every(c => c !== undefined)) {
      const series = runIds.map((runId, i) => ({
        runId,
        points: downsampleCached(cached[i], points)
      }));
      return {
        series,
        source: 'cache',
        downsampled: series.some(
          (s, i) => s.points.length < cached[i].steps.length
        )
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
    let downsampled = false;
    const series = await Promise.all(
      runIds.map(async runId => {
        await this.readHistory(runId, key);
        const history = this.history.get(runId, key);
        const drawn = history ? downsampleCached(history, points) : [];
        downsampled ||=
          history !== undefined && drawn.length < history.steps.length;
        return { runId, points: drawn };
      })
    );
    return { series, source: 'history', downsampled };
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
}

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

function bulkQuery(runIds: string[], key: string, maxResults: number): string {
  const params = new URLSearchParams();
  for (const id of runIds) {
    params.append('run_ids', id);
  }
  params.set('metric_key', key);
  params.set('max_results', String(Math.max(1, Math.min(maxResults, 2500))));
  return params.toString();
}
