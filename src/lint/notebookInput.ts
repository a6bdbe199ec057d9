/**
 * Reads an open notebook's model into the linter's plain `NotebookInput`. Outputs and metadata
 * are converted from the shared (Yjs) model only when they change, so that a keystroke costs
 * one source read per cell and the snapshot builder can see by identity what is unchanged.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { INotebookModel } from '@jupyterlab/notebook';

import type { CellInput, NotebookInput } from './notebookSnapshot';

type SharedCell = ICellModel['sharedModel'];

interface CellParts {
  outputs: readonly unknown[] | null;
  metadata: Readonly<Record<string, unknown>> | null;
}

const NO_OUTPUTS: readonly unknown[] = Object.freeze([]);

/** Keeps converted outputs/metadata per shared cell until that cell's outputs/metadata change. */
export class NotebookInputReader {
  private parts = new WeakMap<SharedCell, CellParts>();

  read(model: INotebookModel, path: string): NotebookInput {
    const cells: CellInput[] = [];
    for (const cell of model.cells) {
      cells.push(this.readCell(cell));
    }
    return {
      path,
      metadata: model.sharedModel.getMetadata(),
      cells
    };
  }

  private readCell(cell: ICellModel): CellInput {
    const shared = cell.sharedModel;
    let parts = this.parts.get(shared);
    if (!parts) {
      parts = { outputs: null, metadata: null };
      this.parts.set(shared, parts);
      const entry = parts;
      shared.changed.connect((_sender, change) => {
        if (change.outputsChange || change.streamOutputChange) {
          entry.outputs = null;
        }
        if (change.metadataChange) {
          entry.metadata = null;
        }
      });
    }
    // nbformat allows other cell types; the readers know these three
    const type: CellInput['cellType'] =
      cell.type === 'code' || cell.type === 'markdown' ? cell.type : 'raw';
    if (type === 'code') {
      parts.outputs ??= (
        shared as unknown as { getOutputs(): unknown[] }
      ).getOutputs();
    }
    parts.metadata ??= shared.getMetadata() as Record<string, unknown>;
    const executionCount =
      type === 'code'
        ? ((shared as unknown as { execution_count: number | null })
            .execution_count ?? null)
        : null;
    return {
      id: shared.getId(),
      cellType: type,
      source: shared.getSource(),
      executionCount,
      outputs: type === 'code' ? (parts.outputs ?? NO_OUTPUTS) : NO_OUTPUTS,
      metadata: parts.metadata
    };
  }
}
