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
      // refusals must show up, by reason: the shipped corpus has a Scala notebook and
      // `from x import *`; the shared one Go-template placeholders and %run cells
      const expected =
        corpus === SHIPPED_CORPUS
          ? ['not-python', 'star-import']
          : ['syntax-error'];
      for (const code of expected)
        expect([code, refusals.get(code)]).toEqual([code, expect.any(Number)]);
    });
  }
);

const HEART = path.join(
  SHIPPED_CORPUS,
  'azureml-examples/xgboost_classification_mlflow.ipynb'
);

describe('xgboost_classification_mlflow.ipynb (azureml-examples, MLflow autologging)', () => {
  const nb = readNotebook(
    'xgboost_classification_mlflow.ipynb',
    fs.readFileSync(HEART, 'utf8')
  );
  const cellWith = (text: string) => {
    const i = nb.cells.findIndex(c => c.source.includes(text));
    if (i < 0) throw new Error(`no cell has ${text}`);
    return i;
  };
  const plan = (text: string) =>
    planPromotion({
      notebook: nb,
      cells: [cellWith(text)],
      modulePath: 'heart/prep.py'
    });

  it('the read_csv cell returns the URL (read again later) and df, and imports pandas', () => {
    const r = plan('df = pd.read_csv(file_url)');
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    expect(r.params).toEqual([]);
    expect(r.returns).toEqual(['file_url', 'df']);
    expect(r.moduleText).toContain('import pandas as pd\n');
  });

  it('the split cell takes df, returns the four sets and is named after its markdown', () => {
    const r = plan('X_train, X_test, y_train, y_test = train_test_split(');
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    expect(r.params).toEqual(['df']);
    expect(r.returns).toEqual(['X_train', 'X_test', 'y_train', 'y_test']);
    expect(r.moduleText).toContain(
      'from sklearn.model_selection import train_test_split'
    );
    expect(r.replacementCells[0].source).toBe(
      `from heart.prep import ${r.functionName}\nX_train, X_test, y_train, y_test = ${r.functionName}(df)`
    );
    expect(r.functionName).toMatch(/^let_s_split/);
  });

  it('the metrics cell takes the labels and predictions', () => {
    const r = plan('accuracy = accuracy_score(y_test, y_pred)');
    if (!r.ok) throw new Error(JSON.stringify(r.reasons));
    expect(r.params).toEqual(['y_test', 'y_pred']);
    expect(r.returns).toEqual(['accuracy', 'recall']);
  });

  it('the %pip cell has no Python to promote', () => {
    const r = plan('%pip install');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons[0].code).toBe('nothing-to-promote');
  });
});
