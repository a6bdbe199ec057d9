/**
 * The notebook model shared by the linter and the promote planner.
 *
 * Positions inside a cell are 0-based (line, column in UTF-16 code units of `source`).
 * `toFilePosition` is the one place that answers in the FILE's own coordinates (1-based),
 * which is what SARIF, GitHub annotations and editors want.
 */

/** The three on-disk notebook formats nbcraft reads. */
export type NotebookFormat = 'ipynb' | 'databricks' | 'percent';

/** Jupyter's cell types. Databricks `%md` and jupytext `[markdown]` cells are 'markdown'. */
export type CellKind = 'code' | 'markdown' | 'raw';

/** A 0-based position inside a cell's `source`. */
export interface Position {
  line: number;
  column: number;
}

/** A 1-based position in the notebook file itself (UTF-16 code units, like editors count). */
export interface FilePosition {
  line: number;
  column: number;
}

/** One output of an .ipynb code cell, flattened to the text rules look at. */
export interface CellOutput {
  outputType: 'stream' | 'execute_result' | 'display_data' | 'error';
  /** stream text, text/plain (or text/html when there is no text/plain), or "ename: evalue" + traceback */
  text: string;
  ename?: string;
  evalue?: string;
  /** the stream name (stdout/stderr) */
  name?: string;
  /** the output exactly as it was in the file */
  raw: unknown;
}

export interface NotebookCell {
  /** 0-based position among ALL cells (humans see index + 1) */
  index: number;
  kind: CellKind;
  id?: string;
  /** the cell text as the user edits it (Databricks: `# MAGIC ` prefixes removed; percent markdown: `# ` removed) */
  source: string;
  /** 'python' | 'markdown' | 'sql' | 'scala' | 'r' | 'sh' | 'raw' | ... (from cell magic / %lang / kernel / metadata) */
  language: string;
  /** the kernel's count; null when not run, and for a saved 0 (see `zeroCount`) */
  executionCount: number | null;
  /**
   * .ipynb: the cell was saved with `execution_count` 0. 0 reads as not run (`executionCount`
   * null: no kernel numbers a run 0, IPython's count starts at 1), but where cells of count 0
   * kept outputs the tool that wrote the notebook ran them and numbered nothing, so the notebook
   * claims a run (NB102's gate, support/neverRun.ts). NB101 reads 0 as not run.
   */
  zeroCount?: boolean;
  outputs: CellOutput[];
  /** the cell's metadata; tags at metadata.tags (see `tags`) */
  metadata: Record<string, unknown>;
  /** metadata.tags when it is a list of strings, else [] */
  tags: string[];
  /**
   * Databricks and percent formats: the cell's magic command from its first line, without `%`
   * (e.g. 'md', 'sql', 'python', 'pip', 'run', 'sh', 'fs'); undefined when there is none.
   */
  magic?: string;
  /** Maps a 0-based position in `source` to the 1-based line/column in the FILE itself
   *  (for .ipynb: inside the JSON string, accounting for escapes like \" and \n).
   *  Positions past the end of a line or of the cell are clamped to the nearest real character. */
  toFilePosition(pos: Position): FilePosition;
  /** Same mapping, as a 0-based offset into `Notebook.text`. */
  toFileOffset(pos: Position): number;
  /**
   * Where the cell's source value lies in `Notebook.text` (0-based offsets, end exclusive):
   * for .ipynb the whole JSON value of "source" (string or array, brackets included);
   * for .py formats the cell's lines (after the marker line, MAGIC prefixes included).
   */
  sourceRange: { start: number; end: number };
  /**
   * Where the whole cell lies in `Notebook.text` (0-based, end exclusive): for .ipynb the cell's
   * JSON object (outputs included), for .py formats the same as `sourceRange`. Every finding about
   * the cell, outputs included, is located inside it.
   */
  cellRange?: { start: number; end: number };
}

/**
 * Something in the file that nbformat's schema forbids but Jupyter opens anyway and repairs on
 * its next save (so the notebook is read, and a rule reports it instead of a read error).
 */
export interface NotebookIssue {
  kind: 'missing-cell-id' | 'invalid-cell-id' | 'duplicate-cell-id';
  message: string;
  /** what the user can do */
  hint: string;
  /** 0-based index of the cell */
  cell: number;
  /** 0-based offset span in `Notebook.text` */
  from: number;
  to: number;
}

export interface Notebook {
  path: string;
  format: NotebookFormat;
  /** [major, minor] for .ipynb */
  nbformat?: [number, number];
  /** 'python' unless metadata (kernelspec.language / language_info.name / Databricks header) says otherwise */
  kernelLanguage: string;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  /** original file text (fixes and byte-identical write-back use it) */
  text: string;
  /** For .ipynb: the indentation Jupyter used (1 by default), so a re-serialisation can keep the layout. */
  indent?: number;
  /** For .ipynb: repairable schema problems (missing, invalid or duplicate cell ids), in cell order */
  issues?: NotebookIssue[];
}

/** A clear, located refusal to read a file. `line`/`column` are 1-based positions in the file. */
export class NotebookReadError extends Error {
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  /** what the user can do about it */
  readonly hint?: string;
  /** 0-based cell index when the problem is inside one cell */
  readonly cell?: number;

  constructor(
    path: string,
    message: string,
    where: { line?: number; column?: number; hint?: string; cell?: number } = {}
  ) {
    super(message);
    this.name = 'NotebookReadError';
    this.path = path;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
    this.cell = where.cell;
  }

  /** "path:line:col: message (hint)" for humans */
  describe(): string {
    const loc =
      this.line !== undefined
        ? `:${this.line}${this.column !== undefined ? `:${this.column}` : ''}`
        : '';
    const cell = this.cell !== undefined ? ` (cell ${this.cell + 1})` : '';
    return `${this.path}${loc}: ${this.message}${cell}${this.hint ? `. ${this.hint}` : ''}`;
  }
}
