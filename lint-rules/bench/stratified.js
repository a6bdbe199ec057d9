'use strict';
/**
 * The arithmetic of a stratified sample (no I/O, no lint library): `precision.js sample` draws up
 * to K findings per rule, so each rule is a stratum, and "how often is a finding right" is
 *
 *   p = sum_h (N_h / N) * p_h
 *
 * with N_h the stratum's findings in the corpus (its population), N their sum and p_h the share
 * of true positives among its judged rows. The 95% interval draws each p_h from its Jeffreys
 * posterior Beta(TP + 1/2, nonTP + 1/2) with a seeded generator, combines the draws with the same
 * weights and takes the 2.5th and 97.5th percentiles: a stratum judged 6/6 or 0/6 still has
 * width (a normal approximation would give it none).
 */

/** mulberry32: a small seeded PRNG, so a sample (or a set of draws) can be made again */
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

/** a uniform draw in (0, 1): never 0, so its logarithm is finite */
function open01(random) {
  let u = random();
  while (u === 0) u = random();
  return u;
}

/** a standard normal draw (Box-Muller) */
function normal(random) {
  return (
    Math.sqrt(-2 * Math.log(open01(random))) * Math.cos(2 * Math.PI * random())
  );
}

/**
 * a Gamma(shape, 1) draw: Marsaglia and Tsang, "A simple method for generating gamma variables"
 * (2000); a shape under 1 is drawn as Gamma(shape + 1) * U^(1/shape), as their paper says
 */
function gamma(shape, random) {
  if (!(shape > 0)) throw new RangeError(`gamma: shape ${shape} is not > 0`);
  if (shape < 1)
    return gamma(shape + 1, random) * Math.pow(open01(random), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = open01(random);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** a Beta(a, b) draw, from two Gamma draws */
function beta(a, b, random) {
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/** the q-quantile of ascending numbers, interpolated between order statistics (R's type 7) */
function percentile(sorted, q) {
  if (!sorted.length) throw new RangeError('percentile of no values');
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * The population-weighted estimate of strata [{population, tp, judged}] (each judged >= 1,
 * population >= judged): {point, low, median, high, population, strata}. `point` weights the judged
 * proportions; low and high are the 2.5th and 97.5th percentiles of `draws` weighted Jeffreys
 * Beta draws made with `seed`, median their median. With a handful of rows per stratum the
 * prior pulls every stratum toward 1/2, so where most of the weight is on strata judged 6/6 the
 * point (the judged proportions) can lie above the whole interval: report both.
 */
function stratifiedEstimate(strata, { draws = 20000, seed = 15 } = {}) {
  if (!strata.length) throw new RangeError('no strata to weight');
  for (const s of strata) {
    const ok =
      Number.isInteger(s.population) &&
      Number.isInteger(s.tp) &&
      Number.isInteger(s.judged) &&
      s.judged >= 1 &&
      s.tp >= 0 &&
      s.tp <= s.judged &&
      s.population >= s.judged;
    if (!ok)
      throw new RangeError(
        `stratum ${s.label ?? ''} needs 0 <= tp <= judged, judged >= 1 and population >= judged (population ${s.population}, tp ${s.tp}, judged ${s.judged})`
      );
  }
  const population = strata.reduce((n, s) => n + s.population, 0);
  const weights = strata.map(s => s.population / population);
  const point = strata.reduce(
    (p, s, h) => p + weights[h] * (s.tp / s.judged),
    0
  );
  const random = prng(seed);
  const values = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    let p = 0;
    for (let h = 0; h < strata.length; h++) {
      const s = strata[h];
      p += weights[h] * beta(s.tp + 0.5, s.judged - s.tp + 0.5, random);
    }
    values[i] = p;
  }
  values.sort();
  return {
    point,
    low: percentile(values, 0.025),
    median: percentile(values, 0.5),
    high: percentile(values, 0.975),
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

/** the sheet's population lines for byRule (Map code -> findings), codes in order */
function populationLines(byRule) {
  return [...byRule.keys()]
    .sort()
    .map(code => `# population ${code} ${byRule.get(code)}`);
}

/**
 * The strata of one or more judged files: sheets [{file, counts: Map code -> {tp, judged},
 * populations: Map code -> findings, or an empty Map}]. Each (file, rule) is a stratum.
 *   strata: [{label, code, population, tp, judged}], or null when a file has no population
 *     line at all or a judged rule of a file has none (never guess a population)
 *   without: files with no population line; unpopulated: "file: code" judged without one;
 *   unjudged: "file: code (N findings)" with a population but no judged row (left out of the
 *     weights); tooSmall: "file: code" whose population is under its judged rows
 */
function strataOf(sheets) {
  const without = [];
  const unpopulated = [];
  const unjudged = [];
  const tooSmall = [];
  const strata = [];
  for (const { file, counts, populations } of sheets) {
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
          judged: c.judged
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
    tooSmall
  };
}

module.exports = {
  prng,
  gamma,
  beta,
  percentile,
  stratifiedEstimate,
  parsePopulations,
  populationLines,
  strataOf
};
