/**
 * A quick fix is ONE step of the cell editor's own undo history, on a real shared notebook
 * model (@jupyter/ydoc's YNotebook with per-cell undo, JupyterLab 4's default). Typing is
 * simulated as the editor makes it: changes whose origin is the cell, recorded by its
 * Yjs UndoManager.
 */
import { YNotebook, type YCodeCell } from '@jupyter/ydoc';

import { applyCellFix } from '../../src/lint/fixEdit';

function notebookWithCell(source: string): YCodeCell {
  const notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
  notebook.insertCell(0, { cell_type: 'code', source: '' });
  const cell = notebook.getCell(0) as YCodeCell;
  cell.undoManager?.clear();
  cell.updateSource(0, 0, source);
  return cell;
}

/** What the user types, each keystroke within Yjs' 500 ms capture window. */
function type(cell: YCodeCell, text: string): void {
  for (const ch of text) {
    cell.updateSource(cell.getSource().length, cell.getSource().length, ch);
  }
}

describe('applyCellFix', () => {
  it('Ctrl+Z right after a fix restores exactly the text before it; redo applies it again', () => {
    const cell = notebookWithCell('');
    type(cell, 'print(f"done")');
    // the NB207 fix: drop the `f` of an f-string without placeholders
    applyCellFix(cell, [{ from: 6, to: 7, text: '' }]);
    expect(cell.getSource()).toBe('print("done")');

    cell.undo();
    expect(cell.getSource()).toBe('print(f"done")');
    cell.redo();
    expect(cell.getSource()).toBe('print("done")');
  });

  it('typing after the fix is its own step: undo removes it, then the fix', () => {
    const cell = notebookWithCell('');
    type(cell, 'x = f"a"');
    applyCellFix(cell, [{ from: 4, to: 5, text: '' }]);
    type(cell, '\ny = 1');
    cell.undo();
    expect(cell.getSource()).toBe('x = "a"');
    cell.undo();
    expect(cell.getSource()).toBe('x = f"a"');
  });

  it('several edits of one fix are one step', () => {
    const cell = notebookWithCell('a = 1;  b = 2;');
    cell.undoManager?.stopCapturing();
    applyCellFix(cell, [
      { from: 13, to: 14, text: '' },
      { from: 5, to: 8, text: '\n' }
    ]);
    expect(cell.getSource()).toBe('a = 1\nb = 2');
    cell.undo();
    expect(cell.getSource()).toBe('a = 1;  b = 2;');
  });

  it('the notebook-level transaction it replaces is invisible to the cell history (the bug)', () => {
    // what the fix used to do: the cell's Ctrl+Z then undid the typing under the fix
    const notebook = new YNotebook({ disableDocumentWideUndoRedo: true });
    notebook.insertCell(0, { cell_type: 'code', source: '' });
    const cell = notebook.getCell(0) as YCodeCell;
    cell.undoManager?.clear();
    type(cell, 'print(f"done")');
    notebook.transact(() => {
      cell.updateSource(6, 7, '');
    });
    cell.undo();
    expect(cell.getSource()).not.toBe('print(f"done")');
  });
});
