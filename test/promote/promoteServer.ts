/**
 * What the specs that drive promote against a real jupyter_server share: the server started
 * on a root of their own with nbcraft's routes, and the preview they ask for.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { JupyterServer } from '@jupyterlab/testing';

import {
  notebookFromModel,
  type PreviewInputs
} from '../../src/promote/session';
import { freePort } from '../freePort';

/**
 * Starts `server` on `root` (loopback, a free port) with nbcraft's server extension, whose
 * `promote/existing` the preview asks, and `configData` added (ContentsManager options).
 */
export async function startPromoteServer(
  server: JupyterServer,
  root: string,
  configData: Record<string, unknown> = {}
): Promise<void> {
  await server.start({
    configData: {
      ServerApp: {
        root_dir: root,
        ip: 'localhost', // loopback; the helper reads the URL it prints
        port: await freePort(),
        port_retries: 0,
        allow_root: true, // CI runs as root
        jpserver_extensions: { nbcraft: true }
      },
      NbcraftTracking: { embedded: false },
      ...configData
    }
  });
}

/** Promoting `x = 1; y = x + 1` from proj/nb.ipynb to proj/src/pkg/feat.py, tests in proj/tests. */
export function featPreviewInputs(): PreviewInputs {
  return {
    notebook: notebookFromModel('proj/nb.ipynb', {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'c0',
          metadata: {},
          execution_count: null,
          outputs: [],
          source: 'x = 1\ny = x + 1'
        }
      ]
    }),
    cells: [0],
    root: 'proj',
    modulePath: 'src/pkg/feat.py',
    testsDir: 'tests',
    onConflict: 'fail'
  };
}

/**
 * Every file and folder of the project `proj` under `root`, relative to it, but the
 * checkpoint folders jupyter_server makes beside what it renames or deletes
 * (`rename_all_checkpoints`, `delete_all_checkpoints`: see the top of writePlan.ts).
 */
export function projectTree(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter(
      // nbcraft's own state (.nbcraft/jobs.db) is not the project's
      entry => entry.startsWith('proj') && !entry.includes('.ipynb_checkpoints')
    )
    .sort();
}

/** Writes `text` at `relative` under `root`, making its folders. */
export function writeUnder(root: string, relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}
