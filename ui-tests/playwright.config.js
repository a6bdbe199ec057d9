/**
 * Galata/Playwright configuration: Debian's Chromium (never a downloaded
 * browser) against a real JupyterLab server started from this folder.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const chromiumLaunchOptions = require('./chromium');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// The embedded MLflow server keeps its password in Jupyter's runtime folder; JupyterLab and
// the tests (which seed runs with bench/tracking-seed.py, signing in with it) share one.
process.env.JUPYTER_RUNTIME_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), 'nbcraft-ui-runtime-')
);

// The server's root (start-server.sh makes it), known here so a test can write into it what
// the contents API will not (a hidden file, as git or an editor would).
process.env.NBCRAFT_UI_ROOT ??= fs.mkdtempSync(
  path.join(os.tmpdir(), 'nbcraft-ui-')
);

const port = process.env.NBCRAFT_UI_PORT || '8888';
const baseURL = `http://127.0.0.1:${port}`;

module.exports = {
  ...baseConfig,
  reporter: [['list']],
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 120000,
  expect: { timeout: 20000 },
  use: {
    ...baseConfig.use,
    baseURL,
    video: 'off',
    trace: 'off',
    launchOptions: chromiumLaunchOptions
  },
  webServer: {
    command: 'bash ./start-server.sh',
    url: `${baseURL}/lab`,
    timeout: 180 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
