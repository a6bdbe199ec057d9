// The shared model itself (what NotebookModel.sharedModel is), without the widget stack.
import { YNotebook } from '@jupyter/ydoc';

import {
  applyCellChanges,
  checkUnchanged,
  recordCellChanges,
  StaleNotebookError,
  undoCellChanges,
  withInsertedIds,
  type CellChanges
} from '../../src/promote/applyCells';

function notebookWith(sources: string[]): { sharedModel: YNotebook } {
  const model = { sharedModel: YNotebook.create() };
  model.sharedModel.insertCells(
    0,
    sources.map((source, i) => ({
      cell_type: 'code' as const,
      source,
      id: `cell-${i}`,
      metadata: {},
      outputs: [],
      execution_count: i + 1
    }))
  );
  model.sharedModel.clearUndoHistory();
  return model;
}

const sources = (model: { sharedModel: YNotebook }) =>
  model.sharedModel.cells.map(cell => cell.getSource());

describe('applyCellChanges', () => {
  it('replaces the selection and edits the import cell in one undoable step', () => {
    const model = notebookWith([
      'import math',
      'a = 1',
      'b = a + 1',
      'print(b)'
    ]);
    const { first } = applyCellChanges(model.sharedModel, {
      replacedCells: [2, 1],
      replacementCells: [
        {
          kind: 'code',
          source: 'b = make_b()',
          metadata: { tags: ['x'] },
          id: 'cell-1'
        }
      ],
      cellEdits: [
        {
          cell: 0,
          source: 'import math\nfrom pkg.mod import make_b'
        }
      ]
    });
    expect(first).toBe(1);
    expect(sources(model)).toEqual([
      'import math\nfrom pkg.mod import make_b',
      'b = make_b()',
      'print(b)'
    ]);
    const replaced = model.sharedModel.getCell(1);
    expect(replaced.id).toBe('cell-1');
    expect(replaced.getMetadata()).toEqual({ tags: ['x'] });
    expect(replaced.toJSON()).toMatchObject({
      outputs: [],
      execution_count: null
    });

    expect(model.sharedModel.canUndo()).toBe(true);
    model.sharedModel.undo();
    expect(sources(model)).toEqual([
      'import math',
      'a = 1',
      'b = a + 1',
      'print(b)'
    ]);
    expect(model.sharedModel.canUndo()).toBe(false);
  });
  it('carries a Markdown cell between the selected code cells over whole', () => {
    const model = notebookWith(['a = 1', 'b = a + 1', 'c = b * 2']);
    model.sharedModel.insertCell(2, {
      cell_type: 'markdown',
      source: '## note',
      id: 'md',
      metadata: { keep: true }
    });
    model.sharedModel.clearUndoHistory();
    applyCellChanges(model.sharedModel, {
      replacedCells: [1, 2, 3],
      replacementCells: [
        { kind: 'code', source: 'c = make_c(a)', metadata: {}, id: 'cell-1' },
        { kind: 'markdown', source: '## note', metadata: {}, keep: 2 }
      ],
      cellEdits: []
    });
    expect(sources(model)).toEqual(['a = 1', 'c = make_c(a)', '## note']);
    const note = model.sharedModel.getCell(2);
    expect([note.cell_type, note.id, note.getMetadata()]).toEqual([
      'markdown',
      'md',
      { keep: true }
    ]);
    model.sharedModel.undo();
    expect(sources(model)).toEqual([
      'a = 1',
      'b = a + 1',
      '## note',
      'c = b * 2'
    ]);
  });
  it('refuses a selection with a gap, changing nothing', () => {
    const model = notebookWith(['a = 1', 'b = 2', 'c = 3']);
    expect(() =>
      applyCellChanges(model.sharedModel, {
        replacedCells: [0, 2],
        replacementCells: [{ kind: 'code', source: 'x', metadata: {} }],
        cellEdits: []
      })
    ).toThrow(/not contiguous/);
    expect(sources(model)).toEqual(['a = 1', 'b = 2', 'c = 3']);
  });
});

describe('checkUnchanged', () => {
  it('stops when a planned-from cell was edited meanwhile', () => {
    const model = notebookWith(['a = 1', 'b = 2']);
    expect(() => {
      checkUnchanged(model.sharedModel, new Map([[1, 'b = 2']]));
    }).not.toThrow();
    model.sharedModel.getCell(1).setSource('b = 3');
    expect(() => {
      checkUnchanged(model.sharedModel, new Map([[1, 'b = 2']]));
    }).toThrow(StaleNotebookError);
    expect(() => {
      checkUnchanged(model.sharedModel, new Map([[5, 'x']]));
    }).toThrow(/Cell 6 changed/);
  });
});

describe('the notebook’s undo history after Undo Promote', () => {
  // As JupyterLab makes the notebook's model: one undo manager for the cell list, one per cell.
  // (`documentWide`: JupyterLab's "document-wide undo" setting, one manager for everything)
  function labNotebook(sources: string[], documentWide = false): YNotebook {
    const shared = YNotebook.create({
      disableDocumentWideUndoRedo: !documentWide
    });
    shared.insertCells(
      0,
      sources.map((source, i) => ({
        cell_type: 'code' as const,
        source,
        id: `cell-${i}`,
        metadata: {},
        outputs: [],
        execution_count: null
      }))
    );
    shared.clearUndoHistory();
    return shared;
  }
  const change: CellChanges = {
    replacedCells: [1],
    replacementCells: [
      { kind: 'code', source: 'b = make_b(a)', metadata: {}, id: 'call' }
    ],
    cellEdits: [{ cell: 0, source: 'a = 1\nfrom pkg.mod import make_b' }]
  };
  const promoteIn = (shared: YNotebook, planned: CellChanges = change) =>
    withInsertedIds(
      shared,
      recordCellChanges(shared, planned),
      applyCellChanges(shared, planned)
    );
  const texts = (shared: YNotebook) => shared.cells.map(c => c.getSource());

  it('Undo after Undo Promote goes on to the user’s step before promote, never back to the promoted cells', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1']);
    // the user's own step, just before promote (Yjs would merge the two within half a second)
    shared.insertCell(2, { cell_type: 'code', source: 'print(b)' });
    const undo = promoteIn(shared);
    expect(texts(shared)).toEqual([
      'a = 1\nfrom pkg.mod import make_b',
      'b = make_b(a)',
      'print(b)'
    ]);

    expect(undoCellChanges(shared, undo)).toBe('restored');
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1', 'print(b)']);

    shared.undo();
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1']);
    expect(shared.canUndo()).toBe(false);
    shared.redo();
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1', 'print(b)']);
    expect(shared.canRedo()).toBe(false);
  });

  it('forgets the whole history when promote’s step was undone and redone (no step can be told safe)', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1']);
    const undo = promoteIn(shared);
    shared.undo();
    shared.redo();
    expect(texts(shared)[1]).toBe('b = make_b(a)');

    expect(undoCellChanges(shared, undo)).toBe('restored');
    expect(shared.canUndo()).toBe(false);
    expect(shared.undo()).toBe(false);
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1']);
  });

  // The user's typing in cell 0, as the cell editor makes it: a transaction of the cell's own,
  // a step of its own in its undo history (what Ctrl+Z in that cell walks; with document-wide
  // undo, the notebook's). Returns promote's plan for the cell as typed: the import line added.
  function typeThenPlan(
    shared: YNotebook,
    from: number,
    to: number,
    text: string
  ): CellChanges {
    const cell = shared.getCell(0) as ReturnType<YNotebook['getCell']> & {
      undoManager: { stopCapturing(): void };
    };
    cell.undoManager.stopCapturing();
    cell.transact(() => {
      cell.updateSource(from, to, text);
    });
    cell.undoManager.stopCapturing();
    return {
      ...change,
      cellEdits: [
        { cell: 0, source: cell.getSource() + '\nfrom pkg.mod import make_b' }
      ]
    };
  }
  const ctrlZ = (shared: YNotebook) =>
    (
      shared.getCell(0) as unknown as { undoManager: { undo(): unknown } }
    ).undoManager.undo();

  it('Ctrl+Z in the import cell after Undo Promote undoes the typing made before promote, and only it', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1']);
    const undo = promoteIn(shared, typeThenPlan(shared, 5, 5, '\nc = 2'));
    expect(texts(shared)[0]).toBe('a = 1\nc = 2\nfrom pkg.mod import make_b');
    expect(undoCellChanges(shared, undo)).toBe('restored');
    expect(texts(shared)).toEqual(['a = 1\nc = 2', 'b = a + 1']);

    ctrlZ(shared);
    expect(texts(shared)[0]).toBe('a = 1');
  });

  it('Ctrl+Z after Undo Promote brings back text deleted before promote where it was, once', () => {
    const shared = labNotebook(['a = 12', 'b = a + 1']);
    const undo = promoteIn(shared, typeThenPlan(shared, 5, 6, ''));
    expect(undoCellChanges(shared, undo)).toBe('restored');
    expect(texts(shared)[0]).toBe('a = 1');

    ctrlZ(shared);
    expect(texts(shared)[0]).toBe('a = 12');
  });

  it('Ctrl+Z in the import cell after promote undoes the typing before it and keeps the import', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1']);
    applyCellChanges(shared, typeThenPlan(shared, 5, 5, '\nc = 2'));

    ctrlZ(shared);
    expect(texts(shared)[0]).toBe('a = 1\nfrom pkg.mod import make_b');
  });

  it('with document-wide undo, Undo after Undo Promote undoes the typing made before promote', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1'], true);
    const undo = promoteIn(shared, typeThenPlan(shared, 5, 5, '\nc = 2'));
    expect(undoCellChanges(shared, undo)).toBe('restored');
    expect(texts(shared)).toEqual(['a = 1\nc = 2', 'b = a + 1']);

    shared.undo();
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1']);
  });

  it('after the notebook’s own Undo, leaves no Redo of promote', () => {
    const shared = labNotebook(['a = 1', 'b = a + 1']);
    const undo = promoteIn(shared);
    shared.undo();
    expect(shared.canRedo()).toBe(true);

    expect(undoCellChanges(shared, undo)).toBe('already');
    expect(shared.canRedo()).toBe(false);
    expect(texts(shared)).toEqual(['a = 1', 'b = a + 1']);
  });
});
