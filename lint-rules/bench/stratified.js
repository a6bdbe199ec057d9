'use strict';
/**
 * The arithmetic of a stratified sample (no I/O, no lint library): `precision.js sample` draws up
 * to K findings per rule, so each rule is a stratum, and "how often is a finding right" is
 *
 *   p = sum_h w_h p_h,   w_h = N_h / N
 *
 * with N_h the stratum's findings in the corpus (its population), N their sum and p_h the share
 * of true positives among its judged rows. The 95% interval is MOVER's for a weighted sum of
 * proportions (Newcombe, "Propagating imprecision", Stat Methods Med Res 2016; Zou and Donner
 * 2008): each stratum's own 95% Jeffreys limits l_h, u_h (the 2.5% and 97.5% quantiles of
 * Beta(TP + 1/2, n - TP + 1/2); l_h = 0 when TP = 0, u_h = 1 when TP = n) give
 *
 *   L = p - sqrt(sum_h w_h^2 (p_h - l_h)^2),   U = p + sqrt(sum_h w_h^2 (u_h - p_h)^2)
 *
 * clipped to [0, 1]. Unlike the weighted sum of per-stratum posterior draws it replaces, the
 * strata's pulls toward 1/2 do not add up, so the interval keeps its 95% over many strata
 * (test/bench/stratified.test.ts simulates it on round 5's weights). It is not exact: with n = 6
 * a stratum judged 6/6 adds nothing above, so when the weight is spread evenly over many strata
 * near 1 the truth lies above U more often than 2.5% (~86% coverage for 30 even strata all truly
 * 95%; 93-97% on the weights of rounds 4 to 9). No finite-population correction, except that a
 * stratum whose every finding was judged (n_h = N_h) is known exactly: l_h = u_h = p_h.
 */

/** mulberry32: a small seeded PRNG, so a sample can be drawn again */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ln Gamma(x), x > 0: Lanczos' approximation (g = 7, 9 terms; relative error under 1e-13) */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
function lnGamma(x) {
  if (x < 0.5)
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return (
    0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s)
  );
}

/** the continued fraction of the incomplete beta function (modified Lentz, as in Numerical Recipes) */
function betaFraction(x, a, b) {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** the regularized incomplete beta function I_x(a, b): the Beta(a, b) distribution function at x */
function betaCdf(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    lnGamma(a + b) -
      lnGamma(a) -
      lnGamma(b) +
      a * Math.log(x) +
      b * Math.log(1 - x)
  );
  // the fraction converges fast below the mean; above it, use I_x(a, b) = 1 - I_{1-x}(b, a)
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** the q-quantile of Beta(a, b), by bisection on its distribution function (to 1e-12) */
function betaQuantile(q, a, b) {
  if (!(q > 0 && q < 1))
    throw new RangeError(`betaQuantile: q ${q} not in (0, 1)`);
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * a stratum's 95% limits for its own proportion: Jeffreys' (l = 0 when tp = 0, u = 1 when
 * tp = judged), or the proportion itself when every finding of it was judged
 */
const limits = new Map();
function jeffreysLimits({ tp, judged, population }) {
  const p = tp / judged;
  if (population === judged) return { low: p, high: p };
  const key = `${tp}/${judged}`;
  if (!limits.has(key)) {
    const a = tp + 0.5;
    const b = judged - tp + 0.5;
    limits.set(key, {
      low: tp === 0 ? 0 : betaQuantile(0.025, a, b),
      high: tp === judged ? 1 : betaQuantile(0.975, a, b)
    });
  }
  return limits.get(key);
}

/**
 * The population-weighted estimate of strata [{population, tp, judged, share?}] (each
 * judged >= 1, population >= judged): {point, low, high, population, strata}. A stratum weighs
 * population * share (share 1 unless several sheets judged the same corpus: see strataOf);
 * `point` weights the judged proportions, low and high are the MOVER 95% limits (see above).
 */
function stratifiedEstimate(strata) {
  if (!strata.length) throw new RangeError('no strata to weight');
  for (const s of strata) {
    const ok =
      Number.isInteger(s.population) &&
      Number.isInteger(s.tp) &&
      Number.isInteger(s.judged) &&
      s.judged >= 1 &&
      s.tp >= 0 &&
      s.tp <= s.judged &&
      s.population >= s.judged &&
      (s.share === undefined || (s.share > 0 && s.share <= 1));
    if (!ok)
      throw new RangeError(
        `stratum ${s.label ?? ''} needs 0 <= tp <= judged, judged >= 1, population >= judged and 0 < share <= 1 (population ${s.population}, tp ${s.tp}, judged ${s.judged}, share ${s.share})`
      );
  }
  const sizes = strata.map(s => s.population * (s.share ?? 1));
  const population = sizes.reduce((n, x) => n + x, 0);
  // sum N_h p_h / N rather than sum (N_h / N) p_h: strata all judged 6/6 give exactly 1
  const point =
    strata.reduce((t, s, h) => t + sizes[h] * (s.tp / s.judged), 0) /
    population;
  let below = 0;
  let above = 0;
  strata.forEach((s, h) => {
    const w = sizes[h] / population;
    const p = s.tp / s.judged;
    const { low, high } = jeffreysLimits(s);
    below += (w * (p - low)) ** 2;
    above += (w * (high - p)) ** 2;
  });
  return {
    point,
    low: Math.max(0, point - Math.sqrt(below)),
    high: Math.min(1, point + Math.sqrt(above)),
    population,
    strata: strata.length
  };
}

const POPULATION = /^# population(?:\s|$)/;
const POPULATION_LINE = /^# population ([A-Z]+[0-9]+) ([0-9]+)$/;

/** the `# population NB101 123` lines of a sheet's text: Map code -> findings; located errors */
function parsePopulations(text, file) {
  const populations = new Map();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!POPULATION.test(line)) return;
    const m = POPULATION_LINE.exec(line);
    if (!m)
      throw new Error(
        `${file}:${i + 1}: a population line is "# population <rule code> <findings>", e.g. "# population NB101 123"; got "${line}"`
      );
    if (populations.has(m[1]))
      throw new Error(`${file}:${i + 1}: second population line for ${m[1]}`);
    populations.set(m[1], Number(m[2]));
  });
  return populations;
}

// an absolute path, as `sample` writes it: a comment that happens to begin "# corpus or ..." is prose
const CORPUS_LINE = /^# corpus ((?:\/|[A-Za-z]:[\\/])\S(?:.*\S)?)$/;

/**
 * the `# corpus /abs/DIR` line of a sheet's text (the folder `sample` drew from), or undefined;
 * a located error for a second one
 */
function parseCorpus(text, file) {
  let corpus;
  text.split('\n').forEach((raw, i) => {
    const m = CORPUS_LINE.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    if (corpus !== undefined)
      throw new Error(
        `${file}:${i + 1}: second corpus line (${corpus}, then ${m[1]})`
      );
    corpus = m[1];
  });
  return corpus;
}

/** the sheet's population lines for byRule (Map code -> findings), codes in order */
function populationLines(byRule) {
  return [...byRule.keys()]
    .sort()
    .map(code => `# population ${code} ${byRule.get(code)}`);
}

/**
 * The strata of one or more judged files: sheets [{file, counts: Map code -> {tp, judged},
 * populations: Map code -> findings, or an empty Map, corpus?: the notebooks' folder}]. Each
 * (file, rule) is a stratum. Sheets that name the same corpus judged the same findings, so the
 * corpus counts once: each of its k sheets' strata weighs share = 1/k.
 *   strata: [{label, code, population, tp, judged, share}], or null when a file has no
 *     population line at all or a judged rule of a file has none (never guess a population)
 *   without: files with no population line; unpopulated: "file: code" judged without one;
 *   unjudged: "file: code (N findings)" with a population but no judged row (left out of the
 *     weights); tooSmall: "file: code" whose population is under its judged rows;
 *   repeated: [{corpus, files}] for each corpus more than one sheet names
 */
function strataOf(sheets) {
  const without = [];
  const unpopulated = [];
  const unjudged = [];
  const tooSmall = [];
  const strata = [];
  const sheetsOf = new Map();
  for (const { file, corpus } of sheets)
    if (corpus !== undefined)
      sheetsOf.set(corpus, [...(sheetsOf.get(corpus) ?? []), file]);
  for (const { file, counts, populations, corpus } of sheets) {
    const share = corpus === undefined ? 1 : 1 / sheetsOf.get(corpus).length;
    if (!populations.size) {
      without.push(file);
      continue;
    }
    for (const [code, c] of counts) {
      const population = populations.get(code);
      if (population === undefined) unpopulated.push(`${file}: ${code}`);
      else if (population < c.judged) tooSmall.push(`${file}: ${code}`);
      else
        strata.push({
          label: `${file}: ${code}`,
          code,
          population,
          tp: c.tp,
          judged: c.judged,
          share
        });
    }
    for (const [code, n] of populations)
      if (!counts.has(code)) unjudged.push(`${file}: ${code} (${n} findings)`);
  }
  const whole = !without.length && !unpopulated.length && !tooSmall.length;
  return {
    strata: whole && strata.length ? strata : null,
    without,
    unpopulated,
    unjudged,
    tooSmall,
    repeated: [...sheetsOf]
      .filter(([, files]) => files.length > 1)
      .map(([corpus, files]) => ({ corpus, files }))
  };
}

module.exports = {
  prng,
  betaCdf,
  betaQuantile,
  jeffreysLimits,
  stratifiedEstimate,
  parsePopulations,
  parseCorpus,
  populationLines,
  strataOf
};
