/**
 * The planner on real notebooks written by others (test/corpus, shipped, and ../shared/corpus
 * when present; see corpusDirs.ts): every code cell of every readable notebook either gets a
 * plan whose module and test texts compile, or a refusal with a located, actionable reason; it
 * never throws.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readNotebook } from '../../src/notebook';
import { planPromotion } from '../../src/promote';
import { analyzeNotebook } from '../../src/python';
import { corpusDirs, SHIPPED_CORPUS } from '../corpusDirs';
import { compilePython } from './helpers';

function notebooks(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'bad-input')
      out.push(...notebooks(p));
    else if (/\.(ipynb|py)$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

describe.each(corpusDirs().map(dir => [dir]))(
  'promote on the corpus %s',
  corpus => {
    it('plans or refuses every code cell, and every planned module and test compiles', () => {
      const texts: Record<string, string> = {};
      const refusals = new Map<string, number>();
      let planned = 0;
      for (const file of notebooks(corpus)) {
        let nb;
        try {
          nb = readNotebook(
            path.relative(corpus, file),
            fs.readFileSync(file, 'utf8')
          );
        } catch {
          continue; // unreadable notebooks are the readers' business (tested there)
        }
        const analysis = analyzeNotebook(nb);
        // every other code cell keeps the test quick; both halves get the same scrutiny over time
        const code = nb.cells.filter(c => c.kind === 'code' && c.source.trim());
        for (const cell of code.filter((_, k) => k % 2 === 0)) {
          const result = planPromotion(
            { notebook: nb, cells: [cell.index], modulePath: 'src/pkg/mod.py' },
            { analysis }
          );
          if (result.ok) {
            planned++;
            texts[`${file}#${cell.index}/module`] = result.moduleText;
            texts[`${file}#${cell.index}/test`] = result.testText;
            expect(result.replacementCells[0].source).toContain(
              `${result.functionName}(`
            );
          } else {
            for (const r of result.reasons) {
              expect(r.message).toBeTruthy();
              expect(r.hint).toBeTruthy();
              refusals.set(r.code, (refusals.get(r.code) ?? 0) + 1);
            }
          }
        }
      }
      // the shipped corpus is small; the shared one had 300+ plans when this test was written
      expect(planned).toBeGreaterThan(corpus === SHIPPED_CORPUS ? 40 : 300);
      const errors = Object.entries(compilePython(texts)).filter(([, e]) => e);
      expect(errors).toEqual([]);
      // the corpus has Go-template placeholders and %run cells: refusals must show up, by reason
      expect(refusals.get('syntax-error')).toBeGreaterThan(0);
    });
  }
);

const RAW = path.join(
  SHIPPED_CORPUS,
  'databricks-source/notebook-best-practices/covid_eda_raw.py'
);

describe('covid_eda_raw.py (the notebook-best-practices "before")', () => {
  const nb = readNotebook('covid_eda_raw.py', fs.readFileSync(RAW, 'utf8'));
  const cellWith = (text: string) =>
    nb.cells.findIndex(c => c.source.includes(text));

  it('the Transform cell becomes a function returning df, and display(df) stays in the notebook', () => {
    const r = planPromotion({
      notebook: nb,
      cells: [cellWith('pd.read_csv')],
      modulePath: 'covid_analysis/transforms.py'
    });
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    expect(r.functionName).toBe('transform');
    expect(r.params).toEqual([]);
    expect(r.returns).toEqual(['df']);
    expect(r.moduleText).toContain('import pandas as pd');
    expect(r.functionText).not.toContain('display');
    expect(r.replacementCells[0].source).toBe(
      'from covid_analysis.transforms import transform\ndf = transform()\ndisplay(df)'
    );
  });

  it('the Delta Lake cell takes df and needs spark-side imports in the module', () => {
    const r = planPromotion({
      notebook: nb,
      cells: [cellWith('ps.from_pandas')],
      modulePath: 'covid_analysis/transforms.py'
    });
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    expect(r.params).toEqual(['df']);
    expect(r.returns).toEqual([]);
    expect(r.moduleText).toContain('import pyspark.pandas as ps');
  });

  it('the !wget cell has no Python to promote', () => {
    const r = planPromotion({
      notebook: nb,
      cells: [cellWith('!wget')],
      modulePath: 'm.py'
    });
    expect(r.ok).toBe(false);
  });
});
