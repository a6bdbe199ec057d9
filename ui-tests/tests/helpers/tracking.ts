import type { APIRequestContext } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..');
const python = path.join(repo, '.venv', 'bin', 'python');

/** The embedded tracking server's URI, once the status route says it is ready. */
export async function trackingUri(request: APIRequestContext): Promise<string> {
  const deadline = Date.now() + 150_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await request.get('/nbcraft/mlflow/status');
    const body = (await response.json()) as {
      uri: string;
      state: string;
      reachable: boolean;
    };
    last = JSON.stringify(body);
    if (body.reachable && body.state === 'ready') {
      return body.uri;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`tracking server not ready: ${last}`);
}

export interface ISeededRuns {
  small: {
    experiments: { main: string; other: string; empty: string };
    runs: number;
    long_run: string;
    history_runs: string[];
    /** the runs tagged as started from the seed's notebook (tagNotebookRuns moves them) */
    notebook_runs: string[];
  };
}

/**
 * Runs in the embedded server, written with the real mlflow client (bench/tracking-seed.py):
 * `<prefix>-main` gets 4 of every 5 runs, run-000/003/006 a `loss` history of `steps` steps,
 * and every third run is tagged as started from `notebook`.
 */
function seed(uri: string, args: string[]): string {
  return execFileSync(
    python,
    [path.join(repo, 'bench', 'tracking-seed.py'), '--uri', uri, ...args],
    { encoding: 'utf-8', env: { ...process.env, MLFLOW_TRACKING_URI: uri } }
  );
}

/**
 * The seeded runs `runIds` (ISeededRuns' `notebook_runs`) tagged as started from `notebook`:
 * a spec seeds its runs once, in beforeAll, and each test's notebook lives in Galata's
 * per-test `tmpPath`, known only in the test (or its beforeEach).
 */
export async function tagNotebookRuns(
  request: APIRequestContext,
  runIds: readonly string[],
  notebook: string
): Promise<void> {
  const uri = await trackingUri(request);
  seed(uri, ['--runs', '0', '--notebook', notebook, '--tag-runs', ...runIds]);
}

export async function seedRuns(
  request: APIRequestContext,
  options: { prefix: string; runs: number; steps: number; notebook: string }
): Promise<ISeededRuns> {
  const uri = await trackingUri(request);
  const out = seed(uri, [
    '--prefix',
    options.prefix,
    '--runs',
    String(options.runs),
    '--steps',
    String(options.steps),
    '--notebook',
    options.notebook
  ]);
  return JSON.parse(out.trim().split('\n').pop()!) as ISeededRuns;
}
