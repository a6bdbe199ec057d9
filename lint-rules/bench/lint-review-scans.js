#!/usr/bin/env node
'use strict';
/**
 * How long a lint takes on the hostile inputs an attack review of session 18's rule exemptions
 * found quadratic (each grew about 4x per doubling):
 *   - the reader's NB602 evidence: one `try:` over K `sc = SparkContext(conf)` lines in a
 *     re-saved Databricks export (a walk up from each constructor; every rule off);
 *   - NB510: K `mlflow.log_metric('mK', i)` in one loop (each call read every later statement);
 *   - NB104: K `print(vI)` then K `vI = 1` in one cell (each unresolved read scanned every ref);
 *   - NB501: K cells `r = mlflow.start_run()` then K cells `with z:` (every run against every
 *     `with`);
 *   - future imports: K `from __future__ import annotations` lines (each walked back over all
 *     the earlier statements; every rule off);
 *   - K cells that each give an NB107 finding (placing each finding in the file);
 *   - NB603: K `%pip` + restart sections, each below read (one segment-tree query per restart; s20);
 *   - NB106 in a Synapse notebook: K assigned paths, each read by Spark on a line of its own
 *     (each path scanned every line of the notebook; session 20); and K `~` folders the notebook
 *     makes (`!mkdir -p ~/dK`) then K paths in them (a set lookup per path);
 *   - NB405: one curl -vL trace of K redirects to presigned URLs, each requested below its
 *     `< location:` line (the redirects of an output are read once; session 20).
 *   - (s20) K Typer commands in one cell with a 100 KB comment (whether the cell names `typer`);
 *   - (s20) NB201's None blanks and `from <FILL_IN>` blanks, K lines each in one cell.
 *   - (s21) one long word or URL of K x 12.5 characters (25/50/100 KB at the default sizes):
 *     a requirement word after `%pip install` (NB105's URL search), a GitLab archive URL of
 *     `/-/archive/` segments, a URL ending in quotes (NB105's trims), `/` runs in a `~` folder a
 *     mkdir line makes (NB106) and in a `%cd` argument (NB110): each was a `[...]+$` or an
 *     unanchored `X+...$` pattern tried from every character (quadratic).
 *   - (s22) an archive ref of K x 12.5 characters of version parts (`1.rc1.rc...x`): NB105's
 *     release-version pattern over a ref that fails only at its last character.
 *
 *   node bench/lint-review-scans.js [--lib DIR] [--only TEXT] [K ...]   default lib, 2000 4000 8000
 * --only runs the cases whose label holds TEXT (`--only KB` the long words).
 * Compare with an older build: --lib DIR (a copy of an older `lib` inside lint-rules/, so that
 * it finds node_modules). Not a test; prints numbers. Build first: cd lint-rules &&
 * ../node_modules/.bin/tsc -b tsconfig.json
 */
const { codeCell: code, timeLint, libFromArgs } = require('./notebook-text');

const args = process.argv.slice(2);
const { lib, libDir } = libFromArgs(args);
const onlyAt = args.indexOf('--only');
const onlyText = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : '';
// `strict` with every rule off (then one back on): the reader and the analysis still run
const off = Object.fromEntries(lib.allRules.map(r => [r.meta.code, 'off']));
const noRule = lib.resolveConfig({ extends: 'strict', rules: off });
const only = codeOf =>
  lib.resolveConfig({ extends: 'strict', rules: { ...off, [codeOf]: 'warn' } });

const notebook = (cells, metadata = {}) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', language: 'python' },
      ...metadata
    },
    cells: cells.map((cell, i) => ({ id: `c${i}`, ...cell }))
  });
const lines = (k, line) =>
  Array.from({ length: k }, (_, i) => line(i)).join('');

/** K x 12.5 characters: 25, 50 and 100 KB at the default sizes */
const kb = k => Math.round(k * 12.5);

const cases = {
  // review of s20 (P2, P3, P4): long words and runs read by unanchored end patterns
  '{kb} KB requirement word after %pip install (NB105 alone)': k => [
    notebook([code('%pip install ' + 'a'.repeat(kb(k)))]),
    only('NB105')
  ],
  '{kb} KB GitLab archive URL of /-/archive/ segments (NB105 alone)': k => [
    notebook([
      code(
        '%pip install https://example.com' +
          '/-/archive/'.repeat(Math.round(kb(k) / 11)) +
          '/'
      )
    ]),
    only('NB105')
  ],
  // s22: an archive ref read as a release version (numbers, dots and pre/post/dev parts)
  '{kb} KB archive ref of version parts and rc (NB105 alone)': k => [
    notebook([
      code(
        '%pip install https://github.com/o/r/archive/v' +
          '1.rc'.repeat(Math.round(kb(k) / 4)) +
          'x.zip'
      )
    ]),
    only('NB105')
  ],
  '{kb} KB of quotes ending a URL (NB105 alone)': k => [
    notebook([code('%pip install https://x/' + `'"`.repeat(kb(k) / 2) + 'a')]),
    only('NB105')
  ],
  '{kb} KB of / in a ~ folder a mkdir line makes (NB106 alone)': k => [
    notebook([
      code('!mkdir -p ~/' + '/'.repeat(kb(k)) + 'a'),
      code('x = "~/data/x.csv"')
    ]),
    only('NB106')
  ],
  '{kb} KB of / in a %cd argument (NB110 alone)': k => [
    notebook([code('%cd a' + '/'.repeat(kb(k)) + 'b\n%cd ..')]),
    only('NB110')
  ],
  // review of s20 (D1): each restart walked every cell below it (40k cells: 225 s)
  '{k} sections of %pip + restartPython() then a read of cell 1 (NB603 alone)':
    k => [
      notebook([
        code('x = 1'),
        ...Array.from({ length: k }, (_, i) => [
          code('%pip install pandas\ndbutils.library.restartPython()'),
          code(`y${i} = x`)
        ]).flat()
      ]),
      only('NB603')
    ],
  'try: over {k} SparkContext(conf) (reader, every rule off)': k => [
    notebook(
      [
        code(
          'try:\n' +
            '    sc = SparkContext(conf)\n'.repeat(k) +
            'except Exception:\n    sc = SparkContext.getOrCreate()'
        )
      ],
      { name: 'course', notebookId: 123 }
    ),
    noRule
  ],
  '{k} log_metric in one loop (NB510 alone)': k => [
    notebook([
      code(
        'import mlflow\nwith mlflow.start_run():\n  for i in range(3):\n' +
          lines(k, i => `    mlflow.log_metric('m${i}', i)\n`)
      )
    ]),
    only('NB510')
  ],
  '{k} reads then {k} bindings in one cell (NB104 alone)': k => [
    notebook([
      code(lines(k, i => `print(v${i})\n`) + lines(k, i => `v${i} = 1\n`))
    ]),
    only('NB104')
  ],
  '{k} bound start_run cells then {k} `with z:` cells (NB501 alone)': k => [
    notebook([
      code('import mlflow'),
      ...Array.from({ length: k }, () => code('r = mlflow.start_run()')),
      ...Array.from({ length: k }, () => code('with z:\n  pass'))
    ]),
    only('NB501')
  ],
  '{k} future imports in one cell (every rule off)': k => [
    notebook([code('from __future__ import annotations\n'.repeat(k))]),
    noRule
  ],
  // s20: a Typer command's annotations are evaluated in a cell that names `typer` (searched
  // once per cell, not once per decorator)
  '{k} Typer commands under the future import in one 100 KB cell (NB104 alone)':
    k => [
      notebook([
        code('from __future__ import annotations\nimport typer'),
        code(
          'app = typer.Typer()\n' +
            lines(
              k,
              i => `@app.command()\ndef c${i}(x: T${i % 7}):\n    pass\n`
            ) +
            `# ${'y'.repeat(100000)}`
        )
      ]),
      only('NB104')
    ],
  // s20: deeplearning.ai's None blanks and `from <FILL_IN>` blanks in one never-run cell that
  // does not parse (each line read once)
  '{k} None blank lines and {k} `from <FILL_IN>` lines in one cell (NB201 alone)':
    k => [
      notebook([
        code(
          '### START CODE HERE ###\n' +
            'def None():\n    None = None\n'.repeat(k) +
            'from <FILL_IN>\n'.repeat(k) +
            ' '.repeat(k) +
            'from <FILL_IN>\n'
        )
      ]),
      only('NB201')
    ],
  '{k} cells with an NB107 finding each (NB107 alone)': k => [
    notebook([
      code(
        'import numpy as np\nfrom sklearn.model_selection import train_test_split'
      ),
      ...Array.from({ length: k }, (_, i) =>
        code(`a${i}, b${i} = train_test_split(X)`)
      )
    ]),
    only('NB107')
  ],
  '{k} assigned paths Spark reads, Synapse (NB106 alone)': k => [
    notebook(
      [
        code(
          lines(k, i => `p${i} = '/data/in/f${i}.csv'\n`) +
            lines(k, i => `d${i} = spark.read.csv(p${i})\n`)
        )
      ],
      { kernel_info: { name: 'synapse_pyspark' } }
    ),
    only('NB106')
  ],
  '{k} `~` folders made, then {k} paths in them (NB106 alone)': k => [
    notebook([
      code(lines(k, i => `!mkdir -p ~/data/d${i}\n`)),
      code(lines(k, i => `p${i} = '~/data/d${i}/x.csv'\n`))
    ]),
    only('NB106')
  ],
  'one curl -vL trace of {k} redirects to presigned URLs (NB405 alone)': k => {
    const url = i =>
      `/b/o${i}?X-Amz-Credential=AKIA${String(i).padStart(16, '0')}%2F20220301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab`;
    const trace = lines(
      k,
      i =>
        `< location: https://s3.example.org${url(i)}\n* Issue another request to this URL: 'https://s3.example.org${url(i)}'\n> GET ${url(i)} HTTP/2\n`
    );
    return [
      notebook([
        code('!curl -vL $SRC', 1, [
          { output_type: 'stream', name: 'stderr', text: trace }
        ])
      ]),
      only('NB405')
    ];
  }
};
const sizes = args.map(Number);
console.log(`lib: ${libDir}`);
for (const [label, make] of Object.entries(cases)) {
  if (!label.includes(onlyText)) continue;
  for (const k of sizes.length ? sizes : [2000, 4000, 8000]) {
    const [text, config] = make(k);
    const { ms, codes } = timeLint(lib, text, config);
    const named = label
      .replaceAll('{k}', k.toLocaleString('en'))
      .replaceAll('{kb}', String(Math.round(kb(k) / 1000)));
    console.log(`${named}: ${ms.toFixed(0)} ms (${codes.length} findings)`);
  }
}
