/**
 * Turns the cells of an open notebook into the library's `Notebook`, the same structure
 * `nbcraft lint` reads from the saved file. Each cell goes through the library's own .ipynb
 * reader (on a one-cell document), so cell languages, tags, magics and flattened outputs are
 * decided by exactly the code the CLI runs; the result is cached per cell and rebuilt only
 * when that cell changes.
 */
import { readIpynb } from '@nbcraft/lint-rules';
import type {
  CellKind,
  Notebook,
  NotebookCell,
  RepositoryState
} from '@nbcraft/lint-rules';

/** One cell of the open notebook, as nbformat describes it. */
export interface CellInput {
  /** the cell id (JupyterLab gives every cell one) */
  id: string;
  cellType: CellKind;
  source: string;
  executionCount: number | null;
  /** nbformat output objects; pass the SAME array again while the outputs are unchanged */
  outputs: readonly unknown[];
  /** the cell metadata; pass the SAME object again while it is unchanged */
  metadata: Readonly<Record<string, unknown>>;
}

/** The open notebook: its path in the Jupyter root, metadata and cells. */
export interface NotebookInput {
  path: string;
  /** notebook metadata (kernelspec, language_info, nbcraft suppressions...) */
  metadata: Readonly<Record<string, unknown>>;
  cells: readonly CellInput[];
  /**
   * Installed versions (distribution -> version) the notebook's kernel reported for packages a
   * `%pip install` leaves unpinned: the unpinned-pip-install rule offers to pin them.
   */
  pinVersions?: Readonly<Record<string, string>>;
  /**
   * The notebook as Jupyter would save it. Called lazily, only when a rule needs the file
   * text (e.g. to locate a secret inside an output); '' when absent.
   */
  serialize?: () => string;
  /** the notebook's git repository, as the server found it (the repository lint rules) */
  repository?: RepositoryState;
}

interface CachedCell {
  input: CellInput;
  kernelLanguage: string;
  cell: NotebookCell;
}

function sameCell(a: CellInput, b: CellInput): boolean {
  return (
    a.source === b.source &&
    a.cellType === b.cellType &&
    a.executionCount === b.executionCount &&
    a.outputs === b.outputs &&
    a.metadata === b.metadata
  );
}

/** The notebook metadata keys the reader looks at to decide the kernel language. */
function languageMetadata(
  metadata: Readonly<Record<string, unknown>>
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (metadata.kernelspec !== undefined) {
    out.kernelspec = metadata.kernelspec;
  }
  if (metadata.language_info !== undefined) {
    out.language_info = metadata.language_info;
  }
  return out;
}

/** nbformat JSON of one cell, in the shape readIpynb expects. */
function cellJson(input: CellInput): Record<string, unknown> {
  // The id is set after reading: the lab's ids are always usable, and a reader refusal for
  // an id the user never sees would hide every other finding.
  const json: Record<string, unknown> = {
    cell_type: input.cellType,
    id: 'cell',
    metadata: input.metadata,
    source: input.source
  };
  if (input.cellType === 'code') {
    json.execution_count = input.executionCount;
    json.outputs = input.outputs;
  }
  return json;
}

/** Builds library notebooks from open notebooks, re-reading only the cells that changed. */
export class NotebookSnapshotBuilder {
  private cache = new Map<string, CachedCell>();
  private languageCache: { metadata: unknown; language: string } | null = null;
  /** how many cells the last `build` had to re-read (for tests and benchmarks) */
  lastRebuiltCells = 0;

  build(input: NotebookInput): Notebook {
    const kernelLanguage = this.kernelLanguage(input);
    const next = new Map<string, CachedCell>();
    const cells: NotebookCell[] = [];
    let rebuilt = 0;
    input.cells.forEach((cellInput, index) => {
      let cached = this.cache.get(cellInput.id);
      if (
        cached?.kernelLanguage !== kernelLanguage ||
        !sameCell(cached.input, cellInput)
      ) {
        cached = {
          input: cellInput,
          kernelLanguage,
          cell: this.readCell(input, cellInput)
        };
        rebuilt++;
      }
      next.set(cellInput.id, cached);
      const cell =
        cached.cell.index === index
          ? cached.cell
          : { ...cached.cell, index, id: cellInput.id };
      cached.cell = cell;
      cells.push(cell);
    });
    this.cache = next;
    this.lastRebuiltCells = rebuilt;
    const serialize = input.serialize;
    let text: string | undefined;
    return {
      path: input.path,
      format: 'ipynb',
      nbformat: [4, 5],
      kernelLanguage,
      metadata: { ...input.metadata },
      cells,
      get text(): string {
        text ??= serialize ? serialize() : '';
        return text;
      },
      indent: 1
    };
  }

  private kernelLanguage(input: NotebookInput): string {
    const relevant = languageMetadata(input.metadata);
    const key = JSON.stringify(relevant);
    if (this.languageCache?.metadata !== key) {
      const nb = readIpynb(
        input.path,
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: relevant,
          cells: []
        })
      );
      this.languageCache = { metadata: key, language: nb.kernelLanguage };
    }
    return this.languageCache.language;
  }

  private readCell(input: NotebookInput, cellInput: CellInput): NotebookCell {
    const doc = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: languageMetadata(input.metadata),
      cells: [cellJson(cellInput)]
    };
    const cell = readIpynb(input.path, JSON.stringify(doc)).cells[0];
    return { ...cell, id: cellInput.id };
  }
}
