import { lttbIndices } from './downsample';
import type { Metric } from './schemas';

/** A full metric history kept in typed arrays, sorted by step. */
export interface ICachedHistory {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  truncated: boolean;
}

/** A metric history for a chart: points for one run, already at chart size. */
export interface IRunSeries {
  runId: string;
  points: { step: number; timestamp: number; value: number }[];
}

/** The most points the history cache keeps. */
const HISTORY_CACHE_POINTS = 1_000_000;

/**
 * Full histories read lately (for min/max in the details), kept compactly so a chart of the
 * same metric draws from them without asking the server again. At most ~1M points (24 MB):
 * the oldest entries go first.
 */
export class MetricHistoryCache {
  private entries = new Map<string, ICachedHistory>();

  /** A cached full history of a metric, if one was read. */
  get(runId: string, key: string): ICachedHistory | undefined {
    return this.entries.get(`${runId}\u0000${key}`);
  }

  clear(): void {
    this.entries.clear();
  }

  remember(
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
    this.entries.delete(id);
    this.entries.set(id, entry);
    // Keep at most ~1M points (24 MB): drop the oldest entries first.
    let total = 0;
    for (const e of this.entries.values()) {
      total += e.steps.length;
    }
    for (const [k, e] of this.entries) {
      if (total <= HISTORY_CACHE_POINTS || k === id) {
        break;
      }
      total -= e.steps.length;
      this.entries.delete(k);
    }
  }
}

/** A cached history at chart size (LTTB). */
export function downsampleCached(
  history: ICachedHistory,
  points: number
): IRunSeries['points'] {
  return lttbIndices(history.steps, history.values, points).map(i => ({
    step: history.steps[i],
    timestamp: history.timestamps[i],
    value: history.values[i]
  }));
}
