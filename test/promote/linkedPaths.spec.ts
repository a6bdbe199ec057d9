/**
 * The lab's promote against a real jupyter_server whose root is a real git repository with
 * symbolic links planted in the project (as a pull request can): the module, the test file
 * or a pytest config file linked to a git hook. Contents' save follows a link (jupyter_server's
 * `atomic_writing` writes to its target), so the preview must refuse, with the server's
 * reason, and whatever the dialog would then accept must leave the hook as it was. Before the
 * route refused links, the preview read the hook as the existing module and the accept
 * appended the function to it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ContentsManager } from '@jupyterlab/services';
import { planPromotion } from '@nbcraft/lint-rules';
import { JupyterServer } from '@jupyterlab/testing';

import { FolderReader } from '../../src/core/folderReader';
import {
  existingPathAsker,
  plannedFileReader
} from '../../src/promote/plannedFiles';
import { executeWrites } from '../../src/promote/writePlan';
import { buildPreview, writesFor } from '../../src/promote/session';
import { featPreviewInputs, startPromoteServer } from './promoteServer';

const server = new JupyterServer();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-links-'));
let contents: ContentsManager;

beforeAll(async () => {
  execFileSync('git', ['init', '-q', root]);
  await startPromoteServer(server, root);
  contents = new ContentsManager();
}, 120_000);

afterAll(async () => {
  contents.dispose();
  await server.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

const HOOK = '.git/hooks/pre-commit';
// valid Python and valid TOML: the planner and the pytest config edit take it as it is
const HOOK_TEXT = '#!/usr/bin/env python3\n# checks the commit\n';

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

beforeEach(() => {
  fs.rmSync(path.join(root, 'proj'), { recursive: true, force: true });
  write('proj/nb.ipynb', '{}');
  write(HOOK, HOOK_TEXT);
  fs.rmSync(path.join(root, '.git/hooks/pkg'), {
    recursive: true,
    force: true
  });
});

/**
 * The preview of promoting `x = 1; y = x + 1` to proj/src/pkg/feat.py, and, when it lets the
 * user accept, the dialog's accept: what the preview refused with, or null.
 */
async function previewAndAccept(): Promise<string | null> {
  const reader = new FolderReader(contents, { existingPath: 'proj/nb.ipynb' });
  const read = plannedFileReader(
    reader,
    contents,
    existingPathAsker(contents.serverSettings)
  );
  let state;
  try {
    state = await buildPreview(featPreviewInputs(), planPromotion, read);
  } catch (error) {
    return String(error);
  }
  if (!state.canAccept) {
    return JSON.stringify(state.result);
  }
  const { plan, initFolders } = writesFor(state);
  await executeWrites(contents, plan, initFolders, 'proj/nb.ipynb');
  return null;
}

describe('the preview refuses a path through a symbolic link', () => {
  it.each([
    // what the test links, where the link leads, the path the preview refuses
    ['proj/src/pkg/feat.py', HOOK, 'proj/src/pkg/feat.py'],
    ['proj/tests/test_feat.py', HOOK, 'proj/tests/test_feat.py'],
    // the module's folder leads into .git/hooks: feat.py would be written there
    ['proj/src', '.git/hooks', 'proj/src/pkg/feat.py'],
    // pytest's config file, where the preview adds pythonpath
    ['proj/pyproject.toml', HOOK, 'proj/pyproject.toml'],
    // a hook that is not there yet: listed, the read failed with the server's own path
    ['proj/src/pkg/feat.py', '.git/hooks/post-merge', 'proj/src/pkg/feat.py']
  ])('%s linked to %s', async (linked, target, refusedPath) => {
    fs.mkdirSync(path.join(root, '.git/hooks/pkg'), { recursive: true });
    const at = path.join(root, linked);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(
      path.relative(path.dirname(at), path.join(root, target)),
      at
    );
    const refused = await previewAndAccept();
    expect(fs.readFileSync(path.join(root, HOOK), 'utf-8')).toBe(HOOK_TEXT);
    expect(fs.readdirSync(path.join(root, '.git/hooks/pkg'))).toEqual([]);
    expect(fs.existsSync(path.join(root, '.git/hooks/post-merge'))).toBe(false);
    expect(refused).toContain(
      `Promote will not write ${refusedPath} (${linked} is a symbolic link to ${target}: promote writes nothing through a symbolic link, as Jupyter would write where it leads; replace the link with the file or folder itself)`
    );
  });
  it('promotes as before where no link is on the way', async () => {
    expect(await previewAndAccept()).toBeNull();
    expect(
      fs.readFileSync(path.join(root, 'proj/src/pkg/feat.py'), 'utf-8')
    ).toMatch(/^def /m);
  });
});
