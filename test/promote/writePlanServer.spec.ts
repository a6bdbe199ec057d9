/**
 * Promote's writes against a real jupyter_server (the venv's, started by JupyterLab's own
 * test helper), through JupyterLab's ContentsManager, with `ContentsManager.hide_globs`
 * hiding test files: jupyter_server leaves hidden names out of listings, but `get`, `save`
 * and `rename` reach them, so a listing alone took an existing hidden test file for a free
 * name and overwrote it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ContentsManager, Drive, ServerConnection } from '@jupyterlab/services';
import { planPromotion } from '@nbcraft/lint-rules';
import { JupyterServer } from '@jupyterlab/testing';

import { FolderReader } from '../../src/core/folderReader';
import { emptyFolderRemover } from '../../src/promote/emptyFolder';
import {
  existingPathAsker,
  plannedFileReader
} from '../../src/promote/plannedFiles';
import {
  type ContentsAccess,
  executeWrites,
  planWrites
} from '../../src/promote/writePlan';
import {
  featPreviewInputs,
  projectTree,
  startPromoteServer,
  writeUnder
} from './promoteServer';
import { buildPreview } from '../../src/promote/session';
import { files } from './memoryContents';

const server = new JupyterServer();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-writes-'));
let contents: ContentsManager;
const tree = () => projectTree(root);
const write = (relative: string, text: string): void => {
  writeUnder(root, relative, text);
};

beforeAll(async () => {
  await startPromoteServer(server, root, {
    ContentsManager: {
      // jupyter_server's default globs, and the project's test files
      hide_globs: ['__pycache__', '*.pyc', '*.pyo', '.DS_Store', '*~', 'test_*']
    },
    // a roll-back deletes for good instead of filling the user's trash
    FileContentsManager: { delete_to_trash: false }
  });
  contents = new ContentsManager();
}, 120_000);

afterAll(async () => {
  contents.dispose();
  await server.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  fs.rmSync(path.join(root, 'proj'), { recursive: true, force: true });
  write('proj/nb.ipynb', '{}');
});

describe('executeWrites against jupyter_server with hide_globs', () => {
  it('the listing leaves the existing test file out', async () => {
    write('proj/tests/test_feat.py', 'MY TESTS\n');
    const listing = await contents.get('proj/tests');
    expect(listing.content).toEqual([]);
  });
  it('keeps an existing test file hide_globs hides, and removes what it wrote', async () => {
    write('proj/tests/test_feat.py', 'MY TESTS\n');
    fs.mkdirSync(path.join(root, 'proj/src'));
    await expect(
      executeWrites(
        contents,
        planWrites(files),
        ['proj/src/pkg'],
        'proj/nb.ipynb',
        emptyFolderRemover(contents)
      )
    ).rejects.toThrow(/proj\/tests\/test_feat\.py already exists/);
    expect(
      fs.readFileSync(path.join(root, 'proj/tests/test_feat.py'), 'utf-8')
    ).toBe('MY TESTS\n');
    // the package folder, its __init__.py and the module made before the refusal are gone
    expect(tree()).toEqual([
      'proj',
      'proj/nb.ipynb',
      'proj/src',
      'proj/tests',
      'proj/tests/test_feat.py'
    ]);
  });
  it.each([
    // a kernel's output: jupyter_server's delete takes a folder with what it holds
    ['result.csv', 'a,b\n'],
    // names the listing leaves out, which the roll-back judged "empty" by
    ['.gitkeep', 'keep\n'],
    // a checkpoint jupyter_server's own delete takes for "empty" and removes with the folder
    ['.ipynb_checkpoints/scratch-checkpoint.ipynb', '{"cells": []}'],
    ['.DS_Store', 'finder'],
    // hide_globs: left out of listings, though not a dot-name
    ['__pycache__/feat.cpython-311.pyc', 'bytes']
  ])(
    'leaves a folder it made that someone wrote %s into meanwhile',
    async (theirs, text) => {
      write('proj/tests/test_feat.py', 'MY TESTS\n');
      fs.mkdirSync(path.join(root, 'proj/src'));
      // the server's own contents, but something writes into the new package folder just
      // before promote makes the test file (which it then finds taken)
      const access: ContentsAccess = {
        get: (p, o) => contents.get(p, o),
        rename: (p, n) => contents.rename(p, n),
        delete: p => contents.delete(p),
        save: (p, model) => {
          if (p.includes('test_feat.py')) {
            write(`proj/src/pkg/${theirs}`, text);
          }
          return contents.save(p, model);
        }
      };
      await expect(
        executeWrites(
          access,
          planWrites(files),
          ['proj/src/pkg'],
          'proj/nb.ipynb',
          emptyFolderRemover(contents)
        )
      ).rejects.toThrow(
        /already exists.*Promote had created the folder proj\/src\/pkg and left it.*Promote had created proj\/src\/pkg\/__init__\.py and kept it, as its folder holds other files now/
      );
      expect(
        fs.readFileSync(path.join(root, 'proj/src/pkg', theirs), 'utf-8')
      ).toBe(text);
      // what promote made is gone but the package's empty __init__.py, which goes only
      // with its folder (alone, a package others use would become a namespace package)
      expect(
        fs
          .readdirSync(path.join(root, 'proj/src/pkg'))
          .filter(name => name !== '.ipynb_checkpoints')
          .sort()
      ).toEqual(
        [
          '__init__.py',
          ...(theirs.startsWith('.ipynb') ? [] : [theirs.split('/')[0]])
        ].sort()
      );
      expect(
        tree().filter(entry => !entry.startsWith('proj/src/pkg/'))
      ).toEqual([
        'proj',
        'proj/nb.ipynb',
        'proj/src',
        'proj/src/pkg',
        'proj/tests',
        'proj/tests/test_feat.py'
      ]);
    }
  );
  it('creates the folders, the package and the files by renaming, leaving no temporary file', async () => {
    const result = await executeWrites(
      contents,
      planWrites(files),
      ['proj/src/pkg'],
      'proj/nb.ipynb'
    );
    expect(result.createdFolders).toEqual([
      'proj/src',
      'proj/src/pkg',
      'proj/tests'
    ]);
    expect(
      fs.readFileSync(path.join(root, 'proj/src/pkg/feat.py'), 'utf-8')
    ).toBe(files.moduleText);
    expect(
      fs.readFileSync(path.join(root, 'proj/src/pkg/__init__.py'), 'utf-8')
    ).toBe('');
    expect(
      fs.readFileSync(path.join(root, 'proj/tests/test_feat.py'), 'utf-8')
    ).toBe(files.testText);
    expect(tree().filter(p => p.includes('.nbcraft-'))).toEqual([]);
  });
  it('leaves no .ipynb_checkpoints folder beside the files and folders it made', async () => {
    await executeWrites(
      contents,
      planWrites(files),
      ['proj/src/pkg'],
      'proj/nb.ipynb'
    );
    // jupyter_server's rename lists the source's checkpoints, which makes the checkpoint
    // folder beside the source: only the notebook's folder, where Jupyter keeps one anyway
    const checkpointFolders = (
      fs.readdirSync(root, { recursive: true }) as string[]
    ).filter(entry => entry.endsWith('.ipynb_checkpoints'));
    expect(checkpointFolders.sort()).toEqual(['proj/.ipynb_checkpoints']);
  });
});

describe('executeWrites restores what it updated when a later update is refused', () => {
  // bytes a text round trip could lose: a BOM, CRLF, non-ASCII, no final newline
  const original = Buffer.from('\ufeffOLD = "é"\r\nX = 1', 'utf-8');
  const moduleText = 'OLD = "é"\n\ndef f():\n    return 1\n';
  function plan() {
    return planWrites({
      ...files,
      existingModuleText: original.toString('utf-8'),
      moduleText,
      testPath: 'tests/test_feat.py',
      pytestConfig: {
        path: 'pyproject.toml',
        text: '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
        existingText: '[project]\nname = "p"\n'
      }
    });
  }
  beforeEach(() => {
    fs.mkdirSync(path.join(root, 'proj/src/pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proj/src/pkg/feat.py'), original);
    write('proj/pyproject.toml', '[project]\nname = "p"\n');
  });

  /** The server's contents, with someone editing pyproject.toml once the module is saved. */
  function editedMeanwhile(): ContentsAccess {
    return {
      get: (...args) => contents.get(...args),
      rename: (...args) => contents.rename(...args),
      delete: (...args) => contents.delete(...args),
      save: async (...args) => {
        const model = await contents.save(...args);
        if (args[0] === 'proj/src/pkg/feat.py') {
          write('proj/pyproject.toml', '[project]\nname = "theirs"\n');
        }
        return model;
      }
    };
  }

  it('puts the updated module back byte for byte when pyproject.toml changed meanwhile', async () => {
    await expect(
      executeWrites(
        editedMeanwhile(),
        plan(),
        [],
        'proj/nb.ipynb',
        emptyFolderRemover(contents)
      )
    ).rejects.toThrow(
      /proj\/pyproject\.toml changed since the preview .*nothing was written/
    );
    expect(
      fs.readFileSync(path.join(root, 'proj/src/pkg/feat.py')).equals(original)
    ).toBe(true);
    expect(
      fs.readFileSync(path.join(root, 'proj/pyproject.toml'), 'utf-8')
    ).toBe('[project]\nname = "theirs"\n');
    // the test file and the tests folder created before the refusal are gone
    expect(tree()).toEqual([
      'proj',
      'proj/nb.ipynb',
      'proj/pyproject.toml',
      'proj/src',
      'proj/src/pkg',
      'proj/src/pkg/feat.py'
    ]);
  });
});

describe('the roll-back asks the server to remove only what it can see', () => {
  it('a folder already gone is nothing left behind; one on another lab drive is left and named', async () => {
    const remover = emptyFolderRemover(contents);
    await expect(remover('proj/never-made')).resolves.toBe(true);
    // a third-party drive (here the same server's files under another name): the server
    // cannot see its folders, so it must not be told "removed" for a path it does not have
    const other = new Drive({
      name: 'Other',
      serverSettings: contents.serverSettings
    });
    contents.addDrive(other);
    fs.mkdirSync(path.join(root, 'drive-proj/pkg'), { recursive: true });
    await expect(remover('Other:drive-proj/pkg')).rejects.toThrow(
      'it is on the drive Other, which the Jupyter server cannot look into'
    );
    expect(fs.existsSync(path.join(root, 'drive-proj/pkg'))).toBe(true);
    fs.rmSync(path.join(root, 'drive-proj'), { recursive: true });
  });
});

describe('the preview reads the files the listings leave out', () => {
  /** the preview's reader, with every 404 the browser would log */
  function previewReader() {
    const notFound: string[] = [];
    const logged: ContentsAccess = {
      get: async (...args) => {
        try {
          return await contents.get(...args);
        } catch (error) {
          notFound.push(args[0]);
          throw error;
        }
      },
      save: (...args) => contents.save(...args),
      rename: (...args) => contents.rename(...args),
      delete: (...args) => contents.delete(...args)
    };
    const reader = new FolderReader(logged, { existingPath: 'proj/nb.ipynb' });
    const read = plannedFileReader(
      reader,
      logged,
      existingPathAsker(contents.serverSettings)
    );
    return { reader, read, notFound };
  }

  it('finds an existing test file hide_globs hides, and the accept updates it', async () => {
    write('proj/tests/test_feat.py', 'MY TESTS\n');
    const { reader, read, notFound } = previewReader();
    // the listing alone took it for a new file (the defect)
    expect(await reader.readText('proj/tests/test_feat.py')).toBeNull();
    expect(await read('proj/tests/test_feat.py')).toBe('MY TESTS\n');
    expect(await read('proj/src/pkg/feat.py')).toBeNull();
    expect(notFound).toEqual([]);
    // previewed as an update of that text, the accept writes it instead of refusing
    await executeWrites(
      contents,
      planWrites({
        ...files,
        existingTestText: 'MY TESTS\n',
        testText: 'MY TESTS\nfrom pkg.feat import f\n'
      }),
      ['proj/src/pkg'],
      'proj/nb.ipynb'
    );
    expect(
      fs.readFileSync(path.join(root, 'proj/tests/test_feat.py'), 'utf-8')
    ).toBe('MY TESTS\nfrom pkg.feat import f\n');
  });
  it('asks the server about the names the listings leave out in two requests, not one each', async () => {
    const questions: string[][] = [];
    const counted = ServerConnection.makeSettings({
      ...contents.serverSettings,
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.pathname.endsWith('/nbcraft/promote/existing')) {
          questions.push(url.searchParams.getAll('path'));
        }
        return contents.serverSettings.fetch(input, init);
      }
    });
    const reader = new FolderReader(contents, {
      existingPath: 'proj/nb.ipynb'
    });
    const read = plannedFileReader(
      reader,
      contents,
      existingPathAsker(counted)
    );
    const state = await buildPreview(featPreviewInputs(), planPromotion, read);
    expect(state.result.ok).toBe(true);
    // the module and its test file; then pytest's config files (none in the project)
    expect(questions.map(asked => [...asked].sort())).toEqual([
      ['proj/src/pkg/feat.py', 'proj/tests/test_feat.py'],
      [
        'proj/pyproject.toml',
        'proj/pytest.ini',
        'proj/setup.cfg',
        'proj/tox.ini'
      ]
    ]);
  });
  it('reads a hidden test file read together with a path the server refuses', async () => {
    write('proj/tests/test_feat.py', 'MY TESTS\n');
    const { read } = previewReader();
    // asked in one request: the refused one made the whole answer a 400, and the existing
    // test file was previewed as a new one
    const [test, refused] = await Promise.allSettled([
      read('proj/tests/test_feat.py'),
      read('proj/src/a\tb.py')
    ]);
    expect(test).toEqual({ status: 'fulfilled', value: 'MY TESTS\n' });
    expect(refused.status).toBe('rejected');
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(
      /Promote will not write proj\/src\/a\\u0009b\.py \(a path with a control character: remove the invisible character \(a pasted tab or line break\), shown escaped in the path\)/
    );
  });
  it('says it cannot tell for a hidden path, whether or not it exists', async () => {
    write('proj/.tests/test_feat.py', 'MY TESTS\n');
    const { read } = previewReader();
    for (const hidden of ['proj/.tests/test_feat.py', 'proj/.tests/other.py']) {
      await expect(read(hidden)).rejects.toThrow(
        /is hidden .*promote cannot tell whether it exists/
      );
    }
  });
});
