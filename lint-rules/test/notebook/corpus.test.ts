/**
 * The readers over real notebooks: the corpus shipped in test/corpus, always, and the shared one
 * (../shared/corpus) when present; a missing shared corpus fails under CI=true (corpusDirs.ts).
 * In every folder: every notebook reads, every character maps onto the same character in the
 * file, and every bad input gives a clean result or exactly one located NotebookReadError, never
 * a crash. Each folder's own bad-input cases then get their expected verdicts.
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
import {
  corpusDirs,
  isShippedCorpus,
  notebookFiles,
  SHARED_CORPUS,
  SHIPPED_CORPUS
} from '../corpusDirs';
import { positionMismatches } from './positions';

const BAD = `${path.sep}bad-input${path.sep}`;

/** `readNotebook`'s verdict on a bad-input file: 'ok' or the error's message. */
function verdict(corpus: string, rel: string): string {
  try {
    readNotebook(
      rel,
      fs.readFileSync(path.join(corpus, 'bad-input', rel), 'utf8')
    );
    return 'ok';
  } catch (e) {
    return (e as NotebookReadError).message;
  }
}

/** The messages of the issues recorded while reading a bad-input file that reads. */
function issues(corpus: string, rel: string): string[] | undefined {
  return readNotebook(
    rel,
    fs.readFileSync(path.join(corpus, 'bad-input', rel), 'utf8')
  ).issues?.map(i => i.message);
}

/** The notebook of a bad-input file, read and analysed. */
function analysed(corpus: string, rel: string) {
  const nb = readNotebook(
    rel,
    fs.readFileSync(path.join(corpus, 'bad-input', rel), 'utf8')
  );
  return { nb, ...analyzeNotebook(nb) };
}

describe.each(corpusDirs().map(dir => [dir]))('readers over %s', corpus => {
  const files = notebookFiles(corpus);
  const good = files.filter(f => !f.includes(BAD));
  const bad = files.filter(f => f.includes(BAD));

  it('reads every notebook outside bad-input and maps its positions exactly', () => {
    let cells = 0;
    let ipynbCells = 0; // what the files hold, counted without the reader
    const problems: string[] = [];
    for (const f of good) {
      const text = fs.readFileSync(f, 'utf8');
      if (!isNotebookPath(f, text)) continue;
      const nb = readNotebook(path.relative(corpus, f), text);
      cells += nb.cells.length;
      if (f.endsWith('.ipynb')) {
        const inFile = (JSON.parse(text) as { cells: unknown[] }).cells.length;
        ipynbCells += inFile;
        if (nb.cells.length !== inFile)
          problems.push(
            `${nb.path}: ${nb.cells.length} cells read of ${inFile}`
          );
      }
      // every 7th character keeps the test fast and still covers every escape kind
      problems.push(...positionMismatches(nb, 7));
    }
    expect(problems).toEqual([]);
    expect(good.length).toBeGreaterThanOrEqual(10);
    expect(cells).toBeGreaterThanOrEqual(ipynbCells);
    // the shipped corpus is small (test/corpus/SOURCES.md); the shared one has 1000+ cells
    expect(cells).toBeGreaterThan(isShippedCorpus(corpus) ? 100 : 1000);

    console.log(
      `corpus readers (${corpus}): ${good.length} files, ${cells} cells, positions checked`
    );
  });

  it('has bad-input cases', () => {
    expect(bad.length).toBeGreaterThanOrEqual(5);
  });

  it.each(bad.map(f => [path.relative(corpus, f)]))(
    '%s: a clean result or one located error',
    rel => {
      const text = fs.readFileSync(path.join(corpus, rel), 'utf8');
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
});

const shipped = SHIPPED_CORPUS;
const sharedDir = corpusDirs().find(dir => !isShippedCorpus(dir));

describe('the shipped bad-input cases (test/corpus/SOURCES.md)', () => {
  it('analyses the IPython escapes of ipy_escape_command.ipynb', () => {
    const { nb, perCell } = analysed(shipped, 'ipy_escape_command.ipynb');
    expect(nb.cells.map(c => c.language)).toEqual([
      'python',
      'python',
      'python',
      'sh', // %%bash
      'python'
    ]);
    expect(perCell.get(0)?.scope?.bound).toEqual(['files']); // files = !ls
    expect(perCell.get(0)?.parsed.masked.magics[0]).toMatchObject({
      name: 'pip',
      line: 0 // 0-based: the cell's first line
    });
    expect(perCell.get(1)?.scope?.bound).toEqual(['pd', 'df']); // %%time runs its body in the notebook
    expect(perCell.get(1)?.scope?.readsBeforeBind).toEqual(['files']);
    // `df.describe?` asks for help: masked as a help request, not run as Python
    expect(perCell.get(2)?.parsed.masked.magics).toMatchObject([
      { kind: 'line-magic', name: 'matplotlib', args: 'inline', line: 0 },
      { kind: 'help', name: '?', args: 'df.describe', line: 1 }
    ]);
    expect(perCell.has(3)).toBe(false); // %%bash: not Python
    expect(perCell.get(4)?.scope?.bound).toEqual(['total']);
    expect(perCell.get(4)?.scope?.readsBeforeBind).toEqual(['len', 'df']);
  });

  it('gives the expected verdicts', () => {
    expect(verdict(shipped, 'not_json.ipynb')).toMatch(/^invalid JSON/);
    expect(verdict(shipped, 'wrong_schema.ipynb')).toBe(
      '"nbformat" must be an integer, found "4"'
    );
    expect(issues(shipped, 'no_cell_id.ipynb')?.[0]).toMatch(/has no "id"/);
    expect(verdict(shipped, 'R.ipynb')).toBe('ok');
    expect(analysed(shipped, 'R.ipynb').perCell.size).toBe(0); // nothing in it is Python
    expect(verdict(shipped, 'ipy_escape_command.ipynb')).toBe('ok');
  });

  it('wrong_schema.ipynb: the error says what to do next', () => {
    try {
      analysed(shipped, 'wrong_schema.ipynb');
    } catch (e) {
      expect((e as NotebookReadError).hint ?? '').not.toBe('');
      return;
    }
    throw new Error('wrong_schema.ipynb read without an error');
  });
});

// the shared corpus's own cases (nbformat's and ruff's test notebooks), when it is read
(sharedDir === undefined ? describe.skip : describe)(
  `the shared bad-input cases (${sharedDir ?? 'shared corpus absent'})`,
  () => {
    const shared = sharedDir ?? SHARED_CORPUS;
    it('analyses the IPython escapes of ruff/ipy_escape_command.ipynb', () => {
      const { nb, perCell } = analysed(shared, 'ruff/ipy_escape_command.ipynb');
      expect(nb.cells.map(c => c.language)).toEqual([
        'python',
        'python',
        'unknown'
      ]);
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
      expect(verdict(shared, 'nbformat/test3.ipynb')).toMatch(
        /nbformat 3 notebooks are not supported/
      );
      expect(verdict(shared, 'nbformat/test2.ipynb')).toMatch(
        /nbformat 2 notebooks are not supported/
      );
      // nbformat.read() opens these (Jupyter repairs the ids on save): read, with the issue recorded
      expect(issues(shared, 'nbformat/invalid_cell_id.ipynb')).toEqual([
        expect.stringMatching(/invalid id "\$illegal_chars"/)
      ]);
      expect(issues(shared, 'nbformat/invalid_unique_cell_id.ipynb')).toEqual([
        expect.stringMatching(/same id "dup"/)
      ]);
      expect(issues(shared, 'nbformat/v4_5_no_cell_id.ipynb')?.[0]).toMatch(
        /has no "id"/
      );
      expect(verdict(shared, 'ruff/not_json.ipynb')).toMatch(/^invalid JSON/);
      expect(verdict(shared, 'ruff/wrong_schema.ipynb')).toMatch(
        /missing "nbformat"/
      );
      expect(verdict(shared, 'ruff/invalid_extension.ipynb')).toMatch(
        /^invalid JSON/
      );
      expect(verdict(shared, 'ruff/valid.ipynb')).toBe('ok');
      expect(verdict(shared, 'nbformat/test4.5.ipynb')).toBe('ok');
    });
  }
);
