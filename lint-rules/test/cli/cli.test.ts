/** The CLI end to end: real files in a temp folder, captured output, exit codes 0/1/2. */
import { spawnSync } from 'child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runIn } from './writeHelpers';
import { corpusDirs, isShippedCorpus } from '../corpusDirs';

const fixtures = path.join(__dirname, '..', 'fixtures', 'lint');
const pkgRoot = path.join(__dirname, '..', '..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-cli-'));
  cpSync(fixtures, dir, { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[], cwd = dir) => runIn(cwd, argv);

describe('nbcraft lint', () => {
  it('exit 0 on a clean notebook, 1 with findings, 2 with unreadable input', async () => {
    expect((await run(['lint', 'clean.ipynb'])).code).toBe(0);
    const findings = await run(['lint', 'findings.ipynb']);
    expect(findings.code).toBe(1);
    expect(findings.out).toContain(
      'findings.ipynb:cell 4:1:1: NB501 [mlflow-run-not-ended]'
    );
    const bad = await run(['lint', '.']);
    expect(bad.code).toBe(2);
  });

  it('bad input: each file gets one located error, others are still linted, no stack traces', async () => {
    const { out, err } = await run(['lint', '.']);
    const lines = out.split('\n');
    for (const name of [
      'binary.ipynb',
      'empty.ipynb',
      'nbformat3.ipynb',
      'not-json.ipynb',
      'wrong-schema.ipynb'
    ]) {
      expect(
        lines.filter(
          l => l.startsWith(`bad/${name}`) && l.includes(': error: ')
        )
      ).toHaveLength(1);
    }
    expect(out).toMatch(/^bad\/not-json\.ipynb:2:\d+: error: invalid JSON/m);
    expect(out).toMatch(
      /^bad\/nbformat3\.ipynb:3:\d+: error: nbformat 3 notebooks are not supported.*upgrade it/m
    );
    expect(out).toContain(
      'bad/syntax-error.ipynb:cell 2:1:7: NB201 [syntax-error]'
    );
    // ids that nbformat.read() repairs: the notebook is linted, the ids are one finding
    for (const name of ['dup-ids.ipynb', 'no-cell-id.ipynb']) {
      const own = lines.filter(l => l.startsWith(`bad/${name}`));
      expect(own.some(l => l.includes(': error: '))).toBe(false);
      expect(
        own.filter(l => l.includes('NB308 [invalid-cell-id]'))
      ).toHaveLength(1);
    }
    expect(out).toContain('findings.ipynb:cell 4:1:1: NB501');
    expect(out).toContain('databricks.py:8:1: NB605');
    expect(out).not.toContain('plain.py');
    expect(out + err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(out).not.toMatch(/r-kernel\.ipynb/); // an R notebook lints clean (no Python rules apply)
  });

  it('--fix applies safe fixes atomically and leaves other files byte-identical', async () => {
    const before = new Map(
      readdirSync(dir)
        .filter(f => f.endsWith('.ipynb'))
        .map(f => [f, readFileSync(path.join(dir, f), 'utf8')])
    );
    const badBefore = readFileSync(path.join(dir, 'bad', 'not-json.ipynb'));
    const { code, out } = await run(['lint', '--fix', '.']);
    expect(code).toBe(2); // the bad/ files are still unreadable
    // the f-string, !pip -> %pip, and percent.py's unused `import os`
    expect(out).toContain('Fixed 3 problems.');
    expect(readFileSync(path.join(dir, 'findings.ipynb'), 'utf8')).toBe(
      before
        .get('findings.ipynb')!
        .replace('print(f\\"done\\")', 'print(\\"done\\")')
    );
    expect(readFileSync(path.join(dir, 'clean.ipynb'), 'utf8')).toBe(
      before.get('clean.ipynb')
    );
    expect(readFileSync(path.join(dir, 'percent.py'), 'utf8')).toContain(
      '%pip install requests'
    );
    expect(readFileSync(path.join(dir, 'percent.py'), 'utf8')).not.toContain(
      'import os'
    );
    expect(readFileSync(path.join(dir, 'bad', 'not-json.ipynb'))).toEqual(
      badBefore
    );
    expect(readdirSync(dir).filter(f => f.includes('.tmp'))).toEqual([]);
  });

  it('--format json/sarif to --output-file, --quiet and --max-warnings', async () => {
    const j = await run([
      'lint',
      'findings.ipynb',
      '--format',
      'json',
      '--output-file',
      'out.json'
    ]);
    expect(j.out).toBe('');
    const parsed = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(
      parsed[0].messages.map((m: { ruleCode: string }) => m.ruleCode)
    ).toContain('NB501');
    const s = await run(['lint', 'findings.ipynb', '--format', 'sarif']);
    expect(JSON.parse(s.out).runs[0].results.length).toBeGreaterThan(0);
    // findings.ipynb has only warnings
    expect((await run(['lint', 'findings.ipynb', '--quiet'])).code).toBe(0);
    expect(
      (await run(['lint', 'findings.ipynb', '--max-warnings', '100'])).code
    ).toBe(0);
    const over = await run(['lint', 'findings.ipynb', '--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.err).toContain('exceed --max-warnings 1');
  });

  it('reads nbcraft.json / pyproject.toml upwards and reports config errors with file and key (exit 2)', async () => {
    writeFileSync(
      path.join(dir, 'nbcraft.json'),
      JSON.stringify({
        // NB512: the temp folder is in no git repository, and findings.ipynb logs runs
        rules: {
          NB110: 'off',
          NB501: 'off',
          NB502: 'off',
          NB207: 'off',
          NB512: 'off'
        }
      })
    );
    expect((await run(['lint', 'findings.ipynb'])).code).toBe(0);
    mkdirSync(path.join(dir, 'sub'));
    cpSync(path.join(dir, 'findings.ipynb'), path.join(dir, 'sub', 'x.ipynb'));
    writeFileSync(
      path.join(dir, 'sub', 'pyproject.toml'),
      '[tool.nbcraft]\nextends = "none"\n[tool.nbcraft.rules]\nNB110 = "error"\n'
    );
    const sub = await run(['lint', 'sub/x.ipynb']);
    expect(sub.code).toBe(1);
    expect(sub.out).toContain('NB110');
    expect(sub.out).not.toContain('NB501');
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ rules: { NB999: 'warn' } })
    );
    const bad = await run(['lint', 'clean.ipynb', '--config', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'nbcraft: config error: bad.json: rules.NB999: unknown rule "NB999"; run `nbcraft rules` to list codes and ids\n'
    );
    writeFileSync(
      path.join(dir, 'nbcraft.json'),
      JSON.stringify({ ignore: ['findings.ipynb'] })
    );
    expect(
      (await run(['lint', 'findings.ipynb', 'clean.ipynb'])).out
    ).not.toContain('findings.ipynb');
  });

  it('respects .gitignore for folders and globs', async () => {
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.gitignore'), 'bad/\nfindings.ipynb\n');
    const r = await run(['lint', '.']);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('findings.ipynb');
    expect(r.out).not.toContain('bad/');
    expect(r.out).toContain('databricks.py');
    const g = await run(['lint', '**/*.ipynb']);
    expect(g.out).not.toContain('findings.ipynb');
  });

  it('usage errors exit 2', async () => {
    expect((await run(['lint', '--format', 'xml', '.'])).code).toBe(2);
    expect((await run(['lint', '--nope'])).code).toBe(2);
    expect((await run(['lint', 'missing.ipynb'])).err).toContain(
      'no such file or folder: missing.ipynb'
    );
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['lint', '--max-warnings', '-3', '.'])).code).toBe(2);
  });
});

describe('nbcraft lint --cache', () => {
  const json = (out: string) =>
    JSON.parse(out) as {
      filePath: string;
      messages: { ruleCode: string; message: string }[];
    }[];

  it('a second run gives the same results from the cache file', async () => {
    const first = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'findings.ipynb',
      'percent.py'
    ]);
    expect(first.code).toBe(1);
    const cacheFile = path.join(dir, '.nbcraft-cache');
    expect(existsSync(cacheFile)).toBe(true);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      entries: Record<string, unknown>;
    };
    expect(Object.keys(stored.entries).sort()).toEqual(
      [path.join(dir, 'findings.ipynb'), path.join(dir, 'percent.py')].sort()
    );
    const second = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'findings.ipynb',
      'percent.py'
    ]);
    expect(second.code).toBe(1);
    expect(json(second.out)).toEqual(json(first.out));
    expect(second.err).toBe('');
  });

  it('uses a cached result only while the file, its config and nbcraft are unchanged', async () => {
    await run(['lint', '--cache', '--format', 'json', 'findings.ipynb']);
    const cacheFile = path.join(dir, '.nbcraft-cache');
    // mark the stored result, so that a reused result is told apart from a fresh lint
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      entries: Record<string, { result: { findings: { message: string }[] } }>;
    };
    const entry = stored.entries[path.join(dir, 'findings.ipynb')];
    entry.result.findings[0].message = 'FROM THE CACHE';
    writeFileSync(cacheFile, JSON.stringify(stored));
    const reused = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'findings.ipynb'
    ]);
    expect(reused.out).toContain('FROM THE CACHE');
    // the same run without --cache lints
    expect(
      (await run(['lint', '--format', 'json', 'findings.ipynb'])).out
    ).not.toContain('FROM THE CACHE');
    // another config: linted again
    writeFileSync(
      path.join(dir, 'nbcraft.json'),
      JSON.stringify({ extends: 'strict' })
    );
    const otherConfig = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'findings.ipynb'
    ]);
    expect(otherConfig.out).not.toContain('FROM THE CACHE');
    rmSync(path.join(dir, 'nbcraft.json'));
    // an edited file: linted again, and its new finding is there
    writeFileSync(cacheFile, JSON.stringify(stored));
    const nb = JSON.parse(
      readFileSync(path.join(dir, 'findings.ipynb'), 'utf8')
    ) as {
      cells: { cell_type: string; source: string[] }[];
    };
    nb.cells.push({
      cell_type: 'code',
      source: ['print(never_defined_anywhere)'],
      execution_count: null,
      metadata: {},
      outputs: [],
      id: 'added'
    } as never);
    writeFileSync(
      path.join(dir, 'findings.ipynb'),
      JSON.stringify(nb, null, 1)
    );
    const edited = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'findings.ipynb'
    ]);
    expect(edited.out).not.toContain('FROM THE CACHE');
    expect(edited.out).toContain('never_defined_anywhere');
  });

  it('a corrupt or foreign cache file is ignored and rewritten', async () => {
    const cacheFile = path.join(dir, 'lint.cache');
    writeFileSync(cacheFile, '{ not json');
    const r = await run([
      'lint',
      '--cache-location',
      'lint.cache',
      '--format',
      'json',
      'findings.ipynb'
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(json(r.out)[0].messages.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).format).toBe(
      'nbcraft-lint-cache/1'
    );
    writeFileSync(
      cacheFile,
      JSON.stringify({
        format: 'nbcraft-lint-cache/1',
        engine: 'another nbcraft',
        entries: {
          [path.join(dir, 'findings.ipynb')]: {
            key: 'x',
            result: { path: 'x', findings: [] }
          }
        }
      })
    );
    expect(
      json(
        (
          await run([
            'lint',
            '--cache-location',
            'lint.cache',
            '--format',
            'json',
            'findings.ipynb'
          ])
        ).out
      )[0].messages.length
    ).toBeGreaterThan(0);
  });

  it('an unwritable cache location is a warning; the lint result stands', async () => {
    mkdirSync(path.join(dir, 'a-folder'));
    const r = await run([
      'lint',
      '--cache-location',
      'a-folder',
      'findings.ipynb'
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot write the cache a-folder/);
    expect(r.out).toContain('findings.ipynb');
  });

  it('--fix with --cache fixes the files and caches nothing stale', async () => {
    const before = readFileSync(path.join(dir, 'percent.py'), 'utf8');
    await run(['lint', '--cache', 'percent.py']);
    const fixed = await run(['lint', '--cache', '--fix', 'percent.py']);
    expect(fixed.code).not.toBe(2);
    const after = readFileSync(path.join(dir, 'percent.py'), 'utf8');
    expect(after).not.toBe(before);
    // the next cached run judges the fixed text, not the result of the text before the fix
    const next = await run([
      'lint',
      '--cache',
      '--format',
      'json',
      'percent.py'
    ]);
    const direct = await run(['lint', '--format', 'json', 'percent.py']);
    expect(json(next.out)).toEqual(json(direct.out));
  });
});

describe('dispatch and hooks', () => {
  it('dispatches promote to src/cli/promote (owned by the promote engineer)', async () => {
    const r = await run(['promote']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('not part of this build');
  });

  it('.pre-commit-hooks.yaml declares nbcraft-lint on notebooks', () => {
    const hooks = readFileSync(
      path.join(pkgRoot, '..', '.pre-commit-hooks.yaml'),
      'utf8'
    );
    expect(hooks).toMatch(/^- id: nbcraft-lint$/m);
    expect(hooks).toMatch(/^ {2}entry: npx --no-install nbcraft lint$/m);
    expect(hooks).toMatch(/^ {2}files: \\\.\(ipynb\|py\)\$$/m);
    expect(hooks).toMatch(/^ {2}language: (node|system)$/m);
  });
});

describe('nbcraft rules', () => {
  it('lists the rules as text and JSON', async () => {
    const j = await run(['rules', '--format', 'json']);
    const rules = JSON.parse(j.out);
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(rules[0]).toEqual(
      expect.objectContaining({
        code: 'NB101',
        id: 'non-linear-execution',
        category: 'reproducibility',
        fixable: false,
        docsUrl: expect.stringContaining('non-linear-execution.md')
      })
    );
    expect(Object.keys(rules[0]).slice(0, 6)).toEqual([
      'code',
      'id',
      'category',
      'description',
      'fixable',
      'docsUrl'
    ]);
    expect((await run(['rules'])).out).toMatch(
      /^NB101 {2}non-linear-execution/
    );
  });
});

describe('the real binary', () => {
  const bin = path.join(pkgRoot, 'bin', 'nbcraft.js');
  const built = existsSync(path.join(pkgRoot, 'lib', 'cli', 'main.js'));
  (built ? it : it.skip)(
    'runs lint in parallel worker threads over many files with the same results',
    () => {
      for (let i = 0; i < 12; i++) {
        cpSync(
          path.join(dir, 'findings.ipynb'),
          path.join(dir, `copy_${String(i).padStart(2, '0')}.ipynb`)
        );
      }
      const env = { ...process.env, NBCRAFT_THREADS: '4' };
      const p = spawnSync(
        process.execPath,
        [bin, 'lint', '--format', 'json', '.'],
        { cwd: dir, encoding: 'utf8', env }
      );
      expect(p.status).toBe(2);
      const results = JSON.parse(p.stdout);
      const copies = results.filter((r: { filePath: string }) =>
        r.filePath.startsWith('copy_')
      );
      expect(copies).toHaveLength(12);
      const one = results.find(
        (r: { filePath: string }) => r.filePath === 'findings.ipynb'
      );
      for (const c of copies) {
        expect(c.messages.map((m: { ruleCode: string }) => m.ruleCode)).toEqual(
          one.messages.map((m: { ruleCode: string }) => m.ruleCode)
        );
      }
      expect(p.stderr).toBe('');
    }
  );

  const rootBin = path.join(pkgRoot, '..', 'node_modules', '.bin', 'nbcraft');
  (built && existsSync(rootBin) ? it : it.skip)(
    'node_modules/.bin/nbcraft works from the repository root',
    () => {
      const p = spawnSync(rootBin, ['rules', '--format', 'json'], {
        cwd: path.join(pkgRoot, '..'),
        encoding: 'utf8'
      });
      expect(p.status).toBe(0);
      expect(JSON.parse(p.stdout).length).toBeGreaterThanOrEqual(35);
    }
  );

  // each corpus folder's bad-input (the shipped one always, the shared one when present)
  describe.each(corpusDirs().map(corpus => [corpus]))('corpus %s', corpus => {
    const badInput = path.join(corpus, 'bad-input');
    (built ? it : it.skip)(
      'bad-input: a clean result or one located error per file, nothing written',
      () => {
        const copy = path.join(dir, 'corpus-bad');
        cpSync(badInput, copy, { recursive: true });
        const files: string[] = [];
        const walk = (d: string) => {
          for (const n of readdirSync(d)) {
            if (statSync(path.join(d, n)).isDirectory()) {
              walk(path.join(d, n));
            } else {
              files.push(path.join(d, n));
            }
          }
        };
        walk(copy);
        const before = new Map(files.map(f => [f, readFileSync(f)]));
        const p = spawnSync(
          process.execPath,
          [bin, 'lint', '--fix', '--format', 'json', 'corpus-bad'],
          {
            cwd: dir,
            encoding: 'utf8',
            env: { ...process.env, NBCRAFT_THREADS: '1' }
          }
        );
        expect(p.status).toBe(2);
        expect(p.stderr).toBe('');
        const results = JSON.parse(p.stdout);
        expect(results.length).toBe(
          files.filter(f => f.endsWith('.ipynb')).length
        );
        for (const r of results) {
          if (r.error) {
            expect(r.error.message.length).toBeGreaterThan(10);
            expect(r.error.line).toBeGreaterThanOrEqual(1);
            expect(r.messages).toEqual([]);
            expect(readFileSync(path.join(dir, r.filePath))).toEqual(
              before.get(path.join(dir, r.filePath))
            );
          }
        }
        const unreadable = results
          .filter((r: { error?: unknown }) => r.error)
          .map((r: { filePath: string }) => path.basename(r.filePath))
          .sort();
        if (isShippedCorpus(corpus)) {
          // test/corpus/SOURCES.md: the two cases that are not notebooks; the other three read
          expect(unreadable).toEqual(['not_json.ipynb', 'wrong_schema.ipynb']);
        } else {
          expect(results.length - unreadable.length).toBeGreaterThan(5);
        }
        expect(p.stdout).not.toMatch(/\s+at .*\(.*:\d+:\d+\)/);
      }
    );
  });
});
