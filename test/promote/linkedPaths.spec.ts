/**
 * The lab's promote against a real jupyter_server whose root is a real git repository with
 * symbolic links planted in the project (as a pull request can): the module, the test file
 * or a pytest config file linked to a git hook. Contents' save follows a link (jupyter_server's
 * `atomic_writing` writes to its target), so the preview must refuse, with the server's
 * reason, and whatever the dialog would then accept must leave the hook as it was. Before the
 * route refused links, the preview read the hook as the existing module and the accept
 * appended the function to it. The accept asks again, remembering nothing: a link planted while
 * the dialog is open (a folder swapped for one by `git checkout` in a terminal) is refused
 * too; and a preview that cannot ask the server (a proxy's login page, a 500, no server
 * extension) refuses rather than writing through whatever is there.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ContentsManager, ServerConnection } from '@jupyterlab/services';
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
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-outside-'));
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
  fs.rmSync(outside, { recursive: true, force: true });
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
  fs.rmSync(outside, { recursive: true, force: true });
  fs.mkdirSync(outside);
});

/** The lab's accept: its own asker, which remembers nothing. */
function accept(
  state: Awaited<ReturnType<typeof buildPreview>>,
  notebook = 'proj/nb.ipynb'
) {
  const { plan, initFolders } = writesFor(state);
  return executeWrites(
    contents,
    plan,
    initFolders,
    notebook,
    undefined,
    existingPathAsker(contents.serverSettings, { remember: false })
  );
}

/** The preview as the dialog builds it, asking with `settings`. */
function preview(settings = contents.serverSettings) {
  const reader = new FolderReader(contents, { existingPath: 'proj/nb.ipynb' });
  const read = plannedFileReader(reader, contents, existingPathAsker(settings));
  return buildPreview(featPreviewInputs(), planPromotion, read);
}

/**
 * The preview of promoting `x = 1; y = x + 1` to proj/src/pkg/feat.py, and, when it lets the
 * user accept, the dialog's accept: what the preview refused with, or null.
 */
async function previewAndAccept(
  settings = contents.serverSettings
): Promise<string | null> {
  let state;
  try {
    state = await preview(settings);
  } catch (error) {
    return String(error);
  }
  if (!state.canAccept) {
    return JSON.stringify(state.result);
  }
  await accept(state);
  return null;
}

/** Every file below `folder`, relative to it. */
function filesBelow(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[]).sort();
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

describe('the accept asks again about every path it writes', () => {
  it('refuses a folder swapped for a link out of the root since the preview', async () => {
    fs.mkdirSync(path.join(root, 'proj/src'));
    const state = await preview();
    expect(state.canAccept).toBe(true);
    fs.rmSync(path.join(root, 'proj/src'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'proj/src'));
    await expect(accept(state)).rejects.toThrow(
      'Promote will not write proj/src/pkg/feat.py (proj/src is a symbolic link that leads out of the Jupyter root: promote writes nothing through a symbolic link, as Jupyter would write where it leads; replace the link with the file or folder itself): choose another module path or tests folder. Nothing was written.'
    );
    expect(filesBelow(outside)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'proj/tests'))).toBe(false);
  });
  it("refuses the notebook's folder, where the temporary items are made, swapped for a link", async () => {
    // the notebook is in a folder of its own, on neither the module's nor the tests' path
    write('proj/notebooks/nb.ipynb', '{}');
    const state = await preview();
    fs.rmSync(path.join(root, 'proj/notebooks'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'proj/notebooks'));
    await expect(accept(state, 'proj/notebooks/nb.ipynb')).rejects.toThrow(
      'Promote will not write proj/notebooks (proj/notebooks is a symbolic link that leads out of the Jupyter root'
    );
    expect(filesBelow(outside)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'proj/src'))).toBe(false);
  });
  it('writes as before when nothing changed', async () => {
    const state = await preview();
    await accept(state);
    expect(
      fs.readFileSync(path.join(root, 'proj/src/pkg/feat.py'), 'utf-8')
    ).toMatch(/^def /m);
  });
});

describe('the preview refuses when the server cannot say whether a link is there', () => {
  /** Settings whose promote/existing answers `status` with `body`, as a proxy in front might. */
  function answering(status: number, body: string) {
    return ServerConnection.makeSettings({
      ...contents.serverSettings,
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.pathname.endsWith('/nbcraft/promote/existing')) {
          return Promise.resolve(new Response(body, { status }));
        }
        return contents.serverSettings.fetch(input, init);
      }
    });
  }
  it.each([
    [
      404,
      'Not Found',
      "the server has no /nbcraft/promote/existing (404: nbcraft's server extension is not enabled)"
    ],
    [500, 'boom', 'the server answered 500'],
    [200, '<html>sign in</html>', "the server's answer could not be read ("]
  ])('a %i answer (%s)', async (status, body, why) => {
    fs.mkdirSync(path.join(root, 'proj/src/pkg'), { recursive: true });
    fs.symlinkSync(
      '../../../.git/hooks/pre-commit',
      path.join(root, 'proj/src/pkg/feat.py')
    );
    const refused = await previewAndAccept(answering(status, body));
    expect(fs.readFileSync(path.join(root, HOOK), 'utf-8')).toBe(HOOK_TEXT);
    // the module or the test file, whichever the preview reads first
    expect(refused).toMatch(
      /Promote will not write proj\/(src\/pkg\/feat|tests\/test_feat)\.py: could not check for links: /
    );
    expect(refused).toContain(`could not check for links: ${why}`);
  });
});
