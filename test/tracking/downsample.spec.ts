import {
  alignSeries,
  lttb,
  lttbIndices,
  summarize,
  type IPoint
} from '../../src/tracking/downsample';

function wave(n: number): IPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    x: i,
    y: Math.sin(i / 50) + (i === 5000 ? 10 : 0)
  }));
}

describe('lttbIndices', () => {
  it('keeps the very points lttb keeps, NaN and infinities skipped', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const xs = Float64Array.from({ length: 20_000 }, (_, i) => i);
    const ys = Float64Array.from(xs, x =>
      x % 997 === 0
        ? NaN
        : x % 1501 === 0
          ? Infinity
          : Math.sin(x / 300) + random()
    );
    const points = Array.from(xs, (x, i) => ({ x, y: ys[i], i }));
    for (const threshold of [3, 50, 320, 19_000, 30_000]) {
      const expected = (lttb(points, threshold) as typeof points).map(p => p.i);
      expect(lttbIndices(xs, ys, threshold)).toEqual(expected);
    }
    expect(lttbIndices([], [], 320)).toEqual([]);
  });
});

describe('lttb', () => {
  it('returns exactly the threshold, keeping the first and last point', () => {
    const data = wave(100_000);
    const out = lttb(data, 320);
    expect(out).toHaveLength(320);
    expect(out[0]).toBe(data[0]);
    expect(out[out.length - 1]).toBe(data[data.length - 1]);
  });

  it('keeps a single spike that every-n-th sampling would lose', () => {
    const out = lttb(wave(100_000), 320);
    expect(out.some(p => p.x === 5000)).toBe(true);
    const nth = wave(100_000).filter((_, i) => i % 313 === 0);
    expect(nth.some(p => p.x === 5000)).toBe(false);
  });

  it('keeps x sorted and leaves short series alone', () => {
    const out = lttb(wave(5000), 320);
    for (let i = 1; i < out.length; i++) {
      expect(out[i].x).toBeGreaterThan(out[i - 1].x);
    }
    expect(lttb(wave(10), 320)).toHaveLength(10);
  });

  it('drops NaN and infinite values', () => {
    const out = lttb(
      [
        { x: 0, y: 1 },
        { x: 1, y: NaN },
        { x: 2, y: Infinity },
        { x: 3, y: 2 }
      ],
      320
    );
    expect(out.map(p => p.x)).toEqual([0, 3]);
  });
});

describe('alignSeries', () => {
  it('puts series on one sorted x axis with nulls for gaps', () => {
    const [xs, a, b] = alignSeries([
      [
        { x: 0, y: 1 },
        { x: 2, y: 3 }
      ],
      [
        { x: 1, y: 5 },
        { x: 2, y: 6 }
      ]
    ]);
    expect(xs).toEqual([0, 1, 2]);
    expect(a).toEqual([1, null, 3]);
    expect(b).toEqual([null, 5, 6]);
  });
});

describe('summarize', () => {
  it('gives latest by step (then time), min and max', () => {
    const s = summarize([
      { value: 5, step: 0, timestamp: 1 },
      { value: 1, step: 2, timestamp: 3 },
      { value: 9, step: 1, timestamp: 2 },
      { value: 2, step: 2, timestamp: 4 }
    ]);
    expect(s).toEqual({ latest: 2, min: 1, max: 9, count: 4 });
    expect(summarize([])).toBeNull();
  });
});
