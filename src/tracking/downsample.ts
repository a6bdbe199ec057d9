/**
 * Downsampling and aligning metric histories for charts. Pure.
 *
 * A chart is ~320 px of data (the MLflow UI asks for 320 points too); drawing
 * 100,000 points costs time and says nothing more. Largest-Triangle-Three-Buckets
 * keeps the visual shape (peaks and dips survive), unlike taking every n-th point.
 */

export interface IPoint {
  x: number;
  y: number;
}

/** The number of points a chart asks for. */
export const CHART_POINTS = 320;

/**
 * LTTB (Steinarsson 2013): keep the first and last point, and from each bucket in
 * between the point forming the largest triangle with the previous kept point and
 * the next bucket's average. `points` must be sorted by x. Non-finite y values are
 * dropped first (a log scale cannot draw them and MLflow stores NaN as a value).
 */
export function lttb(points: readonly IPoint[], threshold: number): IPoint[] {
  const data = points.filter(p => Number.isFinite(p.y) && Number.isFinite(p.x));
  if (threshold >= data.length || threshold < 3) {
    return data.slice();
  }
  const sampled: IPoint[] = [data[0]];
  const bucketSize = (data.length - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(
      Math.floor((bucket + 1) * bucketSize) + 1,
      data.length - 1
    );
    // The average of the next bucket (or the last point for the final bucket).
    const nextStart = end;
    const nextEnd = Math.min(
      Math.floor((bucket + 2) * bucketSize) + 1,
      data.length
    );
    let avgX = 0;
    let avgY = 0;
    const count = Math.max(nextEnd - nextStart, 1);
    for (let i = nextStart; i < nextStart + count && i < data.length; i++) {
      avgX += data[i].x;
      avgY += data[i].y;
    }
    avgX /= count;
    avgY /= count;
    const a = data[previous];
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs(
        (a.x - avgX) * (data[i].y - a.y) - (a.x - data[i].x) * (avgY - a.y)
      );
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    sampled.push(data[best]);
    previous = best;
  }
  sampled.push(data[data.length - 1]);
  return sampled;
}

/**
 * The same selection as `lttb`, over parallel arrays (a cached history's typed arrays),
 * returning the indices of the kept points: no object per point, so 100,000 points take
 * a couple of milliseconds instead of tens. Points whose x or y is not finite are skipped.
 */
export function lttbIndices(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  threshold: number
): number[] {
  const valid = new Int32Array(xs.length);
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) {
      valid[n++] = i;
    }
  }
  if (threshold >= n || threshold < 3) {
    return Array.from(valid.subarray(0, n));
  }
  const x = (k: number) => xs[valid[k]];
  const y = (k: number) => ys[valid[k]];
  const kept: number[] = [valid[0]];
  const bucketSize = (n - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, n - 1);
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let avgX = 0;
    let avgY = 0;
    const count = Math.max(nextEnd - nextStart, 1);
    for (let k = nextStart; k < nextStart + count && k < n; k++) {
      avgX += x(k);
      avgY += y(k);
    }
    avgX /= count;
    avgY /= count;
    const ax = x(previous);
    const ay = y(previous);
    let best = start;
    let bestArea = -1;
    for (let k = start; k < end; k++) {
      const area = Math.abs(
        (ax - avgX) * (y(k) - ay) - (ax - x(k)) * (avgY - ay)
      );
      if (area > bestArea) {
        bestArea = area;
        best = k;
      }
    }
    kept.push(valid[best]);
    previous = best;
  }
  kept.push(valid[n - 1]);
  return kept;
}

/**
 * Put several series on one shared, sorted x axis (what uPlot draws), with null
 * where a series has no value at that x (uPlot leaves a gap or bridges it).
 */
export function alignSeries(
  series: readonly (readonly IPoint[])[]
): [number[], ...(number | null)[][]] {
  const xs = Array.from(new Set(series.flatMap(s => s.map(p => p.x)))).sort(
    (a, b) => a - b
  );
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map(s => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(
      null
    );
    for (const p of s) {
      const at = index.get(p.x);
      if (at !== undefined) {
        column[at] = p.y;
      }
    }
    return column;
  });
  return [xs, ...columns];
}

/** Latest (highest step, then newest), min and max of a metric history. */
export interface IMetricSummary {
  latest: number;
  min: number;
  max: number;
  count: number;
}

export function summarize(
  history: readonly { value: number; step: number; timestamp: number }[]
): IMetricSummary | null {
  let latest: { value: number; step: number; timestamp: number } | null = null;
  let min = Infinity;
  let max = -Infinity;
  for (const m of history) {
    if (
      latest === null ||
      m.step > latest.step ||
      (m.step === latest.step && m.timestamp >= latest.timestamp)
    ) {
      latest = m;
    }
    if (Number.isFinite(m.value)) {
      min = Math.min(min, m.value);
      max = Math.max(max, m.value);
    }
  }
  if (latest === null) {
    return null;
  }
  return {
    latest: latest.value,
    min: Number.isFinite(min) ? min : NaN,
    max: Number.isFinite(max) ? max : NaN,
    count: history.length
  };
}
