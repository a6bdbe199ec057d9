import axios, { type AxiosAdapter } from 'axios';

import { seriesStamp, TrackingClient } from '../../src/tracking/client';
import {
  firstChartedMetrics,
  prefetchCompare,
  runsWithMetric
} from '../../src/tracking/prefetch';
import { RunSchema, type Run } from '../../src/tracking/schemas';

function makeRun(id: string, metrics: Record<string, number>): Run {
  return RunSchema.parse({
    info: { run_id: id, experiment_id: '1', status: 'FINISHED' },
    data: {
      metrics: Object.entries(metrics).map(([key, step]) => ({
        key,
        value: 1,
        step,
        timestamp: 1000 + step
      }))
    }
  });
}

/** A client whose server answers every bulk-interval request with no points. */
function countingClient() {
  const urls: string[] = [];
  const adapter: AxiosAdapter = config => {
    urls.push(config.url ?? '');
    return Promise.resolve({
      status: 200,
      statusText: 'OK',
      data: { metrics: [] },
      headers: {},
      config
    });
  };
  return { client: new TrackingClient(axios.create({ adapter })), urls };
}

describe('compare view data', () => {
  const a = makeRun('a', { loss: 9000, acc: 10, z1: 1, z2: 1, z3: 1, z4: 1 });
  const b = makeRun('b', { acc: 20 });

  it('charts the focused metric, else the first six metrics by name', () => {
    expect(firstChartedMetrics([a, b], 'loss')).toEqual(['loss']);
    expect(firstChartedMetrics([a, b])).toEqual([
      'acc',
      'loss',
      'z1',
      'z2',
      'z3',
      'z4'
    ]);
    expect(runsWithMetric([a, b], 'loss')).toEqual([a]);
    expect(runsWithMetric([a, b], 'acc')).toEqual([a, b]);
  });

  it('prefetches what the view will draw, so its charts ask nothing more', async () => {
    const { client, urls } = countingClient();
    prefetchCompare(client, ['a', 'b'], [b, a], 'acc');
    // The chart of the view, with the runs in the view's order and their stamp.
    await client.chartSeries(
      ['a', 'b'],
      'acc',
      320,
      seriesStamp([a, b], 'acc')
    );
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain('run_ids=a&run_ids=b');
    expect(urls[0]).toContain('metric_key=acc');
  });

  it('prefetches nothing when the sidebar does not know every run', async () => {
    const { client, urls } = countingClient();
    prefetchCompare(client, ['a', 'unknown'], [a, b], 'loss');
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(urls).toHaveLength(0);
  });
});
