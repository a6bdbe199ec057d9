/**
 * The arithmetic of `bench/precision.js`'s population-weighted estimate (bench/stratified.js):
 * the weights, the Jeffreys limits, the MOVER interval, its coverage, and how a sheet's
 * population and corpus lines become strata. The reference values below were computed once,
 * apart from this code, with scipy.stats.beta.ppf (and numpy for the MOVER sums).
 */
import {
  betaCdf,
  betaQuantile,
  parseCorpus,
  parsePopulations,
  populationLines,
  prng,
  strataOf,
  stratifiedEstimate
} from '../../bench/stratified';

const counts = (entries: [string, number, number][]) =>
  new Map(entries.map(([code, tp, judged]) => [code, { tp, judged }]));

describe('betaQuantile', () => {
  // scipy.stats.beta.ppf(q, a, b)
  it.each([
    [0.025, 6.5, 0.5, 0.6696110908484498],
    [0.975, 0.5, 6.5, 0.33038890915155006],
    [0.025, 5.5, 1.5, 0.4419432263907517],
    [0.975, 5.5, 1.5, 0.9813798728805578],
    [0.025, 3.5, 3.5, 0.1668081973318454],
    [0.975, 3.5, 3.5, 0.8331918026681545],
    [0.025, 1.5, 5.5, 0.01862012711944217],
    [0.5, 2.5, 4.5, 0.3428642850935912],
    [0.975, 40.5, 1.5, 0.9973556210341442],
    [0.025, 0.5, 0.5, 0.001541333133436012]
  ])("the %p quantile of Beta(%p, %p) is scipy's %p", (q, a, b, want) => {
    const x = betaQuantile(q, a, b);
    expect(Math.abs(x - want)).toBeLessThan(1e-9);
    expect(betaCdf(x, a, b)).toBeCloseTo(q, 9);
  });

  it('refuses a probability outside (0, 1)', () => {
    expect(() => betaQuantile(1, 2, 2)).toThrow(/not in \(0, 1\)/);
  });
});

describe('stratifiedEstimate', () => {
  it('weights each stratum by its population: a two-stratum case by hand', () => {
    // 900 findings judged 5/6, 100 judged 3/6: 0.9 * 5/6 + 0.1 * 1/2 = 0.8, where the plain
    // share of the 12 drawn rows is 8/12 = 0.667
    const e = stratifiedEstimate([
      { population: 900, tp: 5, judged: 6 },
      { population: 100, tp: 3, judged: 6 }
    ]);
    expect(e.point).toBeCloseTo(0.8, 12);
    expect(e.population).toBe(1000);
    expect(e.strata).toBe(2);
    // MOVER from the Jeffreys limits (scipy): 0.44617659407297794 to 0.9373447044843665
    expect(e.low).toBeCloseTo(0.44617659407297794, 9);
    expect(e.high).toBeCloseTo(0.9373447044843665, 9);
  });

  it('gives a 6/6 stratum the Jeffreys lower limit and 1 above', () => {
    const e = stratifiedEstimate([{ population: 40, tp: 6, judged: 6 }]);
    expect(e.point).toBe(1);
    expect(e.low).toBeCloseTo(0.6696110908484498, 9);
    expect(e.high).toBe(1);
  });

  it('gives a 0/6 stratum 0 below and the Jeffreys upper limit', () => {
    const e = stratifiedEstimate([{ population: 7, tp: 0, judged: 6 }]);
    expect(e.point).toBe(0);
    expect(e.low).toBe(0);
    expect(e.high).toBeCloseTo(0.33038890915155006, 9);
  });

  it('knows a stratum whose every finding was judged exactly', () => {
    const e = stratifiedEstimate([
      { population: 6, tp: 4, judged: 6 },
      { population: 6, tp: 6, judged: 6 }
    ]);
    expect(e.point).toBeCloseTo(5 / 6, 12);
    expect(e.low).toBeCloseTo(5 / 6, 12);
    expect(e.high).toBeCloseTo(5 / 6, 12);
  });

  it('keeps the point inside the interval over many strata judged 6/6', () => {
    // 129 strata of 100 findings, all 6/6: the weighted sum of per-stratum Jeffreys draws gave
    // 91.2% to 94.4%, below every judged proportion; MOVER keeps 1 and reaches down to 97.1%
    const e = stratifiedEstimate(
      Array.from({ length: 129 }, () => ({ population: 100, tp: 6, judged: 6 }))
    );
    expect(e.point).toBe(1);
    expect(e.high).toBe(1);
    expect(e.low).toBeGreaterThan(0.95);
    expect(e.low).toBeLessThan(1);
  });

  it("covers the true precision at least 90% of the time: round 5's 30 rules, each truly 95% right", () => {
    // seeded re-draws of `sample`'s draw on round 5's populations (precision-verdicts-5.tsv):
    // each rule has N_h findings of which round(0.95 N_h) are true, and min(6, N_h) are drawn
    // without replacement. The weighted sum of per-stratum Jeffreys draws covered 18% of the time
    // on rounds 4-7 pooled; MOVER ~93% (1,000 re-draws). Spread evenly over 30 strata of 20-420
    // findings it covers less, ~86% (bench/PRECISION.md says so).
    const populations = [
      116, 4, 3, 36, 6, 47, 14, 2, 14, 36, 663, 60, 23, 216, 9, 9, 1025, 86, 36,
      13, 2, 57, 3, 4, 5, 18, 13, 9, 1, 79
    ];
    const trues = populations.map(n => Math.round(0.95 * n));
    const truth =
      trues.reduce((a, b) => a + b, 0) / populations.reduce((a, b) => a + b, 0);
    const random = prng(2026);
    const draws = 200;
    let covered = 0;
    for (let r = 0; r < draws; r++) {
      const strata = populations.map((population, h) => {
        const judged = Math.min(6, population);
        let left = population;
        let good = trues[h];
        let tp = 0;
        for (let i = 0; i < judged; i++) {
          if (random() < good / left) {
            tp++;
            good--;
          }
          left--;
        }
        return { population, tp, judged };
      });
      const e = stratifiedEstimate(strata);
      if (e.low <= truth && truth <= e.high) covered++;
    }
    expect(covered / draws).toBeGreaterThanOrEqual(0.9);
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
    expect(() =>
      stratifiedEstimate([{ population: 10, tp: 1, judged: 2, share: 0 }])
    ).toThrow(/0 < share <= 1/);
    expect(() => stratifiedEstimate([])).toThrow(/no strata/);
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

  it('reads the corpus line of a sheet (an absolute path), with a located error for a second one', () => {
    expect(parseCorpus('# corpus /tmp/lq3\nid\trule\n', 'v.tsv')).toBe(
      '/tmp/lq3'
    );
    expect(parseCorpus('# corpus C:\\lq3\r\n', 'v.tsv')).toBe('C:\\lq3');
    // prose that begins with the word (round 6's header has such a line) is a comment
    expect(
      parseCorpus('# corpus or named in lint-rules/ (tests)\nid\n', 'v.tsv')
    ).toBeUndefined();
    expect(() => parseCorpus('# corpus /a\n# corpus /b\n', 'v.tsv')).toThrow(
      /^v\.tsv:2: second corpus line \(\/a, then \/b\)/
    );
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
    const e = stratifiedEstimate(strata ?? []);
    expect(e.point).toBeCloseTo(0.625, 10);
    expect(e.population).toBe(400);
    // MOVER from the Jeffreys limits (scipy): 0.36180950012661434 to 0.8748938520011159
    expect(e.low).toBeCloseTo(0.36180950012661434, 9);
    expect(e.high).toBeCloseTo(0.8748938520011159, 9);
  });

  it('counts a corpus judged in two sheets once, and names it', () => {
    const r = strataOf([
      {
        file: 'a.tsv',
        counts: counts([['NB101', 6, 6]]),
        populations: new Map([['NB101', 100]]),
        corpus: '/tmp/lq3'
      },
      {
        file: 'b.tsv',
        counts: counts([['NB101', 3, 6]]),
        populations: new Map([['NB101', 100]]),
        corpus: '/tmp/lq3'
      },
      {
        file: 'c.tsv',
        counts: counts([['NB101', 0, 6]]),
        populations: new Map([['NB101', 100]]),
        corpus: '/tmp/lq4'
      }
    ]);
    expect(r.repeated).toEqual([
      { corpus: '/tmp/lq3', files: ['a.tsv', 'b.tsv'] }
    ]);
    expect(r.strata?.map(s => s.share)).toEqual([0.5, 0.5, 1]);
    const e = stratifiedEstimate(r.strata ?? []);
    // /tmp/lq3's 100 findings once, half at 6/6 and half at 3/6, beside /tmp/lq4's 100 at 0/6:
    // (50 + 25 + 0) / 200; counted twice it would be (100 + 50 + 0) / 300 = 0.5
    expect(e.population).toBe(200);
    expect(e.point).toBeCloseTo(0.375, 12);
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
