/**
 * bench/precision.js end to end on the lint fixtures, with the built library (lib/, which the
 * test run's set-up builds): `sample` writes each rule's population, `score` and `rescore` print
 * the population-weighted estimate from it, and say why not when a population is missing; a
 * corpus judged twice counts once; rescore stops on a judged notebook it cannot read.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

const pkgRoot = path.join(__dirname, '..', '..');
const script = path.join(pkgRoot, 'bench', 'precision.js');
const corpus = path.join(pkgRoot, 'test', 'fixtures', 'lint');

function run(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    cwd: pkgRoot
  });
}

function precision(...args: string[]): string {
  const r = run(...args);
  if (r.status !== 0) {
    throw new Error(`precision.js ${args.join(' ')}: ${r.stderr}`);
  }
  return r.stdout;
}

/** the sheet with a verdict filled in on every row: FP for `fpRule`, TP for the rest */
function judge(sheet: string, fpRule: string): string {
  const lines = sheet.split('\n');
  const head = lines.findIndex(l => l.startsWith('id\t'));
  const col = lines[head].split('\t').indexOf('verdict');
  return lines
    .map((l, i) => {
      if (i <= head || !l) {
        return l;
      }
      const cells = l.split('\t');
      cells[col] = cells[1].startsWith(`${fpRule} `) ? 'FP' : 'TP';
      return cells.join('\t');
    })
    .join('\n');
}

describe('precision.js names the notebooks it could not read', () => {
  it('sample counts only what it read and lists each file left out, with why, on stderr', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbcraft-precision-skip-'));
    try {
      const nbs = path.join(dir, 'nbs');
      cpSync(path.join(corpus, 'clean.ipynb'), path.join(nbs, 'clean.ipynb'));
      writeFileSync(
        path.join(nbs, 'old.ipynb'),
        JSON.stringify({
          nbformat: 3,
          nbformat_minor: 0,
          metadata: {},
          worksheets: [{ cells: [] }]
        })
      );
      writeFileSync(path.join(nbs, 'broken.ipynb'), '{"cells": [');
      const r = run(
        'sample',
        nbs,
        '--seed',
        '1',
        '--out',
        path.join(dir, 's.tsv')
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^1 notebooks, /m);
      expect(r.stderr).toMatch(/^2 file\(s\) under .* not read, left out:$/m);
      expect(r.stderr).toMatch(
        /old\.ipynb: nbformat 3 notebooks are not supported/
      );
      expect(r.stderr).toMatch(/broken\.ipynb: /);
      expect(r.stderr).not.toMatch(/clean\.ipynb/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('precision.js tells two findings of one line apart', () => {
  // two SAS tokens printed in one output: NB403 reports both at the cell's first line with one
  // message; only where the file holds each (the sheet's `at`) tells the judged rows apart
  const sas = (n: number) =>
    `https://acct${n}.blob.core.windows.net/logs/run.txt?sv=2019-02-02&sr=b&sig=Ab${n}cdEFGH1234abcdEFGH1234abcdEFGH1234abcd%3D&st=2020-01-01T00%3A00%3A00Z&se=2030-01-01T00%3A00%3A00Z&sp=r`;
  const notebook = (first: string) =>
    JSON.stringify(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { id: 'a1', cell_type: 'markdown', metadata: {}, source: ['# Logs'] },
          {
            id: 'a2',
            cell_type: 'code',
            metadata: {},
            execution_count: 1,
            source: ['print(details)'],
            outputs: [
              {
                output_type: 'stream',
                name: 'stdout',
                text: [`${first}\n`, `${sas(2)}\n`]
              }
            ]
          }
        ]
      },
      null,
      1
    );

  it('rescore keeps the row whose finding is still there, by its place in the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbcraft-precision-at-'));
    try {
      const nbs = path.join(dir, 'nbs');
      cpSync(path.join(corpus, 'clean.ipynb'), path.join(nbs, 'clean.ipynb'));
      writeFileSync(path.join(nbs, 'logs.ipynb'), notebook(sas(1)));
      const sheetFile = path.join(dir, 'sheet.tsv');
      precision(
        'sample',
        nbs,
        '--seed',
        '1',
        '--per-rule',
        '6',
        '--out',
        sheetFile
      );
      const lines = readFileSync(sheetFile, 'utf8').split('\n');
      const head = lines.findIndex(l => l.startsWith('id\t'));
      const cols = lines[head].split('\t');
      const [at, verdict] = [cols.indexOf('at'), cols.indexOf('verdict')];
      const sasRows = lines.filter(l => l.split('\t')[1]?.startsWith('NB403 '));
      expect(sasRows.map(l => l.split('\t')[at]).sort()).toEqual([
        expect.stringMatching(/^out@\d+:\d+$/),
        expect.stringMatching(/^out@\d+:\d+$/)
      ]);
      const [firstAt] = sasRows.map(l => l.split('\t')[at]).sort();
      // the first token judged FP, every other row TP
      const judged = lines.map((l, i) => {
        if (i <= head || !l) return l;
        const cells = l.split('\t');
        cells[verdict] =
          cells[at] === firstAt && cells[1].startsWith('NB403 ') ? 'FP' : 'TP';
        return cells.join('\t');
      });
      writeFileSync(sheetFile, judged.join('\n'));
      // the first token gone, its line kept: the second stays where it was in the file
      writeFileSync(path.join(nbs, 'logs.ipynb'), notebook('no token here'));
      const out = precision('rescore', sheetFile, nbs);
      expect(out).toMatch(/^ *dropped TP: 0$/m);
      expect(out).toMatch(/^ *dropped FP: 1$/m);
      expect(out).toMatch(/NB403 azure-sas-token +1 +1 +0 +0 +100%/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('precision.js population lines and the weighted estimate', () => {
  let dir: string;
  let sheet: string;
  let printed: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nbcraft-precision-'));
    printed = precision(
      'sample',
      corpus,
      '--seed',
      '1',
      '--per-rule',
      '1',
      '--out',
      path.join(dir, 'sheet.tsv')
    );
    sheet = readFileSync(path.join(dir, 'sheet.tsv'), 'utf8');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sample writes its corpus, then one population line per rule, before the header, as it prints the counts', () => {
    const lines = sheet.split('\n');
    const head = lines.findIndex(l => l.startsWith('id\t'));
    expect(lines[0]).toBe(`# corpus ${corpus}`);
    const populations = lines.slice(1, head);
    expect(populations.length).toBeGreaterThan(2);
    for (const l of populations) {
      expect(l).toMatch(/^# population NB\d{3} \d+$/);
    }
    const counts = [
      ...printed.matchAll(/^ {2}(NB\d{3}) {2}(\d+) findings$/gm)
    ].map(m => `# population ${m[1]} ${m[2]}`);
    expect(populations).toEqual(counts);
    expect(lines.slice(head + 1).some(l => l.startsWith('#'))).toBe(false);
  });

  it('score weights each rule by its population, reading comment lines anywhere', () => {
    // a rule with 2 findings and 1 drawn row, judged FP, weighs 2 of N in the weighted estimate
    const populations = new Map(
      [...sheet.matchAll(/^# population (NB\d{3}) (\d+)$/gm)].map(m => [
        m[1],
        Number(m[2])
      ])
    );
    const heavy = [...populations].find(([, n]) => n >= 2);
    expect(heavy).toBeDefined();
    const [fpRule, fpPopulation] = heavy ?? ['', 0];
    const total = [...populations.values()].reduce((a, b) => a + b, 0);
    const judged = judge(sheet, fpRule).split('\n');
    // a comment between the rows: still skipped
    judged.splice(judged.length - 2, 0, '# a note between rows');
    const file = path.join(dir, 'judged.tsv');
    writeFileSync(file, judged.join('\n'));
    const out = precision('score', file);
    const rows = populations.size;
    expect(out).toContain(
      `overall: ${rows - 1}/${rows} true positives = ${(((rows - 1) / rows) * 100).toFixed(1)}%`
    );
    const weighted = (1 - fpPopulation / total) * 100;
    expect(out).toMatch(/^population-weighted estimate: each \(file, rule\)/m);
    expect(out).toContain(
      `  every rule: ${weighted.toFixed(1)}% from the judged proportions`
    );
    expect(out).toContain(`${rows} strata, ${total} findings`);
    expect(out).toMatch(/^ {2}recommended rules only: /m);
    expect(out).not.toContain('warning: the corpus');

    // rescore: populations from linting the fixtures again, marked as not independent
    const again = precision('rescore', file, corpus);
    expect(again).toMatch(
      /^population-weighted estimate \(populations: every notebook of each DIR linted with the rules as built now; NOT independent/m
    );
    expect(again).toContain(
      `  every rule: ${weighted.toFixed(1)}% from the judged proportions`
    );
  });

  it('score says why there is no weighted estimate when a population is missing', () => {
    const [, code] = /^# population (NB\d{3}) \d+$/m.exec(sheet) ?? [];
    const file = path.join(dir, 'missing.tsv');
    writeFileSync(
      file,
      judge(sheet, 'none').replace(
        new RegExp(`^# population ${code} \\d+\\n`, 'm'),
        ''
      )
    );
    const out = precision('score', file);
    expect(out).toContain(
      `population-weighted estimate: none; judged rules without a "# population" line: ${file}: ${code}`
    );
    expect(out).not.toContain('every rule:');

    const bare = path.join(dir, 'bare.tsv');
    writeFileSync(
      bare,
      judge(sheet, 'none').replace(/^# population .*\n/gm, '')
    );
    const whole = path.join(dir, 'whole.tsv');
    writeFileSync(whole, judge(sheet, 'none'));
    const pooled = precision('score', whole, bare);
    expect(pooled).toContain(`none; no "# population" lines in ${bare}`);
    expect(pooled).not.toContain('every rule:');
  });

  it('counts a corpus judged in two sheets (or a DIR given twice) once, and says so', () => {
    const populations = [...sheet.matchAll(/^# population (NB\d{3}) (\d+)$/gm)];
    const [, fpRule, fpPopulation] =
      populations.find(m => Number(m[2]) >= 2) ?? [];
    const total = populations.reduce((n, m) => n + Number(m[2]), 0);
    const rows = populations.length;
    const a = path.join(dir, 'twice-a.tsv');
    const b = path.join(dir, 'twice-b.tsv');
    writeFileSync(a, judge(sheet, fpRule));
    writeFileSync(b, judge(sheet, 'none'));
    // the corpus once, half its weight on each sheet: fpRule is wrong in one of the two
    const weighted = (1 - Number(fpPopulation) / total / 2) * 100;
    for (const out of [
      precision('score', a, b),
      precision('rescore', a, corpus, b, corpus)
    ]) {
      expect(out).toContain(
        `warning: the corpus ${corpus} is judged in 2 sheets (${a}, ${b}): its findings count once`
      );
      expect(out).toContain(
        `  every rule: ${weighted.toFixed(1)}% from the judged proportions`
      );
      expect(out).toContain(`${2 * rows} strata, ${total} findings`);
    }
  });

  it('rescore stops, naming the file, when a judged notebook is missing or unreadable under DIR', () => {
    const file = path.join(dir, 'judged-all.tsv');
    writeFileSync(file, judge(sheet, 'none'));
    const judgedFiles = [
      ...new Set(
        judge(sheet, 'none')
          .split('\n')
          .filter(l => /^\d+\t/.test(l))
          .map(l => l.split('\t')[2])
      )
    ];
    // a wrong folder: every judged notebook missing, none reported as "no longer produced"
    const empty = mkdtempSync(path.join(tmpdir(), 'nbcraft-precision-empty-'));
    try {
      const r = run('rescore', file, empty);
      expect(r.status).toBe(2);
      for (const rel of judgedFiles)
        expect(r.stderr).toContain(
          `${rel}: judged notebook not found or unreadable under ${empty}`
        );
      expect(r.stdout).not.toContain('no longer produced');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const nowhere = path.join(dir, 'nowhere');
    const gone = run('rescore', file, nowhere);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain(`${nowhere}: not a folder`);
    // one judged notebook no longer parses
    const copy = path.join(dir, 'corpus-copy');
    cpSync(corpus, copy, { recursive: true });
    const broken = judgedFiles.find(rel => rel.endsWith('.ipynb')) ?? '';
    writeFileSync(path.join(copy, broken), '{ not json');
    const r = run('rescore', file, copy);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `${broken}: judged notebook not found or unreadable under ${copy}`
    );
    expect(r.stderr.match(/judged notebook not found/g)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('rescore lets one finding answer for one judged row: a finding judged twice keeps one row', () => {
    // round 7's NB403: a build log printing each SAS token three times was sampled twice for
    // one token; the rule reports it once, so one of the two rows is no longer produced
    const lines = judge(sheet, 'none').split('\n');
    const at = lines.findIndex(l => /^\d+\t/.test(l));
    const cols = lines[at - 1].split('\t');
    const copy = lines[at].split('\t');
    copy[0] = '9999';
    copy[cols.indexOf('verdict')] = 'debatable';
    const file = path.join(dir, 'judged-twice.tsv');
    writeFileSync(
      file,
      [...lines.slice(0, at + 1), copy.join('\t'), ...lines.slice(at + 1)].join(
        '\n'
      )
    );
    const judged = lines.filter(l => /^\d+\t/.test(l)).length + 1;
    const out = precision('rescore', file, corpus);
    expect(out).toContain(
      `rescored against the rules as built now: 1 of ${judged} judged findings are no longer produced`
    );
    expect(out).not.toContain('!! dropped TP');
    expect(out).toContain(
      `    ${copy[1]}  ${copy[2]}  cell ${copy[3]} line ${copy[4]}`
    );
  });
});

describe('precision.js review sheet: the lines as they are', () => {
  it('keeps runs of spaces in the context and the message, shows a tab as ⇥, and still rescores the row', () => {
    // round 16, row 186: `# COMMAND  ----------` (two spaces) showed as the well-formed marker
    const dir = mkdtempSync(path.join(tmpdir(), 'nbcraft-sheet-'));
    try {
      const nbDir = path.join(dir, 'corpus');
      cpSync(path.join(corpus, 'databricks.py'), path.join(nbDir, 'seed.py'));
      writeFileSync(
        path.join(nbDir, 'db.py'),
        '# Databricks notebook source\nimport os\n\n# COMMAND  ----------\nx = [\t1,   2]\nprint(os, x)\n'
      );
      const sheetFile = path.join(dir, 'sheet.tsv');
      precision(
        'sample',
        nbDir,
        '--seed',
        '1',
        '--per-rule',
        '50',
        '--out',
        sheetFile
      );
      const sheetLines = readFileSync(sheetFile, 'utf8').split('\n');
      const cols = sheetLines.find(l => l.startsWith('id\t'))!.split('\t');
      const rows = sheetLines
        .filter(l => /^\d+\t/.test(l))
        .map(l => l.split('\t'));
      // every row has the header's fields: no tab or line break of the source leaked in
      expect(cols).toHaveLength(10);
      expect(rows.every(r => r.length === cols.length)).toBe(true);
      const marker = rows.find(
        r => r[1].startsWith('NB605 ') && r[2] === 'db.py'
      );
      expect(marker?.[cols.indexOf('message')]).toContain(
        '"# COMMAND  ----------"'
      );
      expect(marker?.[cols.indexOf('context')]).toBe(
        ' ⏎ # COMMAND  ---------- ⏎ x = [⇥1,   2]'
      );
      // a row judged on a sheet of before (blanks collapsed in its message) is still the finding
      const judged = readFileSync(sheetFile, 'utf8')
        .split('\n')
        .map(l =>
          /^\d+\t/.test(l)
            ? l
                .split('\t')
                .map((c, i) =>
                  i === cols.indexOf('verdict')
                    ? 'TP'
                    : i === cols.indexOf('message')
                      ? c.replace(/ +/g, ' ')
                      : c
                )
                .join('\t')
            : l
        )
        .join('\n');
      writeFileSync(sheetFile, judged);
      expect(precision('rescore', sheetFile, nbDir)).not.toContain(
        '!! dropped TP'
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
