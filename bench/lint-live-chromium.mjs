// Re-lint after one keystroke in a 200-cell notebook, in Debian's Chromium against a real
// JupyterLab with nbcraft: types into cell 101 one key at a time (waiting past the debounce),
// and reads the performance measures the lint session records:
//   nbcraft-lint-main-thread  main-thread cost per lint (read the model, post changed cells)
//   nbcraft-lint-total        from the start of the lint to the report
//   nbcraft-lint-worker       post to report, recorded only for reports made in the Web Worker
// Run: node bench/lint-live-chromium.mjs   (after `jlpm build`; port NBCRAFT_BENCH_PORT or 18510)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'package.json'));
const { chromium } = require('playwright-core');
const chromiumLaunchOptions = require('./ui-tests/chromium.js');
const port = Number(process.env.NBCRAFT_BENCH_PORT || 18510);
const root = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-bench-chromium-'));

const CELLS = 200;
const cells = [];
for (let i = 0; i < CELLS; i++) {
  const source =
    i === 0
      ? 'import numpy as np\nimport pandas as pd\nv0 = 1'
      : [
          `def step_${i}(frame, factor=${i}):`,
          `    """Scale column ${i}."""`,
          `    result = frame * factor + v${i - 1}`,
          '    return result',
          '',
          `v${i} = step_${i}(np.arange(10)).sum()`,
          `table_${i} = pd.DataFrame({"a": [v${i}], "b": [${i}]})`,
          `print(f"cell {v${i}}")`
        ].join('\n');
  cells.push({
    cell_type: 'code',
    id: `c${i}`,
    metadata: {},
    execution_count: i + 1,
    outputs: [],
    source
  });
}
writeFileSync(
  path.join(root, 'bench.ipynb'),
  JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'python3',
          language: 'python',
          display_name: 'Python 3'
        }
      },
      cells
    },
    null,
    1
  )
);

const server = spawn(
  path.join(repo, '.venv/bin/jupyter'),
  [
    'lab',
    '--no-browser',
    '--allow-root',
    `--port=${port}`,
    '--ServerApp.port_retries=0',
    '--ip=127.0.0.1',
    '--IdentityProvider.token=',
    '--ServerApp.password=',
    '--ServerApp.disable_check_xsrf=True',
    `--ServerApp.root_dir=${root}`,
    '--LabApp.news_url=None',
    '--LabApp.expose_app_in_browser=True',
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] }
);
const ready = new Promise((resolve, reject) => {
  server.stderr.on('data', d => {
    if (String(d).includes('is running at')) resolve();
  });
  server.on('exit', code =>
    reject(new Error(`jupyter lab exited with ${code}`))
  );
});

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.95)];
};

let browser;
try {
  await ready;
  browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 }
  });
  if (process.env.NBCRAFT_BENCH_DEBUG) {
    page.on('console', m => console.error(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', e => console.error(`pageerror: ${e.message}`));
  }
  await page.goto(`http://127.0.0.1:${port}/lab/tree/bench.ipynb?reset`);
  await page.waitForSelector('.jp-nbcraft-lint-status:has-text("nbcraft")', {
    timeout: 60000
  });
  await page.evaluate(() => performance.clearMeasures());
  // cell 101: scroll to it and put the cursor at the end of its last line
  await page.evaluate(async () => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = 100;
    await nb.scrollToCell(nb.widgets[100]);
    nb.mode = 'edit';
    // the notebook is windowed: the cell's editor exists once it is shown
    for (let i = 0; i < 100 && !nb.widgets[100].editor; i++) {
      await new Promise(r => setTimeout(r, 50));
    }
    const editor = nb.widgets[100].editor;
    const lines = nb.widgets[100].model.sharedModel.getSource().split('\n');
    editor.setCursorPosition({
      line: lines.length - 1,
      column: lines[lines.length - 1].length
    });
    editor.focus();
  });
  const KEYS = 30;
  const keyLatency = [];
  for (let k = 0; k < KEYS; k++) {
    const t0 = Date.now();
    await page.keyboard.type(k % 2 ? ' ' : '#');
    keyLatency.push(Date.now() - t0);
    // past the 300 ms debounce, plus the lint itself
    await page.waitForTimeout(600);
  }
  const measures = await page.evaluate(() =>
    Object.fromEntries(
      [
        'nbcraft-lint-main-thread',
        'nbcraft-lint-total',
        'nbcraft-lint-worker'
      ].map(name => [
        name,
        performance.getEntriesByName(name).map(e => e.duration)
      ])
    )
  );
  const main = measures['nbcraft-lint-main-thread'];
  const total = measures['nbcraft-lint-total'];
  console.log(
    `lint-live (Chromium ${browser.version()}): ${CELLS} code cells, ${KEYS} keystrokes, ${total.length} re-lints`
  );
  console.log(
    `  main thread per re-lint: median ${median(main).toFixed(2)} ms, p95 ${p95(main).toFixed(2)} ms (target < 16 ms)`
  );
  console.log(
    `  start of lint to report: median ${median(total).toFixed(2)} ms, p95 ${p95(total).toFixed(2)} ms`
  );
  const inWorker = measures['nbcraft-lint-worker'];
  console.log(
    `  made in the Web Worker: ${inWorker.length} of ${total.length} reports (post to report: median ${inWorker.length ? median(inWorker).toFixed(2) : '-'} ms)`
  );
  console.log(
    `  page.keyboard.type round trip (Playwright + lab): median ${median(keyLatency)} ms`
  );
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}
