/**
 * A sample of the fuzz cases through the real CLI (`bin/nbcraft.js`, the build in lib/): lint gives
 * one result per file and a located error for each unreadable one, the documented exit codes
 * (0 clean, 1 findings, 2 unreadable), and changes nothing it cannot read; promote answers 0, 1 or
 * 2 with the file and the location, and never writes or leaves a partial file when it fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readNotebook } from '../../src/notebook';
import { built, latin1Notebook, nbcraft } from './cliRun';
import { type FuzzCase, notebookText } from './notebookCases';
import { allCases } from './corpusCases';
import { sample, seeded } from './seeded';

const run = built ? it : it.skip;

/** Every file under `dir` (relative path -> bytes). */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const LATIN1 = latin1Notebook();

function extension(c: FuzzCase): string {
  return path.extname(c.file) || '.ipynb';
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-fuzz-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fuzz cases through the real CLI', () => {
  const cases = sample(seeded(7), allCases(20261206), 60);

  run(
    'lint --fix: one result per notebook, unreadable ones located and left untouched, exit 2',
    () => {
      cases.forEach((c, i) => {
        fs.writeFileSync(
          path.join(dir, `case-${String(i).padStart(3, '0')}${extension(c)}`),
          c.text
        );
      });
      fs.writeFileSync(path.join(dir, 'latin1.ipynb'), LATIN1.bytes);
      const before = snapshot(dir);
      const p = nbcraft(['lint', '--fix', '--format', 'json', '.'], dir);
      expect(p.stderr).toBe('');
      expect(p.status).toBe(2);
      const results = JSON.parse(p.stdout) as {
        filePath: string;
        error: {
          kind: string;
          message: string;
          line?: number;
          column?: number;
        } | null;
      }[];
      const byPath = new Map(results.map(r => [r.filePath, r]));
      // every .ipynb gets a result (a .py without notebook markers is a plain script, skipped)
      for (const name of before.keys())
        if (name.endsWith('.ipynb'))
          expect([name, byPath.has(name)]).toEqual([name, true]);
      let unreadable = 0;
      for (const r of results) {
        const caseName = r.filePath.startsWith('case-')
          ? cases[Number(r.filePath.slice(5, 8))].name
          : r.filePath;
        if (r.error) {
          unreadable++;
          expect([caseName, r.error.kind]).toEqual([caseName, 'unreadable']);
          expect([
            caseName,
            r.error.line! >= 1 && r.error.column! >= 1
          ]).toEqual([caseName, true]);
          // nothing is written to a file nbcraft could not read
          expect(
            fs
              .readFileSync(path.join(dir, r.filePath))
              .equals(before.get(r.filePath)!)
          ).toBe(true);
        } else {
          // a fixed file still reads as a notebook
          const text = fs.readFileSync(path.join(dir, r.filePath), 'utf8');
          expect(() => readNotebook(r.filePath, text)).not.toThrow();
        }
      }
      expect(unreadable).toBeGreaterThan(5);
      expect(byPath.get('latin1.ipynb')?.error).toMatchObject({
        message: 'not UTF-8 text',
        line: LATIN1.line,
        column: LATIN1.column
      });
      // no temp files left behind
      expect([...snapshot(dir).keys()].sort()).toEqual(
        [...before.keys()].sort()
      );
    }
  );

  run(
    'lint exit codes: 0 clean, 1 findings, 2 unreadable (named with line and column)',
    () => {
      fs.writeFileSync(
        path.join(dir, 'clean.ipynb'),
        notebookText(['# Title\nx = 1\nprint(x)'])
      );
      fs.writeFileSync(
        path.join(dir, 'findings.ipynb'),
        notebookText(['import os\nos.chdir("data")'])
      );
      fs.writeFileSync(
        path.join(dir, 'cut.ipynb'),
        notebookText(['x = 1']).slice(0, 40)
      );
      fs.writeFileSync(path.join(dir, 'latin1.ipynb'), LATIN1.bytes);
      expect(
        nbcraft(['lint', '--config', 'none.json', 'clean.ipynb'], dir).status
      ).toBe(2);
      fs.writeFileSync(
        path.join(dir, 'nbcraft.json'),
        '{"extends": "none", "rules": {"NB101": "error"}}'
      );
      expect(nbcraft(['lint', 'clean.ipynb'], dir).status).toBe(0);
      fs.writeFileSync(path.join(dir, 'nbcraft.json'), '{"extends": "strict"}');
      expect(nbcraft(['lint', 'findings.ipynb'], dir).status).toBe(1);
      const cut = nbcraft(['lint', 'cut.ipynb'], dir);
      expect(cut.status).toBe(2);
      expect(cut.stdout).toMatch(/^cut\.ipynb:\d+:\d+: error: invalid JSON/m);
      const latin1 = nbcraft(['lint', 'latin1.ipynb'], dir);
      expect(latin1.status).toBe(2);
      expect(latin1.stdout).toContain(
        `latin1.ipynb:${LATIN1.line}:${LATIN1.column}: error: not UTF-8 text`
      );
    }
  );

  run(
    'promote --dry-run and promote: 0, 1 or 2 with the file and the place; a failure writes nothing',
    () => {
      const picked = sample(seeded(11), cases, 5);
      const files = picked.map((c, i) => `nb${i}${extension(c)}`);
      picked.forEach((c, i) => {
        fs.writeFileSync(path.join(dir, files[i]), c.text);
      });
      fs.writeFileSync(path.join(dir, 'latin1.ipynb'), LATIN1.bytes);
      files.push('latin1.ipynb');
      const codes = new Set<number>();
      for (const file of files) {
        const before = snapshot(dir);
        for (const args of [['--dry-run'], []]) {
          const p = nbcraft(['promote', file, '--cells', '2', ...args], dir);
          expect([file, args, p.status]).toEqual([
            file,
            args,
            expect.any(Number)
          ]);
          codes.add(p.status!);
          expect([0, 1, 2]).toContain(p.status);
          if (p.status === 2)
            expect(p.stderr).toMatch(
              new RegExp(
                `^nbcraft promote: (--cells|${file.replace('.', '\\.')}:)`
              )
            );
          if (p.status === 1)
            expect(p.stderr).toMatch(/^nbcraft promote: refused cell 2: /);
          if (p.status !== 0 || args.length) {
            // refused, unreadable or a dry run: the folder is exactly as it was
            expect([file, args, [...snapshot(dir).keys()].sort()]).toEqual([
              file,
              args,
              [...before.keys()].sort()
            ]);
            for (const [name, bytes] of before)
              expect([
                name,
                fs.readFileSync(path.join(dir, name)).equals(bytes)
              ]).toEqual([name, true]);
          } else {
            expect(() =>
              readNotebook(file, fs.readFileSync(path.join(dir, file), 'utf8'))
            ).not.toThrow();
          }
        }
      }
      expect(codes.has(2)).toBe(true);
    }
  );
});
