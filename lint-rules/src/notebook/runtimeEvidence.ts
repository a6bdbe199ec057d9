/** What the runtime decision (runtime.ts) reads of a notebook, also before the notebook is built. */
import type { Notebook, NotebookCell } from './types';

/**
 * what the decision reads: the format, the metadata and each cell's kind and source, and for an
 * .ipynb its execution count and outputs
 */
export interface RuntimeEvidence {
  format: Notebook['format'];
  metadata: Record<string, unknown>;
  cells: readonly (Pick<NotebookCell, 'kind' | 'source'> &
    Partial<Pick<NotebookCell, 'executionCount' | 'outputs'>>)[];
}
