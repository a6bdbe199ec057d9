/**
 * The arithmetic of `bench/precision.js`'s population-weighted estimate (bench/stratified.js):
 * the weights, the Jeffreys Beta draws, the percentiles, and how a sheet's population lines
 * become strata. The reference quantiles below were computed apart from this code: exact ones
 * with scipy.stats.beta.ppf, the two-stratum ones from 4,000,000 numpy Beta draws.
 */
import {
  beta,
  parsePopulations,
  percentile,
  populationLines,
  prng,
  strataOf,
  stratifiedEstimate
} from '../../bench/stratified';

// enough draws that a percentile is within 0.005 of the exact one (20,000 by default)
const precise = 200000;

const counts = (entries: [string, number, number][]) =>
  new Map(entries.map(([code, tp, judged]) => [code, { tp, judged }]));

describe('stratifiedEstimate', () => {
  it('weights each stratum by its population: a two-stratum case by hand', () => {
    // 900 findings judged 5/6, 100 judged 3/6: 0.9 * 5/6 + 0.1 * 1/2 = 0.8, where the plain
    // share of the 12 drawn rows is 8/12 = 0.667
    const e = stratifiedEstimate(
      [
        { population: 900, tp: 5, judged: 6 },
        { population: 100, tp: 3, judged: 6 }
      ],
      { draws: precise }
    );
    expect(e.point).toBeCloseTo(0.8, 10);
    expect(e.population).toBe(1000);
    expect(e.strata).toBe(2);
    // 0.9 Beta(5.5, 1.5) + 0.1 Beta(3.5, 3.5): 2.5% 0.446, 97.5% 0.939 (numpy, 4e6 draws)
    expect(e.low).toBeCloseTo(0.446, 2);
    expect(e.high).toBeCloseTo(0.939, 2);
  });

  it('gives a 6/6 stratum an interval that reaches below 1 (Jeffreys, not a normal approximation)', () => {
    const e = stratifiedEstimate([{ population: 40, tp: 6, judged: 6 }], {
      draws: precise
    });
    expect(e.point).toBe(1);
    // Beta(6.5, 0.5): 2.5% 0.6696, 97.5% 0.99992 (scipy)
    expect(e.low).toBeLessThan(0.75);
    expect(e.low).toBeCloseTo(0.6696, 2);
    // its median 0.9643 (scipy): the point, 1, is above the draws' centre
    expect(e.median).toBeCloseTo(0.9643, 2);
    expect(e.high).toBeLessThanOrEqual(1);
    expect(e.high).toBeGreaterThan(0.999);
  });

  it('gives a 0/6 stratum an interval above 0', () => {
    const e = stratifiedEstimate([{ population: 7, tp: 0, judged: 6 }], {
      draws: precise
    });
    expect(e.point).toBe(0);
    // Beta(0.5, 6.5): 97.5% 0.3304 (scipy)
    expect(e.high).toBeCloseTo(0.3304, 2);
    expect(e.low).toBeGreaterThanOrEqual(0);
  });

  it('is the same for the same seed and moves with another one', () => {
    const strata = [
      { population: 300, tp: 4, judged: 6 },
      { population: 50, tp: 6, judged: 6 }
    ];
    const a = stratifiedEstimate(strata, { seed: 7 });
    expect(stratifiedEstimate(strata, { seed: 7 })).toEqual(a);
    expect(stratifiedEstimate(strata, { seed: 8 }).low).not.toBe(a.low);
  });

  it('refuses a stratum it cannot weight, naming it', () => {
    expect(() =>
      stratifiedEstimate([
        { label: 'a.tsv: NB101', population: 3, tp: 2, judged: 6 }
      ])
    ).toThrow(/a\.tsv: NB101.*population >= judged/);
    expect(() =>
      stratifiedEstimate([{ population: 10, tp: 0, judged: 0 }])
    ).toThrow(/judged >= 1/);
    expect(() => stratifiedEstimate([])).toThrow(/no strata/);
  });
});

describe('beta and percentile', () => {
  it.each([
    [0.5, 0.5, 0.5, 0.125],
    [6.5, 0.5, 0.9285714, 0.0082908],
    [2.5, 4.5, 0.3571429, 0.028699]
  ])(
    'Beta(%p, %p) draws have its mean and variance',
    (a, b, mean, variance) => {
      const random = prng(42);
      const n = 100000;
      let sum = 0;
      let squares = 0;
      let outside = 0;
      for (let i = 0; i < n; i++) {
        const x = beta(a, b, random);
        if (!(x >= 0 && x <= 1)) outside++;
        sum += x;
        squares += x * x;
      }
      expect(outside).toBe(0);
      const m = sum / n;
      expect(m).toBeCloseTo(mean, 2);
      expect(squares / n - m * m).toBeCloseTo(variance, 2);
    }
  );

  it('interpolates between order statistics', () => {
    const sorted = [1, 2, 3, 4, 5];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 1)).toBe(5);
    expect(percentile(sorted, 0.5)).toBe(3);
    expect(percentile(sorted, 0.025)).toBeCloseTo(1.1, 10);
    expect(percentile([7], 0.975)).toBe(7);
  });
});

describe('population lines', () => {
  it('reads them anywhere in a sheet and writes them in rule order', () => {
    const text = [
      '# a review',
      '# population NB205 12',
      'id\trule\tverdict',
      '# population NB101 3',
      '1\tNB101 x\tTP',
      '# Populations recovered with: node bench/precision.js sample ...'
    ].join('\n');
    const populations = parsePopulations(text, 'v.tsv');
    expect([...populations]).toEqual([
      ['NB205', 12],
      ['NB101', 3]
    ]);
    expect(populationLines(populations)).toEqual([
      '# population NB101 3',
      '# population NB205 12'
    ]);
  });

  it('gives a located error for a malformed or repeated line', () => {
    expect(() =>
      parsePopulations('# x\n# population NB101 many\n', 'v.tsv')
    ).toThrow(/^v\.tsv:2: a population line is/);
    expect(() =>
      parsePopulations('# population NB101 3\n# population NB101 4', 'v.tsv')
    ).toThrow(/^v\.tsv:2: second population line for NB101/);
  });
});

describe('strataOf', () => {
  it('pools files with each (file, rule) pair its own stratum', () => {
    const { strata } = strataOf([
      {
        file: 'a.tsv',
        counts: counts([['NB101', 6, 6]]),
        populations: new Map([['NB101', 100]])
      },
      {
        file: 'b.tsv',
        counts: counts([['NB101', 3, 6]]),
        populations: new Map([['NB101', 300]])
      }
    ]);
    expect(strata?.map(s => s.label)).toEqual(['a.tsv: NB101', 'b.tsv: NB101']);
    // 100/400 * 1 + 300/400 * 1/2 = 0.625; NB101 merged into one stratum would give 9/12 = 0.75
    const e = stratifiedEstimate(strata ?? [], { draws: precise });
    expect(e.point).toBeCloseTo(0.625, 10);
    expect(e.population).toBe(400);
    // 0.25 Beta(6.5, 0.5) + 0.75 Beta(3.5, 3.5): 2.5% 0.353, 97.5% 0.861 (numpy, 4e6 draws)
    expect(e.low).toBeCloseTo(0.353, 2);
    expect(e.high).toBeCloseTo(0.861, 2);
  });

  it('gives no strata for a pool with a file without population lines, and names it', () => {
    const r = strataOf([
      {
        file: 'a.tsv',
        counts: counts([['NB101', 6, 6]]),
        populations: new Map([['NB101', 100]])
      },
      {
        file: 'old.tsv',
        counts: counts([['NB101', 2, 3]]),
        populations: new Map()
      }
    ]);
    expect(r.strata).toBeNull();
    expect(r.without).toEqual(['old.tsv']);
  });

  it('names a judged rule without a population, and a population without a judged rule', () => {
    const r = strataOf([
      {
        file: 'a.tsv',
        counts: counts([
          ['NB101', 6, 6],
          ['NB205', 1, 2]
        ]),
        populations: new Map([
          ['NB101', 100],
          ['NB307', 40]
        ])
      }
    ]);
    expect(r.strata).toBeNull();
    expect(r.unpopulated).toEqual(['a.tsv: NB205']);
    expect(r.unjudged).toEqual(['a.tsv: NB307 (40 findings)']);
  });

  it('keeps the judged strata when only an unjudged rule has a population (named apart)', () => {
    const r = strataOf([
      {
        file: 'a.tsv',
        counts: counts([['NB101', 5, 6]]),
        populations: new Map([
          ['NB101', 100],
          ['NB307', 40]
        ])
      }
    ]);
    expect(r.strata?.map(s => [s.code, s.population])).toEqual([
      ['NB101', 100]
    ]);
    expect(r.unjudged).toEqual(['a.tsv: NB307 (40 findings)']);
  });

  it('refuses a population under its judged rows', () => {
    const r = strataOf([
      {
        file: 'a.tsv',
        counts: counts([['NB101', 5, 6]]),
        populations: new Map([['NB101', 4]])
      }
    ]);
    expect(r.strata).toBeNull();
    expect(r.tooSmall).toEqual(['a.tsv: NB101']);
  });
});
