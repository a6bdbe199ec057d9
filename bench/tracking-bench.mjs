#!/usr/bin/env node
/**
 * Tracking sidebar benchmark (prints numbers; not a test).
 *
 *   node bench/tracking-bench.mjs [--iterations 5] [--runs 10000] [--steps 100000] [--port 18420]
 *     [--think-ms 500]
 *
 * Starts a real JupyterLab with nbcraft (ui-tests/start-server.sh, fresh root, so its
 * embedded `mlflow server` has a new SQLite store), seeds it with bench/tracking-seed.py
 * (10,000 runs, one metric with 100,000 steps, straight into the SQLite store), then in
 * Debian's Chromium measures, per fresh page:
 *   - open the sidebar -> first rows drawn (the runs are fetched on first show);
 *   - the `loss` chart of the long run opened cold: nothing about it fetched before in this
 *     page (the nbcraft:tracking-compare command -> the server samples 100,000 steps ->
 *     drawn), with the bulk-interval request's own duration (resource timing) and MLflow
 *     answering the same request directly (no proxy, no browser) for reference;
 *   - in another fresh page, the same chart opened from the run's details: selecting the run
 *     starts the request (prefetch on select); the chart button is clicked --think-ms
 *     (default 500) after the details show it, and click -> drawn is the wait left;
 *   - in that page, the chart the previous page drew cold, opened again: the page has
 *     nothing of it, nbcraft's proxy answers from its series cache (same runs state);
 *   - the same chart from the details once min/max are shown (full history read: drawing);
 *   - JS heap used (CDP, after a GC and before it) once all of that is on screen.
 * Prints the medians, with the targets: first rows < 500 ms, chart < 200 ms, heap < 150 MB.
 * Every page charts runs that no page has charted before (the seed gives the 2 x iterations
 * newest runs the 100,000-step metric), so "cold" and "after select" never meet nbcraft's
 * proxy cache; SQLite's and the OS's page caches stay warm, as on any server in use.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import chromiumLaunchOptions from '../ui-tests/chromium.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const iterations = Number(arg('iterations', '5'));
const runs = Number(arg('runs', '10000'));
const steps = Number(arg('steps', '100000'));
const port = Number(arg('port', '18420'));
const base = `http://127.0.0.1:${port}`;
// How long the "select, then chart" user looks at the details before clicking the chart.
const thinkMs = Number(arg('think-ms', '500'));

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitFor(url, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = `${response.status}`;
      if (response.ok) {
        const body = await response.text();
        last = body.slice(0, 200);
        if (check(body)) {
          return body;
        }
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${url}: ${last}`);
}

/** A fresh JupyterLab page, once nbcraft has chosen the bench experiment. */
async function openLab(context) {
  const page = await context.newPage();
  await page.goto(`${base}/lab?reset`);
  await page.waitForSelector('#jupyterlab-splash', {
    state: 'detached',
    timeout: 120_000
  });
  // The experiment is chosen at start-up (the newest run's); the runs wait for the sidebar.
  await page.waitForFunction(
    () =>
      document
        .querySelector('.jp-nbcraft-tracking-statustext')
        ?.textContent?.includes('bench-bulk'),
    undefined,
    { timeout: 60_000 }
  );
  return page;
}

const root = mkdtempSync(path.join(tmpdir(), 'nbcraft-bench-'));
// The embedded server keeps its password in Jupyter's runtime folder: the server and the
// seed script (which signs in with it) share this one.
process.env.JUPYTER_RUNTIME_DIR ??= mkdtempSync(
  path.join(tmpdir(), 'nbcraft-bench-runtime-')
);
const server = spawn('bash', [path.join(repo, 'ui-tests', 'start-server.sh')], {
  env: { ...process.env, NBCRAFT_UI_PORT: String(port), NBCRAFT_UI_ROOT: root },
  stdio: ['ignore', 'ignore', 'ignore'],
  detached: true
});
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stopServer);
process.on('SIGINT', () => process.exit(130));

try {
  await waitFor(`${base}/lab`, () => true, 180_000);
  const status = JSON.parse(
    await waitFor(
      `${base}/nbcraft/mlflow/status`,
      b => JSON.parse(b).state === 'ready',
      180_000
    )
  );
  console.log(
    `tracking server: ${status.kind} ${status.uri} (mlflow ${status.version})`
  );

  const t0 = Date.now();
  const seedOut = execFileSync(
    path.join(repo, '.venv', 'bin', 'python'),
    [
      path.join(repo, 'bench', 'tracking-seed.py'),
      '--uri',
      status.uri,
      '--prefix',
      'bench',
      '--runs',
      '0',
      '--bulk-runs',
      String(runs),
      '--bulk-steps',
      String(steps),
      // Two never-charted long runs per page pair: one charted cold, one after select.
      '--bulk-long-runs',
      String(2 * iterations),
      '--db',
      path.join(root, '.nbcraft', 'mlflow.db')
    ],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'] }
  );
  const seeded = JSON.parse(seedOut.trim().split('\n').pop()).bulk;
  console.log(
    `seeded ${seeded.runs} runs, ${seeded.long_runs.length} of them with ${seeded.steps} steps of "loss", in ${((Date.now() - t0) / 1000).toFixed(1)} s (SQLite insert ${seeded.insert_seconds} s)`
  );

  const browser = await chromium.launch(chromiumLaunchOptions);
  const results = {
    request: [],
    firstRows: [],
    chartCold: [],
    chartColdRequest: [],
    chartColdMlflow: [],
    chartColdDraw: [],
    chartColdServer: [],
    selectDetails: [],
    chartSelected: [],
    chartReopened: [],
    chartWarm: [],
    chartWarmDraw: [],
    heapAfterGc: [],
    heapBeforeGc: [],
    domRows: []
  };
  for (let i = 0; i < iterations; i++) {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 }
    });
    const page = await openLab(context);
    // Runs whose history no page and no cache has sampled yet (see the seed).
    const coldRun = seeded.long_runs[2 * i];
    const selectRun = seeded.long_runs[2 * i + 1];

    // 0. For reference: the bare runs/search request the sidebar makes (50 runs, through
    // nbcraft's proxy), so the server's share of "first rows" is visible.
    const experimentId = seeded.experiment;
    results.request.push(
      await page.evaluate(async id => {
        const xsrf = /(?:^|;\s*)_xsrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
        const start = performance.now();
        const response = await fetch(
          '/nbcraft/mlflow/api/2.0/mlflow/runs/search',
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-XSRFToken': decodeURIComponent(xsrf)
            },
            body: JSON.stringify({
              experiment_ids: [id],
              max_results: 50,
              order_by: ['attributes.start_time DESC']
            })
          }
        );
        await response.json();
        return performance.now() - start;
      }, experimentId)
    );

    // 1. Open the sidebar -> first rows drawn.
    results.firstRows.push(
      await page.evaluate(
        () =>
          new Promise(resolve => {
            const start = performance.now();
            window.jupyterapp.shell.activateById('nbcraft-tracking-sidebar');
            const check = () => {
              if (
                document.querySelector(
                  '#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row'
                )
              ) {
                // One more frame: the rows are painted, not only in the DOM.
                requestAnimationFrame(() => resolve(performance.now() - start));
              } else {
                requestAnimationFrame(check);
              }
            };
            check();
          })
      )
    );

    // Scroll 2,000 rows down: pages load as needed, the DOM keeps only the visible rows.
    await page.evaluate(async () => {
      const scroller = document.querySelector(
        '#nbcraft-tracking-sidebar .jp-nbcraft-tracking-scroller'
      );
      for (let k = 0; k < 40; k++) {
        scroller.scrollTop += 50 * 26;
        await new Promise(r => setTimeout(r, 50));
      }
    });
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row'
        ).length > 0 &&
        !document
          .querySelector('#nbcraft-tracking-sidebar .jp-nbcraft-tracking-count')
          .textContent.startsWith('Loading'),
      undefined,
      { timeout: 60_000 }
    );
    results.domRows.push(
      await page
        .locator('#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row')
        .count()
    );
    await page.evaluate(() => {
      document.querySelector(
        '#nbcraft-tracking-sidebar .jp-nbcraft-tracking-scroller'
      ).scrollTop = 0;
    });

    // 2. The loss chart of the long run, cold: bulk-interval request (server) + drawing.
    const cold = await page.evaluate(
      runId =>
        new Promise(resolve => {
          const start = performance.now();
          void window.jupyterapp.commands.execute('nbcraft:tracking-compare', {
            runIds: [runId],
            metric: 'loss'
          });
          const check = () => {
            const chart = document.querySelector(
              '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"][data-state="drawn"]'
            );
            if (chart) {
              requestAnimationFrame(() =>
                resolve({
                  total: performance.now() - start,
                  // The request itself (started before the view was laid out).
                  request: performance
                    .getEntriesByType('resource')
                    .filter(e => e.name.includes('get-history-bulk-interval'))
                    .map(e => e.responseEnd - e.startTime)
                    .pop(),
                  draw: Number(chart.dataset.drawMs),
                  source: chart.dataset.source,
                  server: chart.dataset.seriesServer
                })
              );
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        }),
      coldRun
    );
    results.chartCold.push(cold.total);
    results.chartColdRequest.push(cold.request ?? NaN);
    results.chartColdDraw.push(cold.draw);
    results.chartColdServer.push(cold.server || cold.source);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('application:close-all')
    );
    // For reference: MLflow answering the same request directly (no proxy, no browser).
    const direct = performance.now();
    const directReply = await fetch(
      `${status.uri}/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=${coldRun}&metric_key=loss&max_results=320`
    );
    await directReply.json();
    results.chartColdMlflow.push(performance.now() - direct);

    // 3. From the run's details: min/max read the full history; the chart reuses it.
    await page
      .locator(
        `#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row[data-run-id="${coldRun}"] .jp-nbcraft-tracking-name`
      )
      .click();
    await page.waitForFunction(
      () => {
        const cell = document.querySelector(
          '#nbcraft-tracking-sidebar tr[data-metric="loss"] [data-stat="min"]'
        );
        return cell && cell.textContent !== '…';
      },
      undefined,
      { timeout: 120_000 }
    );
    const warm = await page.evaluate(
      () =>
        new Promise(resolve => {
          const start = performance.now();
          document
            .querySelector(
              '#nbcraft-tracking-sidebar tr[data-metric="loss"] .jp-nbcraft-tracking-chartbtn'
            )
            .click();
          const check = () => {
            const chart = document.querySelector(
              '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"][data-state="drawn"]'
            );
            if (chart) {
              requestAnimationFrame(() =>
                resolve({
                  total: performance.now() - start,
                  draw: Number(chart.dataset.drawMs),
                  source: chart.dataset.source,
                  server: chart.dataset.seriesServer
                })
              );
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        })
    );
    results.chartWarm.push(warm.total);
    results.chartWarmDraw.push(warm.draw);
    if (i === 0) {
      console.log(
        `chart data from: cold ${cold.source} (answered by ${cold.server || '-'}); after min/max ${warm.source}`
      );
    }

    // 4. Heap with the sidebar (10,000-run experiment, ~2,000 rows loaded), details and chart open.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find(
        m => m.name === 'JSHeapUsedSize'
      ).value /
      1024 /
      1024;
    results.heapBeforeGc.push(await heap());
    await cdp.send('HeapProfiler.collectGarbage');
    results.heapAfterGc.push(await heap());
    await context.close();

    // 5. In another fresh page (so nothing about the chart was fetched before): select the
    // run, which opens its details and starts its long metrics' chart requests; click the
    // loss chart `thinkMs` after the details show it (a quick user), measure click -> drawn.
    const selectContext = await browser.newContext({
      viewport: { width: 1440, height: 900 }
    });
    const selectPage = await openLab(selectContext);
    await selectPage.evaluate(() =>
      window.jupyterapp.shell.activateById('nbcraft-tracking-sidebar')
    );
    await selectPage.waitForSelector(
      `#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row[data-run-id="${selectRun}"]`
    );
    const selected = await selectPage.evaluate(
      ({ runId, thinkMs }) =>
        new Promise(resolve => {
          const start = performance.now();
          document
            .querySelector(
              `#nbcraft-tracking-sidebar .jp-nbcraft-tracking-row[data-run-id="${runId}"] .jp-nbcraft-tracking-name`
            )
            .click();
          let shown = 0;
          let clicked = 0;
          const check = () => {
            const button = document.querySelector(
              '#nbcraft-tracking-sidebar tr[data-metric="loss"] .jp-nbcraft-tracking-chartbtn'
            );
            if (!shown && button) {
              shown = performance.now();
              setTimeout(() => {
                clicked = performance.now();
                button.click();
              }, thinkMs);
            }
            const chart = document.querySelector(
              '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"][data-state="drawn"]'
            );
            if (clicked && chart) {
              requestAnimationFrame(() =>
                resolve({
                  details: shown - start,
                  chart: performance.now() - clicked,
                  source: chart.dataset.source,
                  server: chart.dataset.seriesServer
                })
              );
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        }),
      { runId: selectRun, thinkMs }
    );
    results.selectDetails.push(selected.details);
    results.chartSelected.push(selected.chart);
    await selectPage.evaluate(() =>
      window.jupyterapp.commands.execute('application:close-all')
    );

    // 6. Same fresh page: the chart the previous page drew cold, opened again. This page
    // has nothing of it; nbcraft's proxy answers from its series cache (same runs state).
    const reopened = await selectPage.evaluate(
      runId =>
        new Promise(resolve => {
          const start = performance.now();
          void window.jupyterapp.commands.execute('nbcraft:tracking-compare', {
            runIds: [runId],
            metric: 'loss'
          });
          const check = () => {
            const chart = document.querySelector(
              '.jp-nbcraft-tracking-compare .jp-nbcraft-tracking-chart[data-metric="loss"][data-state="drawn"]'
            );
            if (chart) {
              requestAnimationFrame(() => resolve(performance.now() - start));
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        }),
      coldRun
    );
    results.chartReopened.push(reopened);
    if (i === 0) {
      console.log(
        `chart data after select + ${thinkMs} ms: ${selected.source} (answered by ${selected.server || '-'})`
      );
    }
    await selectContext.close();
  }
  await browser.close();

  const fmt = (xs, unit) =>
    `${median(xs).toFixed(unit === 'MB' ? 1 : 0)} ${unit}  [${xs.map(x => x.toFixed(0)).join(', ')}]`;
  console.log(
    `\nmedians over ${iterations} fresh pages (${runs} runs, ${steps} steps), load average ${loadavg()
      .map(x => x.toFixed(1))
      .join(' ')}:`
  );
  console.log(
    `  sidebar open -> first rows drawn      ${fmt(results.firstRows, 'ms')}   target < 500 ms`
  );
  console.log(
    `    bare runs/search (50) via the proxy ${fmt(results.request, 'ms')}`
  );
  console.log(
    `  loss chart, cold: open -> drawn       ${fmt(results.chartCold, 'ms')}   target < 200 ms`
  );
  console.log(
    `    (nothing fetched before in the page; the server samples ${steps} steps)`
  );
  console.log(
    `    answered by (X-Nbcraft-Series-Source) ${results.chartColdServer.join(', ')}`
  );
  console.log(
    `    the bulk-interval request itself    ${fmt(results.chartColdRequest, 'ms')}`
  );
  console.log(
    `    MLflow alone, same request (direct) ${fmt(results.chartColdMlflow, 'ms')}`
  );
  console.log(
    `    of which drawing (uPlot)            ${fmt(results.chartColdDraw, 'ms')}`
  );
  console.log(
    `  select the run -> details shown       ${fmt(results.selectDetails, 'ms')}`
  );
  console.log(
    `  loss chart clicked ${thinkMs} ms later    ${fmt(results.chartSelected, 'ms')}   target < 200 ms`
  );
  console.log(
    `    (fresh page; click -> drawn; the request started when the run was selected)`
  );
  console.log(
    `  loss chart reopened in a new page     ${fmt(results.chartReopened, 'ms')}   target < 200 ms`
  );
  console.log(
    `    (drawn cold by the previous page; answered by nbcraft's proxy series cache)`
  );
  console.log(
    `  loss chart from details after min/max ${fmt(results.chartWarm, 'ms')}   target < 200 ms`
  );
  console.log(
    `    (full history already read for min/max: downsampled in the browser; of which drawing ${fmt(results.chartWarmDraw, 'ms')})`
  );
  console.log(
    `  JS heap used, after GC                ${fmt(results.heapAfterGc, 'MB')}   target < 150 MB`
  );
  console.log(
    `  JS heap used, before GC               ${fmt(results.heapBeforeGc, 'MB')}`
  );
  console.log(
    `  table rows in the DOM after scrolling 2,000 rows: ${fmt(results.domRows, 'rows')}`
  );
} finally {
  stopServer();
  await sleep(2000);
  rmSync(root, { recursive: true, force: true });
}
