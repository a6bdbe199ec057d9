// cd lint-rules && [PYTHON=…] node bench/notebook-code-compare.js
// How long NB511's "is this notebook changed in code?" takes on both sides: the CLI's
// sameNotebookCode (lib/cli/notebookCode.js) and the lab's same_notebook_code
// (nbcraft/provenance/notebook_code.py, with the repository's .venv python), on a notebook of
// 40,000 cells, one cell of 100 KB / 1 MB / 8 MB, and one nested 10,000 levels deep in an
// output (JSON.parse / json.loads: linear, or a clear refusal). The working copy differs in
// outputs only, so every cell is compared. Prints ms per shape.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { sameNotebookCode } = require('../lib/cli/notebookCode');

const python =
  process.env.PYTHON ||
  path.join(__dirname, '..', '..', '.venv', 'bin', 'python');
const code = (source, outputs = []) => ({
  cell_type: 'code',
  execution_count: outputs.length ? 1 : null,
  metadata: {},
  outputs,
  source
});
const nb = cells =>
  JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const out = [{ output_type: 'stream', name: 'stdout', text: ['ok\n'] }];
let deep = 'null';
for (let i = 0; i < 10000; i++) deep = `[${deep}]`;

const shapes = {
  '40,000 cells': n =>
    Array.from({ length: 40000 }, (_, i) =>
      code(`x${i} = ${i}\n`, n ? out : [])
    ),
  'one 100 KB cell': n => [
    code('a = 1 # ' + 'x'.repeat(100_000), n ? out : [])
  ],
  'one 1 MB cell': n => [code('a = 1 # ' + 'x'.repeat(1 << 20), n ? out : [])],
  'one 8 MB cell': n => [code('a = 1 # ' + 'x'.repeat(8 << 20), n ? out : [])]
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-nbcode-bench-'));
try {
  const cases = Object.entries(shapes).map(([name, make]) => [
    name,
    nb(make(false)),
    nb(make(true))
  ]);
  const deepText = nb([
    code('a = 1', [
      {
        output_type: 'execute_result',
        data: JSON.parse('{"x": 1}'),
        metadata: {},
        execution_count: 1
      }
    ])
  ]).replace('"x":1', `"x":${deep}`);
  cases.push([
    'nested 10,000 deep in an output',
    nb([code('a = 1')]),
    deepText
  ]);
  for (const [name, a, b] of cases) {
    const fa = path.join(dir, 'a.ipynb');
    const fb = path.join(dir, 'b.ipynb');
    fs.writeFileSync(fa, a);
    fs.writeFileSync(fb, b);
    const t0 = process.hrtime.bigint();
    const same = sameNotebookCode(a, b);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const py = spawnSync(
      python,
      [
        '-c',
        'import sys,time; from nbcraft.provenance.notebook_code import same_notebook_code as s\n' +
          'a=open(sys.argv[1],"rb").read(); b=open(sys.argv[2],"rb").read()\n' +
          't=time.perf_counter(); r=s(a,b); print(r, round((time.perf_counter()-t)*1000,1))',
        fa,
        fb
      ],
      {
        cwd: path.join(__dirname, '..', '..'),
        encoding: 'utf8',
        timeout: 60000
      }
    );
    console.log(
      `${name} (${(b.length / 1024).toFixed(0)} KB): CLI ${ms.toFixed(1)} ms (same: ${same}); lab ${py.stdout.trim() || py.stderr.trim().split('\n').pop()} ms`
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
