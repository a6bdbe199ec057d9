/**
 * "Undo Promote" against a real jupyter_server (the venv's, started by JupyterLab's own test
 * helper) with nbcraft's routes: the notebook's own Undo put the cells back but left every
 * file promote made. Undo Promote puts the cells back and deletes exactly what promote made,
 * keeping what was edited since, and refuses (changing nothing) where promote's writes would
 * refuse: a symbolic link on the way, or cells that changed since.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { YNotebook } from '@jupyter/ydoc';
import { ContentsManager } from '@jupyterlab/services';
import { JupyterServer } from '@jupyterlab/testing';

import { english } from '../../src/core/translatable';
import {
  applyCellChanges,
  recordCellChanges,
  withInsertedIds,
  type CellChanges
} from '../../src/promote/applyCells';
import { emptyFolderRemover } from '../../src/promote/emptyFolder';
import { existingPathAsker } from '../../src/promote/plannedFiles';
import { leftToUndo } from '../../src/promote/rollBack';
import {
  type PromoteRecord,
  undoMessage,
  undoPromote,
  undoRefusal,
  TOAST_LENGTH,
  undoToast
} from '../../src/promote/undoPromote';
import { executeWrites, planWrites } from '../../src/promote/writePlan';
import { files } from './memoryContents';
import { projectTree, startPromoteServer, writeUnder } from './promoteServer';

const server = new JupyterServer();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-undo-'));
let contents: ContentsManager;
const tree = () => projectTree(root);
const write = (relative: string, text: string): void => {
  writeUnder(root, relative, text);
};

beforeAll(async () => {
  await startPromoteServer(server, root, {
    FileContentsManager: { delete_to_trash: false }
  });
  contents = new ContentsManager();
}, 120_000);

afterAll(async () => {
  contents.dispose();
  await server.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

const read = (relative: string) =>
  fs.readFileSync(path.join(root, relative), 'utf-8');

const PYPROJECT = '[project]\nname = "p"\n';
const PYTEST =
  PYPROJECT + '\n[tool.pytest.ini_options]\npythonpath = ["src"]\n';

const changes: CellChanges = {
  replacedCells: [1],
  replacementCells: [
    { kind: 'code', source: 'y = f()', metadata: {}, id: 'c1' }
  ],
  cellEdits: [{ cell: 0, source: 'import math\nfrom pkg.feat import f' }]
};

function notebook(): YNotebook {
  const shared = YNotebook.create();
  shared.insertCells(
    0,
    ['import math', 'x = 1\ny = x + 1', 'print(y)'].map((source, i) => ({
      cell_type: 'code' as const,
      source,
      id: `c${i}`,
      metadata: {},
      outputs: [],
      execution_count: i + 1
    }))
  );
  return shared;
}

const sources = (shared: YNotebook) =>
  shared.cells.map(cell => cell.getSource());

/** Promote as the lab does: the files through Contents, then the cells; the record kept. */
async function promoted(shared: YNotebook): Promise<PromoteRecord> {
  const written = await executeWrites(
    contents,
    planWrites({
      ...files,
      pytestConfig: {
        path: 'pyproject.toml',
        text: PYTEST,
        existingText: PYPROJECT
      }
    }),
    ['proj/src/pkg'],
    'proj/nb.ipynb',
    emptyFolderRemover(contents)
  );
  const recorded = recordCellChanges(shared, changes);
  const applied = applyCellChanges(shared, changes);
  const cells = withInsertedIds(shared, recorded, applied);
  return { label: 'pkg.feat.f', cells, made: written.made };
}

const undo = (shared: YNotebook, record: PromoteRecord) =>
  undoPromote(
    shared,
    record,
    contents,
    emptyFolderRemover(contents),
    existingPathAsker(contents.serverSettings, { remember: false })
  );

let before: string[];

beforeEach(() => {
  fs.rmSync(path.join(root, 'proj'), { recursive: true, force: true });
  write('proj/nb.ipynb', '{}');
  write('proj/pyproject.toml', PYPROJECT);
  before = tree();
});

describe('Undo Promote', () => {
  it('puts the cells back and removes every file and folder promote made, restoring pyproject.toml', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    expect(tree()).toContain('proj/src/pkg/__init__.py');
    expect(read('proj/pyproject.toml')).toBe(PYTEST);

    const result = await undo(shared, record);

    expect(result.cells).toBe('restored');
    expect(sources(shared)).toEqual([
      'import math',
      'x = 1\ny = x + 1',
      'print(y)'
    ]);
    // the replaced cell came back whole: its id and execution count
    expect(shared.getCell(1).toJSON()).toMatchObject({
      id: 'c1',
      execution_count: 2
    });
    expect(tree()).toEqual(before);
    expect(read('proj/pyproject.toml')).toBe(PYPROJECT);
    expect(undoMessage(record, result, english)).toMatch(
      /^Undid the promote to pkg\.feat\.f: the cells are back\. Deleted or restored: .*proj\/src\/pkg\/feat\.py/
    );
  });

  it('keeps a file edited since, and its folder, and names it; pyproject.toml changed since is left', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    write('proj/src/pkg/feat.py', 'def f():\n    return 2  # mine\n');
    write('proj/pyproject.toml', PYTEST + '# mine\n');

    const result = await undo(shared, record);

    expect(read('proj/src/pkg/feat.py')).toContain('# mine');
    expect(read('proj/pyproject.toml')).toBe(PYTEST + '# mine\n');
    expect(tree()).toEqual(
      [
        ...before,
        'proj/src',
        'proj/src/pkg',
        // kept with the kept module: the package stays a regular one
        'proj/src/pkg/__init__.py',
        'proj/src/pkg/feat.py'
      ].sort()
    );
    const message = undoMessage(record, result, english);
    expect(message).toContain(
      'Promote had created proj/src/pkg/feat.py, which was edited since, so it was kept.'
    );
    // what was left comes first; the toast (cut by JupyterLab at 140 characters) is short
    // and sends to Details, which shows the whole message
    expect(message).toMatch(/^Promote had/);
    expect(message.length).toBeGreaterThan(TOAST_LENGTH);
    const toast = undoToast(record, result, english);
    expect(toast.length).toBeLessThanOrEqual(TOAST_LENGTH);
    expect(toast).toMatch(/left something to check.*see Details/);
    expect(message).toContain(
      'Promote had already updated proj/pyproject.toml, which changed again since, so it was not restored'
    );
    expect(sources(shared)[1]).toBe('x = 1\ny = x + 1');
  });

  it('keeps the empty __init__.py promote made once another module joined the package', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    // a later promote (or the user) put another module in the package and edited
    // pyproject.toml again
    write('proj/src/pkg/other.py', 'def g():\n    return 3\n');
    write('proj/pyproject.toml', PYTEST.replace('["src"]', '["src", "lib"]'));

    const result = await undo(shared, record);

    // still a regular package: deleting the (empty, so "unchanged") __init__.py made it a
    // namespace package
    expect(read('proj/src/pkg/__init__.py')).toBe('');
    expect(read('proj/src/pkg/other.py')).toContain('def g');
    expect(tree()).not.toContain('proj/src/pkg/feat.py');
    expect(read('proj/pyproject.toml')).toContain('["src", "lib"]');
    expect(result.removed).not.toContain('proj/src/pkg/__init__.py');
    expect(undoMessage(record, result, english)).toContain(
      'Promote had created proj/src/pkg/__init__.py and kept it, as its folder holds other files now'
    );
  });

  it('a retry after a partial undo touches only what was left, not a file written again since', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    const moduleText = read('proj/src/pkg/feat.py');
    write('proj/src/pkg/feat.py', moduleText + '# mine\n');

    const first = await undo(shared, record);
    const left: PromoteRecord = {
      ...record,
      made: leftToUndo(record.made, first.outcome)
    };
    expect(left.made.createdFiles.map(file => file.path).sort()).toEqual([
      'proj/src/pkg/__init__.py',
      'proj/src/pkg/feat.py'
    ]);
    expect(left.made.updates).toEqual([]);
    // a later promote writes the same test file again; the user takes back their edit
    write('proj/tests/test_feat.py', files.testText);
    write('proj/src/pkg/feat.py', moduleText);

    const retry = await undo(shared, left);

    expect(retry.cells).toBe('already');
    expect(read('proj/tests/test_feat.py')).toBe(files.testText);
    expect(tree()).toEqual(
      [...before, 'proj/tests', 'proj/tests/test_feat.py'].sort()
    );
  });

  it('a notification’s Undo Promote refuses once a later promote was made, and while one runs', () => {
    const first = { label: 'pkg.a.f' } as PromoteRecord;
    const later = { label: 'pkg.b.g' } as PromoteRecord;
    expect(undoRefusal(first, first, false, english)).toBeNull();
    expect(undoRefusal(later, undefined, false, english)).toBeNull();
    expect(undoRefusal(later, first, false, english)).toBe(
      'This promote was not undone: a later promote was made in this notebook (Undo Last Promote undoes that one).'
    );
    expect(undoRefusal(undefined, first, false, english)).toMatch(
      /undone already/
    );
    expect(undoRefusal(first, first, true, english)).toMatch(/already running/);
    expect(undoRefusal(undefined, undefined, false, english)).toMatch(
      /no promote was made/
    );
  });

  it('still removes the files after the notebook’s own Undo put the cells back', async () => {
    const shared = notebook();
    shared.clearUndoHistory();
    const record = await promoted(shared);
    shared.undo();
    expect(sources(shared)[1]).toBe('x = 1\ny = x + 1');

    expect(shared.canRedo()).toBe(true);

    const result = await undo(shared, record);

    expect(result.cells).toBe('already');
    expect(tree()).toEqual(before);
    // a Redo would bring back the promoted cells, whose module is gone: none is left
    expect(shared.canRedo()).toBe(false);
    shared.redo();
    expect(sources(shared)[1]).toBe('x = 1\ny = x + 1');
  });

  it('does not read a file deleted since (a 404 in the console), and does not say it deleted it', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    fs.rmSync(path.join(root, 'proj/tests/test_feat.py'));
    const asked: string[] = [];
    const result = await undoPromote(
      shared,
      record,
      {
        get: (...args) => {
          asked.push(args[0]);
          return contents.get(...args);
        },
        save: (...args) => contents.save(...args),
        rename: (...args) => contents.rename(...args),
        delete: (...args) => contents.delete(...args)
      },
      emptyFolderRemover(contents),
      existingPathAsker(contents.serverSettings, { remember: false })
    );
    expect(asked).not.toContain('proj/tests/test_feat.py');
    expect(result.removed).not.toContain('proj/tests/test_feat.py');
    expect(tree()).toEqual(before);
  });

  it('finds the promoted cells by id: cells added above and below since do not block the undo', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    const cell = (source: string, id: string) => ({
      cell_type: 'code' as const,
      source,
      id,
      metadata: {},
      outputs: [],
      execution_count: null
    });
    shared.insertCells(shared.cells.length, [cell('z = 1', 'new-end')]);
    shared.insertCells(0, [cell('# setup', 'new-top')]);

    const result = await undo(shared, record);

    expect(result.cells).toBe('restored');
    expect(sources(shared)).toEqual([
      '# setup',
      'import math',
      'x = 1\ny = x + 1',
      'print(y)',
      'z = 1'
    ]);
    expect(tree()).toEqual(before);
  });

  it('changes nothing when the cells promote wrote were edited since', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    shared.getCell(1).setSource('y = f() + 1');
    const made = tree();

    await expect(undo(shared, record)).rejects.toThrow(
      /The cells promote wrote changed since; nothing was undone/
    );
    expect(tree()).toEqual(made);
    expect(sources(shared)[1]).toBe('y = f() + 1');
  });

  it('refuses, changing nothing, when a folder promote made was replaced by a symbolic link', async () => {
    const shared = notebook();
    const record = await promoted(shared);
    // the package folder moved elsewhere and a link left in its place: deleting through
    // it would delete where it leads
    fs.renameSync(
      path.join(root, 'proj/src/pkg'),
      path.join(root, 'elsewhere')
    );
    fs.symlinkSync(
      path.join(root, 'elsewhere'),
      path.join(root, 'proj/src/pkg')
    );
    try {
      await expect(undo(shared, record)).rejects.toThrow(
        /^Undo Promote will not touch proj\/src\/pkg\/\S+ \(proj\/src\/pkg is a symbolic link to elsewhere: .*\)\. Nothing was undone\.$/
      );
      expect(fs.readdirSync(path.join(root, 'elsewhere')).sort()).toEqual([
        '__init__.py',
        'feat.py'
      ]);
      expect(read('proj/tests/test_feat.py')).toBe(files.testText);
      expect(read('proj/pyproject.toml')).toBe(PYTEST);
      expect(sources(shared)[1]).toBe('y = f()');
    } finally {
      fs.rmSync(path.join(root, 'elsewhere'), { recursive: true });
    }
  });
});
