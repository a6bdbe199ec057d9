/**
 * The tabs of files Undo Promote deleted: the module's editor stayed open on a file that no
 * longer existed. Closed when nothing in them is unsaved; left open, and named in the
 * message, when something is (closing would lose it).
 */
import { english } from '../../src/core/translatable';
import type { RollBackOutcome } from '../../src/promote/rollBack';
import {
  deletedFiles,
  type PromoteRecord,
  tabsOfDeleted,
  undoMessage,
  undoToast,
  type UndoResult
} from '../../src/promote/undoPromote';

const nothingLeft: RollBackOutcome = {
  changedAgain: [],
  editedSince: [],
  notRestored: [],
  notDeleted: [],
  heldOthers: [],
  keptWithFolder: [],
  notChecked: []
};

const record = {
  label: 'pkg.feat.f',
  made: {
    createdFiles: [
      { path: 'proj/src/pkg/feat.py', text: 'def f(): ...\n' },
      { path: 'proj/tests/test_feat.py', text: 'def test_f(): ...\n' },
      { path: 'proj/src/pkg/__init__.py', text: '' }
    ],
    updates: [{ path: 'proj/pyproject.toml', before: 'a', text: 'b' }],
    createdFolders: ['proj/src/pkg', 'proj/tests']
  }
} as unknown as PromoteRecord;

const result = (removed: string[], editedSince: string[] = []): UndoResult => ({
  cells: 'restored',
  outcome: { ...nothingLeft, editedSince },
  removed
});

describe('deletedFiles', () => {
  it('names the created files Undo removed, not a restored update nor a file kept', () => {
    expect(
      deletedFiles(
        record.made,
        result(
          [
            'proj/src/pkg/feat.py',
            'proj/pyproject.toml',
            'proj/src/pkg/__init__.py'
          ],
          ['proj/tests/test_feat.py']
        )
      )
    ).toEqual(['proj/src/pkg/feat.py', 'proj/src/pkg/__init__.py']);
  });
});

describe('tabsOfDeleted', () => {
  it('closes the clean tabs of deleted files and keeps, by path once, those with unsaved changes', () => {
    const open = [
      { path: 'proj/nb.ipynb', dirty: true, id: 'notebook' },
      { path: 'proj/src/pkg/feat.py', dirty: false, id: 'module' },
      { path: 'proj/src/pkg/feat.py', dirty: false, id: 'module, second view' },
      { path: 'proj/tests/test_feat.py', dirty: true, id: 'test' },
      { path: 'proj/tests/test_feat.py', dirty: true, id: 'test, second view' },
      { path: 'proj/pyproject.toml', dirty: false, id: 'restored' }
    ];
    const { close, keep } = tabsOfDeleted(
      ['proj/src/pkg/feat.py', 'proj/tests/test_feat.py'],
      open
    );
    expect(close.map(tab => tab.id)).toEqual(['module', 'module, second view']);
    expect(keep).toEqual(['proj/tests/test_feat.py']);
  });

  it('closes nothing when Undo deleted nothing', () => {
    expect(
      tabsOfDeleted([], [{ path: 'proj/src/pkg/feat.py', dirty: false }])
    ).toEqual({ close: [], keep: [] });
  });
});

describe('the message when a tab with unsaved changes was left open', () => {
  it('names the file in Details, and the toast says there is something to check', () => {
    const undone = result(['proj/src/pkg/feat.py']);
    const kept = ['proj/src/pkg/feat.py'];
    expect(undoMessage(record, undone, english, kept)).toBe(
      'proj/src/pkg/feat.py has unsaved changes in an open tab, which was left open: the file itself was deleted, and saving the tab writes it again. Undid the promote to pkg.feat.f: the cells are back. Deleted or restored: proj/src/pkg/feat.py.'
    );
    expect(undoToast(record, undone, english, kept)).toBe(
      'Undo Promote left something to check (1 kind(s)): see Details.'
    );
    expect(undoToast(record, undone, english)).toBe(
      'Undid the promote to pkg.feat.f.'
    );
  });
});
