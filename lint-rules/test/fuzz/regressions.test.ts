/**
 * Inputs the fuzzer found that crashed, lost data or gave an unlocated error, kept by name.
 * Each says what happened before the fix; the CLI ones run the real binary (bin/nbcraft.js).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BinaryFileError,
  NotUtf8Error,
  readTextFileSync
} from '../../src/cli/io';
import { readNotebook } from '../../src/notebook';
import { applyPromotionToText, planPromotion } from '../../src/promote';
import { built, latin1Notebook, nbcraft } from './cliRun';
import { notebookText } from './notebookCases';

const run = built ? it : it.skip;
const latin1 = latin1Notebook;

/** What `read` threw (undefined when it did not). */
function thrown(read: () => unknown): unknown {
  try {
    read();
  } catch (e) {
    return e;
  }
  return undefined;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-regress-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading text files (cli/io.ts)', () => {
  it('refuses bytes that are not UTF-8, at the first bad byte', () => {
    const { bytes, line, column } = latin1();
    fs.writeFileSync(path.join(dir, 'a.ipynb'), bytes);
    const err = thrown(() => readTextFileSync(path.join(dir, 'a.ipynb')));
    expect(err).toBeInstanceOf(NotUtf8Error);
    expect(err).toMatchObject({ line, column });
  });

  it('reads a real U+FFFD written as UTF-8 (no false alarm)', () => {
    fs.writeFileSync(path.join(dir, 'a.ipynb'), notebookText(['s = "\ufffd"']));
    expect(readTextFileSync(path.join(dir, 'a.ipynb'))).toContain('\ufffd');
  });

  it('locates the first NUL of a binary file and tells UTF-16 apart', () => {
    fs.writeFileSync(path.join(dir, 'b.ipynb'), Buffer.from('{\n "a\u0000'));
    const binary = thrown(() => readTextFileSync(path.join(dir, 'b.ipynb')));
    expect(binary).toBeInstanceOf(BinaryFileError);
    expect(binary).toMatchObject({ line: 2, column: 4, utf16: false });
    fs.writeFileSync(
      path.join(dir, 'u.ipynb'),
      Buffer.from('\ufeff{"a": 1}', 'utf16le')
    );
    expect(
      thrown(() => readTextFileSync(path.join(dir, 'u.ipynb')))
    ).toMatchObject({
      message: 'UTF-16 text, not UTF-8',
      utf16: true,
      line: 1
    });
  });
});

describe('the promote planner', () => {
  // before: planned (ok), then applyPromotionToText threw "RangeError: Maximum call stack size
  // exceeded" writing the metadata into the replacement cell (the CLI: "internal error")
  it('refuses a cell whose metadata is nested 3,000 deep, located at the cell', () => {
    const deep = '['.repeat(3000) + '"t"' + ']'.repeat(3000);
    const text = notebookText(['x = 1', 'y = x + 1\nprint(y)']).replace(
      /("id": "c1",\n\s*"metadata": )\{\}/,
      `$1{"tags": ${deep}}`
    );
    const nb = readNotebook('deep.ipynb', text);
    expect(JSON.stringify(nb.cells[1].metadata).length).toBeGreaterThan(6000);
    const result = planPromotion({
      notebook: nb,
      cells: [1],
      modulePath: 'src/pkg/mod.py'
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]).toMatchObject({ code: 'bad-selection', cell: 1 });
    expect(result.reasons[0].message).toContain(
      'metadata is nested more than 100 levels'
    );
    // a shallow copy of the same notebook still promotes, and the edit applies
    const plain = readNotebook(
      'plain.ipynb',
      notebookText(['x = 1', 'y = x + 1\nprint(y)'])
    );
    const plan = planPromotion({
      notebook: plain,
      cells: [1],
      modulePath: 'src/pkg/mod.py'
    });
    expect(plan.ok).toBe(true);
    if (plan.ok)
      expect(() =>
        readNotebook('plain.ipynb', applyPromotionToText(plain, plan))
      ).not.toThrow();
  });
});

describe('regressions through the real CLI', () => {
  // before: read with U+FFFD in place of the bytes; --fix rewrote the file (both bytes lost), exit 1
  run(
    'lint --fix on a notebook with Latin-1 bytes: exit 2, located, the file untouched',
    () => {
      const { bytes, line, column } = latin1();
      fs.writeFileSync(path.join(dir, 'latin1.ipynb'), bytes);
      const p = nbcraft(['lint', '--fix', 'latin1.ipynb'], dir);
      expect(p.status).toBe(2);
      expect(p.stdout).toContain(
        `latin1.ipynb:${line}:${column}: error: not UTF-8 text`
      );
      expect(
        fs.readFileSync(path.join(dir, 'latin1.ipynb')).equals(bytes)
      ).toBe(true);
      expect(listing(dir)).toEqual(['latin1.ipynb']);
    }
  );

  // before: promoted, writing U+FFFD into the module, the test file and the notebook, exit 0
  run(
    'promote on a notebook with Latin-1 bytes: exit 2, located, nothing written',
    () => {
      const { bytes, line, column } = latin1();
      fs.writeFileSync(path.join(dir, 'latin1.ipynb'), bytes);
      const p = nbcraft(['promote', 'latin1.ipynb', '--cells', '2'], dir);
      expect(p.status).toBe(2);
      expect(p.stderr).toBe(
        `nbcraft promote: latin1.ipynb:${line}:${column}: not UTF-8 text (the first invalid byte is at line ${line}, column ${column}); save it as UTF-8 (nothing was written)\n`
      );
      expect(listing(dir)).toEqual(['latin1.ipynb']);
    }
  );

  // before: "nbcraft: internal error: binary file, not a text notebook" (the bundle's own copy
  // of the error class failed promote's instanceof)
  run(
    'promote on a binary .ipynb: a located refusal, not an internal error',
    () => {
      fs.writeFileSync(
        path.join(dir, 'b.ipynb'),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1])
      );
      const p = nbcraft(['promote', 'b.ipynb', '--cells', '1'], dir);
      expect(p.status).toBe(2);
      expect(p.stderr).toBe(
        'nbcraft promote: b.ipynb:1:5: binary file, not a text notebook (nothing was written)\n'
      );
    }
  );

  // before: "binary file, not a notebook" with no line and no hint about the encoding
  run('lint on a UTF-16 notebook says so, at line 1', () => {
    fs.writeFileSync(
      path.join(dir, 'u16.ipynb'),
      Buffer.from('\ufeff' + notebookText(['x = 1']), 'utf16le')
    );
    const p = nbcraft(['lint', 'u16.ipynb'], dir);
    expect(p.status).toBe(2);
    expect(p.stdout).toMatch(
      /^u16\.ipynb:1:\d+: error: UTF-16 text, not UTF-8/m
    );
  });

  // before: a wrong type in promote's settings was ignored and the module went to the default place
  run(
    'promote with "promote": {"moduleDir": 5}: exit 2 naming the file and the key',
    () => {
      fs.writeFileSync(
        path.join(dir, 'nb.ipynb'),
        notebookText(['x = 1\ny = x + 1'])
      );
      fs.writeFileSync(
        path.join(dir, 'nbcraft.json'),
        '{"promote": {"moduleDir": 5}}'
      );
      const p = nbcraft(['promote', 'nb.ipynb', '--cells', '1'], dir);
      expect(p.status).toBe(2);
      expect(p.stderr).toMatch(
        /^nbcraft promote: .*nbcraft\.json: promote\.moduleDir: /
      );
      expect(listing(dir)).toEqual(['nb.ipynb', 'nbcraft.json']);
    }
  );
});
