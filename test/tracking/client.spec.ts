import axios, {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type InternalAxiosRequestConfig
} from 'axios';

import { toApiError } from '../../src/core/api';
import { seriesStamp, TrackingClient } from '../../src/tracking/client';
import { RunSchema, type Run } from '../../src/tracking/schemas';
import { DEFAULT_SORT } from '../../src/tracking/query';

// Replies captured from a real `mlflow server` (3.17, SQLite store) seeded by
// bench/tracking-seed.py; the HTTP layer below only replays them.
import runsSearch from './fixtures/runs-search.json';
import bulkInterval from './fixtures/bulk-interval.json';
import artifactsList from './fixtures/artifacts-list.json';
import experimentsSearch from './fixtures/experiments-search.json';

interface ISeen {
  method: string;
  url: string;
  params: unknown;
  data: unknown;
  headers: Record<string, unknown>;
}

/** An axios client whose adapter answers from a route table and records requests. */
function fakeHttp(
  routes: (config: InternalAxiosRequestConfig) => {
    status: number;
    data: unknown;
  }
) {
  const seen: ISeen[] = [];
  const adapter: AxiosAdapter = config => {
    seen.push({
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      params: config.params,
      data:
        typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
      headers: { ...(config.headers as AxiosHeaders).toJSON() }
    });
    const { status, data } = routes(config);
    const response = {
      status,
      statusText: String(status),
      data,
      headers: {},
      config
    };
    if (status >= 400) {
      return Promise.reject(
        new AxiosError('fail', String(status), config, null, response)
      );
    }
    return Promise.resolve(response);
  };
  const http = axios.create({ adapter });
  http.interceptors.response.use(undefined, (e: unknown) =>
    Promise.reject(toApiError(e))
  );
  return { http, seen };
}

describe('TrackingClient', () => {
  it('searches runs through the proxy and validates the reply', async () => {
    const { http, seen } = fakeHttp(() => ({ status: 200, data: runsSearch }));
    const client = new TrackingClient(http);
    const reply = await client.searchRuns(
      {
        experimentIds: ['1'],
        filter: "params.model = 'tree'",
        sort: DEFAULT_SORT,
        pageSize: 2
      },
      'abc'
    );
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe('mlflow/api/2.0/mlflow/runs/search');
    expect(seen[0].data).toMatchObject({
      filter: "params.model = 'tree'",
      page_token: 'abc',
      max_results: 2
    });
    expect(reply.runs).toHaveLength(2);
    expect(reply.next_page_token).toBeTruthy();
    expect(reply.runs[0].data.params.length).toBeGreaterThan(0);
    expect(typeof reply.runs[0].info.start_time).toBe('number');
  });

  it("surfaces MLflow's 400 message for an invalid filter", async () => {
    const { http } = fakeHttp(() => ({
      status: 400,
      data: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message:
          "Invalid comparator '<<<' not one of '{'>=', '!=', '<', '>', '<=', '='}"
      }
    }));
    const client = new TrackingClient(http);
    await expect(
      client.searchRuns({
        experimentIds: ['1'],
        filter: 'metrics.rmse <<< 1',
        sort: DEFAULT_SORT,
        pageSize: 10
      })
    ).rejects.toThrow(/Invalid comparator '<<<'/);
  });

  it('rejects a reply of the wrong shape with a located message', async () => {
    const { http } = fakeHttp(() => ({
      status: 200,
      data: { runs: [{ info: { run_id: 5 } }] }
    }));
    const client = new TrackingClient(http);
    await expect(
      client.searchRuns({
        experimentIds: ['1'],
        filter: '',
        sort: DEFAULT_SORT,
        pageSize: 10
      })
    ).rejects.toThrow(/runs\.0\.info/);
  });

  it('uses get-history-bulk-interval when the server has it, with no separate probe', async () => {
    const { http, seen } = fakeHttp(() => ({
      status: 200,
      data: bulkInterval
    }));
    const client = new TrackingClient(http);
    const runId = bulkInterval.metrics[0].run_id;
    const result = await client.chartSeries([runId], 'loss');
    await client.chartSeries([runId], 'loss');
    expect(result.source).toBe('bulk-interval');
    expect(client.hasBulkInterval).toBe(true);
    expect(result.series[0].points.length).toBe(bulkInterval.metrics.length);
    const bulkCalls = seen.filter(s =>
      s.url.includes('get-history-bulk-interval')
    );
    expect(bulkCalls).toHaveLength(2);
    expect(bulkCalls[0].url).toContain(`run_ids=${runId}`);
    expect(bulkCalls[0].url).toContain('max_results=320');
  });

  describe('chart series reuse', () => {
    const runId = bulkInterval.metrics[0].run_id;
    const runAt = (step: number, status = 'RUNNING'): Run =>
      RunSchema.parse({
        info: { run_id: runId, experiment_id: '1', status },
        data: {
          params: [],
          tags: [],
          metrics: [{ key: 'loss', value: 0.1, step, timestamp: 1000 + step }]
        }
      });
    const bulkCalls = (seen: ISeen[]) =>
      seen.filter(s => s.url.includes('get-history-bulk-interval')).length;

    it('answers a chart from the request prefetched on select, even while in flight', async () => {
      const { http, seen } = fakeHttp(() => ({
        status: 200,
        data: bulkInterval
      }));
      const client = new TrackingClient(http);
      const run = runAt(99_999);
      client.prefetchChartSeries([run], 'loss');
      // The chart mounts before the prefetched answer is back: no second request.
      const [a, b] = await Promise.all([
        client.chartSeries([runId], 'loss', 320, seriesStamp([run], 'loss')),
        client.chartSeries([runId], 'loss', 320, seriesStamp([run], 'loss'))
      ]);
      expect(bulkCalls(seen)).toBe(1);
      expect(a.series[0].points).toHaveLength(bulkInterval.metrics.length);
      expect(b).toBe(a);
      // Another size is another request.
      await client.chartSeries(
        [runId],
        'loss',
        100,
        seriesStamp([run], 'loss')
      );
      expect(bulkCalls(seen)).toBe(2);
    });

    it('asks again when the run logged more, finished, or the view reloads', async () => {
      const { http, seen } = fakeHttp(() => ({
        status: 200,
        data: bulkInterval
      }));
      const client = new TrackingClient(http);
      const draw = (run: Run) =>
        client.chartSeries([runId], 'loss', 320, seriesStamp([run], 'loss'));
      await draw(runAt(10));
      await draw(runAt(10));
      expect(bulkCalls(seen)).toBe(1);
      await draw(runAt(11)); // a new latest step
      expect(bulkCalls(seen)).toBe(2);
      await draw(runAt(11, 'FINISHED')); // same step, but the run ended
      expect(bulkCalls(seen)).toBe(3);
      client.clearHistoryCache(); // the view's reload button
      await draw(runAt(11, 'FINISHED'));
      expect(bulkCalls(seen)).toBe(4);
      // Without a stamp the caller does not know the runs' state: always ask.
      await client.chartSeries([runId], 'loss');
      await client.chartSeries([runId], 'loss');
      expect(bulkCalls(seen)).toBe(6);

      // What the proxy's cache is told: the stamp, and no-cache only on the first
      // request of a series after a reload.
      const bulk = seen.filter(r =>
        r.url.includes('get-history-bulk-interval')
      );
      const stamps = bulk.map(r => r.headers['X-Nbcraft-Series-Stamp']);
      expect(stamps.slice(0, 4)).toEqual([
        seriesStamp([runAt(10)], 'loss'),
        seriesStamp([runAt(11)], 'loss'),
        seriesStamp([runAt(11, 'FINISHED')], 'loss'),
        seriesStamp([runAt(11, 'FINISHED')], 'loss')
      ]);
      expect(stamps.slice(4)).toEqual([undefined, undefined]);
      expect(bulk.map(r => r.headers['Cache-Control'])).toEqual([
        undefined,
        undefined,
        undefined,
        'no-cache',
        undefined,
        undefined
      ]);
      await draw(runAt(12, 'FINISHED')); // after the reload's first request: cache allowed
      expect(seen.at(-1)?.headers['Cache-Control']).toBeUndefined();
    });

    it('does not remember a failed request', async () => {
      let fail = true;
      const { http, seen } = fakeHttp(() =>
        fail
          ? { status: 502, data: { message: 'The tracking server failed.' } }
          : { status: 200, data: bulkInterval }
      );
      const client = new TrackingClient(http);
      const run = runAt(500);
      client.prefetchChartSeries([run], 'loss'); // fails quietly
      await new Promise(resolve => setTimeout(resolve, 0));
      fail = false;
      const reply = await client.chartSeries(
        [runId],
        'loss',
        320,
        seriesStamp([run], 'loss')
      );
      expect(reply.source).toBe('bulk-interval');
      expect(bulkCalls(seen)).toBe(2);
    });

    it('stamps runs by status and latest step and time of that metric only', () => {
      const base = runAt(5);
      expect(seriesStamp([base], 'loss')).toBe(seriesStamp([runAt(5)], 'loss'));
      expect(seriesStamp([base], 'loss')).not.toBe(
        seriesStamp([runAt(6)], 'loss')
      );
      // A run without the metric still has a stamp (its status), and order matters.
      const other = RunSchema.parse({
        info: { run_id: 'zz', experiment_id: '1', status: 'FINISHED' },
        data: { metrics: [] }
      });
      expect(seriesStamp([base, other], 'loss')).not.toBe(
        seriesStamp([other, base], 'loss')
      );
      expect(seriesStamp([base], 'acc')).toBe(`${runId}:RUNNING::`);
    });
  });

  it('does not take a server error for a missing feature', async () => {
    const { http } = fakeHttp(() => ({
      status: 502,
      data: { message: 'The tracking server did not answer.' }
    }));
    const client = new TrackingClient(http);
    await expect(client.chartSeries(['r'], 'loss')).rejects.toThrow(
      /did not answer/
    );
    expect(client.hasBulkInterval).toBeUndefined();
  });

  it('falls back to paged get-history and downsamples to 320 points', async () => {
    const total = 30_000;
    const { http, seen } = fakeHttp(config => {
      if (config.url?.includes('bulk-interval')) {
        return {
          status: 404,
          data: { error_code: 'ENDPOINT_NOT_FOUND', message: 'not here' }
        };
      }
      const params = config.params as { page_token?: string };
      const offset = params.page_token ? Number(params.page_token) : 0;
      const count = Math.min(25_000, total - offset);
      const metrics = Array.from({ length: count }, (_, i) => ({
        key: 'loss',
        value: Math.cos((offset + i) / 100),
        timestamp: 1000 + offset + i,
        step: offset + i
      }));
      const next = offset + count < total ? String(offset + count) : undefined;
      return { status: 200, data: { metrics, next_page_token: next } };
    });
    const client = new TrackingClient(http);
    const result = await client.chartSeries(['r1'], 'loss');
    expect(result.source).toBe('history');
    expect(result.series[0].points).toHaveLength(320);
    expect(result.series[0].points[319].step).toBe(total - 1);
    expect(
      seen.filter(s => s.url.endsWith('metrics/get-history'))
    ).toHaveLength(2);
    expect(client.hasBulkInterval).toBe(false);
    // The next chart of the same history draws from the cache: no request.
    const requests = seen.length;
    const again = await client.chartSeries(['r1'], 'loss');
    expect(again.source).toBe('cache');
    expect(again.series[0].points).toEqual(result.series[0].points);
    expect(seen).toHaveLength(requests);
    client.clearHistoryCache();
    expect((await client.chartSeries(['r1'], 'loss')).source).toBe('history');
  });

  it('says a series is downsampled only when points were dropped', async () => {
    // Seen in the walk: the sample's 200-step learning curve was titled "rmse (downsampled)".
    const history = (total: number) =>
      fakeHttp(config => {
        if (config.url?.includes('bulk-interval')) {
          return {
            status: 404,
            data: { error_code: 'ENDPOINT_NOT_FOUND', message: 'not here' }
          };
        }
        const metrics = Array.from({ length: total }, (_, i) => ({
          key: 'rmse',
          value: 1 / (i + 1),
          timestamp: 1000 + i,
          step: i
        }));
        return { status: 200, data: { metrics } };
      }).http;
    const small = new TrackingClient(history(200));
    const whole = await small.chartSeries(['r1'], 'rmse');
    expect(whole.series[0].points).toHaveLength(200);
    expect(whole.downsampled).toBe(false);
    expect((await small.chartSeries(['r1'], 'rmse')).downsampled).toBe(false); // cache
    const large = new TrackingClient(history(1000));
    const cut = await large.chartSeries(['r1'], 'rmse');
    expect(cut.series[0].points).toHaveLength(320);
    expect(cut.downsampled).toBe(true);
    expect((await large.chartSeries(['r1'], 'rmse')).downsampled).toBe(true); // cache
  });

  it('summarizes min and max over the whole history', async () => {
    const { http } = fakeHttp(() => ({
      status: 200,
      data: {
        metrics: [
          { key: 'loss', value: 3, step: 0, timestamp: 1 },
          { key: 'loss', value: 'NaN', step: 1, timestamp: 2 },
          { key: 'loss', value: 0.5, step: 2, timestamp: 3 },
          { key: 'loss', value: 1, step: 3, timestamp: 4 }
        ]
      }
    }));
    const summary = await new TrackingClient(http).metricSummary('r', 'loss');
    expect(summary).toMatchObject({
      latest: 1,
      min: 0.5,
      max: 3,
      count: 4,
      truncated: false
    });
  });

  it('lists artifacts and builds download paths for served artifacts only', async () => {
    const { http, seen } = fakeHttp(() => ({
      status: 200,
      data: artifactsList
    }));
    const files = await new TrackingClient(http).listArtifacts('r', 'data');
    expect(seen[0].params).toEqual({ run_id: 'r', path: 'data' });
    expect(files.find(f => f.path === 'data')?.is_dir).toBe(true);
    expect(
      TrackingClient.artifactDownloadPath(
        'mlflow-artifacts:/1/abc/artifacts',
        'data/a b.csv'
      )
    ).toBe(
      'mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/data/a%20b.csv'
    );
    expect(
      TrackingClient.artifactDownloadPath(
        'dbfs:/databricks/mlflow/1/abc',
        'x.txt'
      )
    ).toBeNull();
  });

  it('never builds an artifact URL that climbs out of the run', async () => {
    const root = 'mlflow-artifacts:/1/abc/artifacts';
    expect(TrackingClient.artifactDownloadPath(root, './data/../m.txt')).toBe(
      'mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/m.txt'
    );
    // A listing from a hostile server: the browser would resolve these `..` itself.
    for (const path of ['../x', 'a/../../x', '../../../../../api/contents']) {
      expect(TrackingClient.artifactDownloadPath(root, path)).toBeNull();
    }
    expect(
      TrackingClient.artifactDownloadPath('mlflow-artifacts:/../../lab', 'x')
    ).toBeNull();
    const { http, seen } = fakeHttp(() => ({ status: 200, data: {} }));
    const client = new TrackingClient(http);
    await client.listArtifacts('r', 'data/./sub/');
    expect(seen[0].params).toEqual({ run_id: 'r', path: 'data/sub' });
    await expect(client.listArtifacts('r', '../secrets')).rejects.toThrow(
      'leaves the run'
    );
    expect(seen).toHaveLength(1);
  });

  it('caps text previews and asks for a byte range', async () => {
    const big = new TextEncoder().encode('x'.repeat(300_000));
    const { http, seen } = fakeHttp(() => ({ status: 200, data: big.buffer }));
    const { text, truncated } = await new TrackingClient(http).artifactText(
      'p',
      300_000
    );
    expect(text).toHaveLength(256 * 1024);
    expect(truncated).toBe(true);
    expect(seen[0].headers.Range).toBe('bytes=0-262143');
  });

  it('finds the experiment of the notebook through the nbcraft.notebook tag', async () => {
    const { http, seen } = fakeHttp(config =>
      config.url?.endsWith('experiments/search')
        ? { status: 200, data: experimentsSearch }
        : { status: 200, data: runsSearch }
    );
    const found = await new TrackingClient(http).experimentOfNotebook(
      'a/b.ipynb'
    );
    expect(found).toBe(runsSearch.runs[0].info.experiment_id);
    const body = seen[1].data as { filter: string; experiment_ids: string[] };
    expect(body.filter).toBe("tags.`nbcraft.notebook` = 'a/b.ipynb'");
    expect(body.experiment_ids).toEqual(
      experimentsSearch.experiments.map(e => e.experiment_id)
    );
  });
});
