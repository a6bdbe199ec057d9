/**
 * The readers over the shared corpus of real notebooks (../shared/corpus, skipped when absent):
 * every notebook reads, every character maps onto the same character in the file, and every
 * bad input gives a clean result or exactly one located NotebookReadError, never a crash.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  isNotebookPath,
  Notebook,
  NotebookReadError,
  readNotebook
} from '../../src/notebook';
import { analyzeNotebook } from '../../src/python';
import { positionMismatches } from './positions';

const CORPUS = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'corpus'
);
const present = fs.existsSync(CORPUS);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

if (!present) {
  console.warn(
    `SKIPPED: the shared corpus is absent (${CORPUS}); the fixtures in test/fixtures cover the readers`
  );
}
const suite = present ? describe : describe.skip;

suite('readers over the shared corpus', () => {
  const files = present
    ? walk(CORPUS).filter(f => /\.(ipynb|py)$/.test(f))
    : [];
  const good = files.filter(
    f => !f.includes(`${path.sep}bad-input${path.sep}`)
  );
  const bad = files.filter(f => f.includes(`${path.sep}bad-input${path.sep}`));

  it('reads every notebook outside bad-input and maps its positions exactly', () => {
    let cells = 0;
    const problems: string[] = [];
    for (const f of good) {
      const text = fs.readFileSync(f, 'utf8');
      if (!isNotebookPath(f, text)) continue;
      const nb = readNotebook(path.relative(CORPUS, f), text);
      cells += nb.cells.length;
      // every 7th character keeps the test fast and still covers every escape kind
      problems.push(...positionMismatches(nb, 7));
    }
    expect(problems).toEqual([]);
    expect(cells).toBeGreaterThan(1000);

    console.log(
      `corpus readers: ${good.length} files, ${cells} cells, positions checked`
    );
  });

  it.each(bad.map(f => [path.relative(CORPUS, f)]))(
    '%s: a clean result or one located error',
    rel => {
      const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
      let nb: Notebook | undefined;
      try {
        nb = readNotebook(rel, text);
      } catch (e) {
        expect(e).toBeInstanceOf(NotebookReadError);
        const err = e as NotebookReadError;
        expect(err.path).toBe(rel);
        expect(err.line).toBeGreaterThanOrEqual(1);
        expect(err.hint ?? '').not.toBe('');
        expect(err.describe()).not.toMatch(/\n\s+at /); // no stack trace in what users see
        return;
      }
      expect(positionMismatches(nb)).toEqual([]);
      // what reads must also analyse without throwing
      const { perCell } = analyzeNotebook(nb);
      for (const a of perCell.values())
        expect(a.scope !== null || !a.parsed.ok).toBe(true);
    }
  );

  it('analyses the IPython escapes of ruff/ipy_escape_command.ipynb', () => {
    const nb = readNotebook(
      'ipy.ipynb',
      fs.readFileSync(
        path.join(CORPUS, 'bad-input', 'ruff', 'ipy_escape_command.ipynb'),
        'utf8'
      )
    );
    expect(nb.cells.map(c => c.language)).toEqual([
      'python',
      'python',
      'unknown'
    ]);
    const { perCell } = analyzeNotebook(nb);
    expect(perCell.get(0)?.scope?.bound).toEqual(['math', 'os', '_']);
    expect(perCell.get(0)?.parsed.masked.magics[0]).toMatchObject({
      name: 'matplotlib',
      args: 'inline',
      line: 2
    });
    expect(perCell.get(1)?.scope?.bound).toEqual([]); // %%timeit runs its body in a function of its own
    expect(perCell.get(1)?.scope?.imports.map(i => i.bound)).toEqual([]);
    expect(perCell.has(2)).toBe(false); // %%random: not Python
  });

  it('gives the expected verdicts on the nbformat and ruff edge cases', () => {
    const verdict = (rel: string) => {
      try {
        readNotebook(
          rel,
          fs.readFileSync(path.join(CORPUS, 'bad-input', rel), 'utf8')
        );
        return 'ok';
      } catch (e) {
        return (e as NotebookReadError).message;
      }
    };
    expect(verdict('nbformat/test3.ipynb')).toMatch(
      /nbformat 3 notebooks are not supported/
    );
    expect(verdict('nbformat/test2.ipynb')).toMatch(
      /nbformat 2 notebooks are not supported/
    );
    // nbformat.read() opens these (Jupyter repairs the ids on save): read, with the issue recorded
    const issues = (rel: string) =>
      readNotebook(
        rel,
        fs.readFileSync(path.join(CORPUS, 'bad-input', rel), 'utf8')
      ).issues?.map(i => i.message);
    expect(issues('nbformat/invalid_cell_id.ipynb')).toEqual([
      expect.stringMatching(/invalid id "\$illegal_chars"/)
    ]);
    expect(issues('nbformat/invalid_unique_cell_id.ipynb')).toEqual([
      expect.stringMatching(/same id "dup"/)
    ]);
    expect(issues('nbformat/v4_5_no_cell_id.ipynb')?.[0]).toMatch(
      /has no "id"/
    );
    expect(verdict('ruff/not_json.ipynb')).toMatch(/^invalid JSON/);
    expect(verdict('ruff/wrong_schema.ipynb')).toMatch(/missing "nbformat"/);
    expect(verdict('ruff/invalid_extension.ipynb')).toMatch(/^invalid JSON/);
    expect(verdict('ruff/valid.ipynb')).toBe('ok');
    expect(verdict('nbformat/test4.5.ipynb')).toBe('ok');
  });
});
