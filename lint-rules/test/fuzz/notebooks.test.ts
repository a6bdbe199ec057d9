/**
 * Fuzzing the notebook readers and everything after them with damaged copies of real notebooks
 * (test/fixtures, the shipped corpus, and ../shared/corpus when present). Seeded and bounded: the
 * same few hundred cases on every run, in seconds. Every case goes through the library (check.ts);
 * a sample goes through the real CLI (cli.test.ts beside this file). A case that found a bug is
 * also kept by name in regressions.test.ts.
 */
import * as fs from 'fs';
import { checkCase, type Failure } from './check';
import { allCases } from './corpusCases';

describe('fuzzing the readers, the analysis, every rule, the fixer and the planner', () => {
  const cases = allCases(20261206);

  it('has a few hundred cases of every kind', () => {
    expect(cases.length).toBeGreaterThan(500);
    expect(new Set(cases.map(c => c.name)).size).toBe(cases.length);
  });

  it('reads each case as a notebook or one located error; nothing after the reader throws', () => {
    const failures: Failure[] = [];
    let read = 0;
    for (const c of cases) {
      const outcome = checkCase(c);
      failures.push(...outcome.failures);
      if (outcome.read) read++;
    }
    if (process.env.NBCRAFT_FUZZ_DUMP)
      fs.writeFileSync(
        process.env.NBCRAFT_FUZZ_DUMP,
        JSON.stringify(failures, null, 1)
      );
    expect(failures).toEqual([]);
    // both halves are exercised: damaged files that still read, and refusals
    expect(read).toBeGreaterThan(cases.length / 4);
    expect(read).toBeLessThan(cases.length);
  });
});
