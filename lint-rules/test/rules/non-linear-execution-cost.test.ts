/**
 * NB101's cost (issue #15, session 18's cost pass): a cell that ran before every cell below it
 * cannot be the cell above that ran later, so the rule asks none of its text tests (set-up,
 * read-only `%%sql`, listing, clean-up: each splits and scans the cell) of it. A notebook run top
 * to bottom, most notebooks, is then not read at all; the findings stay those of the stack walk
 * that tests every cell (the random notebooks below hold the rule to a direct reading of its doc).
 */
import rule from '../../src/rules/non-linear-execution';
import * as sql from '../../src/rules/support/sql';
import { below, pick, seeded } from '../fuzz/seeded';
import { CellSpec, lintCase } from './ruleTester';

afterEach(() => jest.restoreAllMocks());

describe('NB101 skips the text tests of cells that ran before every cell below', () => {
  it('reads no cell of a notebook run top to bottom, and a cell run after a cell below', () => {
    const sqlBody = jest.spyOn(sql, 'sqlBody');
    // none is set-up: before, each one went on to the `%%sql` test
    const inOrder = ['x = 1', 'y = x + 1', 'print(y)', 'del x'];
    expect(
      lintCase(rule, {
        cells: inOrder.map((code, i) => ({ code, count: i + 1 }))
      })
    ).toEqual([]);
    expect(sqlBody).not.toHaveBeenCalled();
    // the same cells with the first re-run last: it is tested (and is a reference), the rest not
    const found = lintCase(rule, {
      cells: inOrder.map((code, i) => ({ code, count: i === 0 ? 9 : i + 1 }))
    });
    // only `y = x + 1` and `del x` need what the re-run cell binds (out of order through data
    // only); `print(y)` shares nothing with it
    expect(found.map(f => f.cell)).toEqual([1, 3]);
    expect(sqlBody).toHaveBeenCalledTimes(1);
  });
});

/** the cells the random notebooks are made of: references, and cells that are none */
const REFERENCE = ['x = 1', 'model = fit(X)', 'print(model)'];
const NOT_REFERENCE = [
  'import os',
  '%ls data',
  "pd.set_option('display.max_rows', 100)",
  '%%sql\nSELECT 1'
];

/** what each cell reads (before binding, and the words of its magic lines) and writes */
const NAMES: Record<string, { reads: string[]; writes: string[] }> = {
  'x = 1': { reads: [], writes: ['x'] },
  'model = fit(X)': { reads: ['fit', 'X'], writes: ['model'] },
  'print(model)': { reads: ['print', 'model'], writes: [] },
  'import os': { reads: [], writes: ['os'] },
  '%ls data': { reads: ['data'], writes: [] },
  // a setting on a name no import binds here: the name counts as written
  "pd.set_option('display.max_rows', 100)": { reads: ['pd'], writes: ['pd'] },
  // read by nbcraft as nothing (OPAQUE below decides for it)
  '%%sql\nSELECT 1': { reads: [], writes: [] }
};
/** a cell nbcraft cannot read (another language) */
const OPAQUE = new Set(['%%sql\nSELECT 1']);

describe('NB101 on random notebooks', () => {
  it('reports each cell that ran before a reference above, run later, that it shares data with', () => {
    const next = seeded(18); // a failure names its `n`
    for (let n = 0; n < 400; n++) {
      const size = 2 + below(next, 7);
      const cells: { code: string; count: number | null; ref: boolean }[] = [];
      for (let i = 0; i < size; i++) {
        const ref = next() < 0.5;
        cells.push({
          code: pick(next, ref ? REFERENCE : NOT_REFERENCE),
          // counts 1 to 8 over up to 8 cells: equal counts too
          count: next() < 0.15 ? null : 1 + below(next, 8),
          ref
        });
      }
      // the doc's reading: of the references above with a higher count, those sharing data with
      // the cell (one writes what the other reads, or both write a name a cell below reads), the
      // latest run (the nearest on a tie); for a cell nbcraft cannot read, the nearest
      const expected: string[] = [];
      cells.forEach((c, i) => {
        if (c.count === null) return;
        const count = c.count;
        const later = cells
          .map((above, j) => ({ above, j }))
          .filter(
            ({ above, j }) =>
              j < i && above.ref && above.count !== null && above.count > count
          );
        let pick: { above: (typeof cells)[number]; j: number } | undefined;
        if (OPAQUE.has(c.code)) {
          pick = later.at(-1);
        } else {
          const mine = NAMES[c.code];
          const readBelow = (name: string) =>
            cells.some((d, k) => k > i && NAMES[d.code].reads.includes(name));
          for (const l of later) {
            const theirs = NAMES[l.above.code];
            const dependent =
              mine.reads.some(n => theirs.writes.includes(n)) ||
              mine.writes.some(
                n =>
                  theirs.reads.includes(n) ||
                  (theirs.writes.includes(n) && readBelow(n))
              );
            if (dependent && (!pick || l.above.count! >= pick.above.count!)) {
              pick = l;
            }
          }
        }
        if (pick) expected.push(`${i}: [${count}] after cell ${pick.j + 1}`);
      });
      const specs: CellSpec[] = cells.map(({ code, count }) => ({
        code,
        count
      }));
      const found = lintCase(rule, { cells: specs }).map(f => {
        const m = /^Cell ran as \[(\d+)\] after cell (\d+)/.exec(f.message);
        return `${f.cell}: [${m?.[1]}] after cell ${m?.[2]}`;
      });
      expect({ n, found }).toEqual({ n, found: expected });
    }
  });
});
