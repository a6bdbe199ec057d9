/**
 * What a chart view is about to ask for, asked for early: the chart library and the
 * series of the metrics it charts first. No widgets here (the compare view and the
 * plugin use it; tests run it without a DOM layout).
 */
import { loadChartLibrary } from './chart';
import type { TrackingClient } from './client';
import { knownKeys, metricValue } from './runFields';
import type { Run } from './schemas';

/** How many metrics a compare view charts at first (the rest are a checkbox away). */
export const FIRST_CHARTS = 6;

/** The metrics a compare view of these runs charts at first. Pure. */
export function firstChartedMetrics(
  runs: readonly Run[],
  focusMetric?: string
): string[] {
  return focusMetric
    ? [focusMetric]
    : knownKeys([...runs]).metrics.slice(0, FIRST_CHARTS);
}

/** The runs that have logged a metric: the ones its chart asks for. Pure. */
export function runsWithMetric(runs: readonly Run[], key: string): Run[] {
  return runs.filter(r => metricValue(r, key) !== undefined);
}

/**
 * Start what a compare view is about to ask for, before its widget is even laid out:
 * the chart library and, when the runs are known (the sidebar has them), the series of
 * the metrics it charts first. The view's charts then find them on the way.
 */
export function prefetchCompare(
  client: TrackingClient,
  runIds: readonly string[],
  knownRuns: readonly Run[],
  focusMetric?: string
): void {
  void loadChartLibrary().catch(() => undefined);
  const runs = runIds.map(id => knownRuns.find(r => r.info.run_id === id));
  if (!runs.every((r): r is Run => r !== undefined)) {
    return; // the view reads the runs first; its charts ask then
  }
  for (const key of firstChartedMetrics(runs, focusMetric)) {
    void client.prefetchChartSeries(runsWithMetric(runs, key), key);
  }
}
