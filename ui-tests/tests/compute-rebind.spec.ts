import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { trustProjectConfig } from './helpers/trust';

/**
 * Switching to a Spark Connect target from a Python kernel of the same environment rebinds
 * `spark` inside the running kernel: Python variables survive, and DataFrame work runs on a
 * real Spark Connect server (from the venv's pip pyspark, Java 17+) on loopback.
 */
test.use({ autoGoto: true });

const repo = path.resolve(__dirname, '../..');
const python = path.join(repo, '.venv/bin/python');
const SPARK_PORT = 18611;

function javaMajor(): number | null {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  // Without java, spawnSync gives null outputs at run time; join() turns them into ''.
  const match = /version "(?:1\.)?(\d+)/.exec(
    [out.stderr, out.stdout].join('')
  );
  return match ? Number(match[1]) : null;
}

function sparkHome(): string | null {
  const out = spawnSync(
    python,
    [
      '-c',
      'import pyspark, os, grpc, zstandard; print(os.path.dirname(pyspark.__file__))'
    ],
    {
      encoding: 'utf8'
    }
  );
  return out.status === 0 ? out.stdout.trim() : null;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

let server: ChildProcess | null = null;

test.afterAll(() => {
  // The JVM is a child of spark-submit: stop the whole process group we started.
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

async function kernelName(
  page: IJupyterLabPageFixture
): Promise<string | null> {
  return page.evaluate(() => {
    const app = (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              sessionContext?: { session?: { kernel?: { name: string } } };
            } | null;
          };
        };
      }
    ).jupyterapp;
    return (
      app.shell.currentWidget?.sessionContext?.session?.kernel?.name ?? null
    );
  });
}

test('rebind Spark in the running kernel, keeping Python variables', async ({
  page
}) => {
  test.setTimeout(300000);
  const major = javaMajor();
  const home = sparkHome();
  test.skip(
    major === null || major < 17,
    'Spark Connect needs Java 17+: apt-get install -y openjdk-17-jre-headless'
  );
  test.skip(
    home === null,
    "the Spark Connect client is missing: pip install 'pyspark[connect]>=4,<5'"
  );

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-ui-spark-'));
  const log = fs.openSync(path.join(work, 'spark-connect.log'), 'w');
  server = spawn(
    path.join(home!, 'bin', 'spark-submit'),
    [
      '--class',
      'org.apache.spark.sql.connect.service.SparkConnectServer',
      '--master',
      'local[1]',
      '--conf',
      `spark.connect.grpc.binding.port=${SPARK_PORT}`,
      '--conf',
      'spark.connect.grpc.binding.address=127.0.0.1',
      '--conf',
      'spark.driver.host=127.0.0.1',
      '--conf',
      'spark.driver.bindAddress=127.0.0.1',
      '--conf',
      'spark.ui.enabled=false',
      '--conf',
      `spark.sql.warehouse.dir=${path.join(work, 'warehouse')}`,
      '--driver-java-options',
      `-Dderby.system.home=${work}`
    ],
    {
      cwd: work,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        SPARK_HOME: home!,
        SPARK_LOCAL_IP: '127.0.0.1',
        PYSPARK_PYTHON: python
      }
    }
  );

  // Meanwhile: a notebook with state in a plain Python kernel of the same environment.
  const config = {
    compute: {
      targets: [
        {
          name: 'spark-live',
          kind: 'spark-connect',
          url: `sc://127.0.0.1:${SPARK_PORT}`,
          // The target's client environment is this venv, whose python3 kernelspec the
          // notebook runs: the server then plans a rebind, not a kernel change.
          python: path.join(repo, '.venv')
        }
      ]
    }
  };
  const configFile = path.join(work, 'nbcraft.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  await page.contents.uploadFile(configFile, 'nbcraft.json');
  await trustProjectConfig(page); // the user's own test project: its target may act
  // python3 is the venv's own kernelspec: the same environment as the target's client
  // (generated nbcraft-* specs of earlier runs may exist in the user's data dir).
  await page.notebook.createNew('rebind-demo.ipynb', { kernel: 'python3' });
  await page.notebook.setCell(0, 'code', 'a = 41');
  await page.notebook.addCell(
    'code',
    'print(a + 1, spark.range(1000).count())'
  );
  await page.notebook.runCell(0);
  const before = await kernelName(page);

  await expect
    .poll(() => portOpen(SPARK_PORT), { timeout: 240000, intervals: [1000] })
    .toBe(true);

  await page
    .locator('.jp-NotebookPanel-toolbar .jp-nbcraft-compute-button')
    .click();
  const dialog = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Switch compute' });
  const target = dialog.locator(
    '.jp-nbcraft-compute-target[data-target="spark-live"]'
  );
  await expect(target.locator('.jp-nbcraft-compute-state')).toHaveText(
    'reachable'
  );
  await target.locator('input[type="radio"]').check();
  await dialog.locator('.jp-mod-accept').click();

  // No confirmation about lost state: the kernel stays, `spark` is rebound inside it.
  await expect(
    page.locator('.jp-NotebookPanel-toolbar .jp-nbcraft-compute-button')
  ).toHaveText('Compute: spark-live', {
    timeout: 120000
  });
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  expect(await kernelName(page)).toBe(before);
  await page.screenshot({ path: '../docs/screenshots/compute-rebound.png' });

  await page.notebook.runCell(1);
  await expect
    .poll(
      async () => (await page.notebook.getCellTextOutput(1))?.join('') ?? '',
      { timeout: 120000 }
    )
    .toContain('42 1000');
});
