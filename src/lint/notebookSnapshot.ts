/**
 * Turns the cells of an open notebook into the library's `Notebook`, the same structure
 * `nbcraft lint` reads from the saved file. Each cell goes through the library's own .ipynb
 * reader (on a one-cell document), so cell languages, tags, magics and flattened outputs are
 * decided by exactly the code the CLI runs; the result is cached per cell and rebuilt only
 * when that cell changes.
 *
 * File positions (Finding.file, and where a rule finds a secret in the outputs) are those of
 * the notebook as Jupyter's server saves it: the one-cell document holds the cell's text exactly
 * as the whole file does (sorted keys, indent 1, lines split as nbformat writes them, at the
 * same depth, without the `trusted` flag nbformat strips on save), so a cell's positions are
 * its one-cell positions moved by the text of the cells above it: a sum per lint, with no cell
 * read again when only the cells above changed. Not modelled, so positions below them can be
 * off by a few lines: markdown cells' attachments, and floats in outputs or metadata that Python
 * writes differently from JavaScript (`1e-05` against `0.00001`).
 */
import {
  readIpynb,
  rememberRuntime,
  withPlatformLanguages
} from '@nbcraft/lint-rules';
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
  /** the notebook's git repository, as the server found it (the repository lint rules) */
  repository?: RepositoryState;
}

interface CachedCell {
  input: CellInput;
  kernelLanguage: string;
  /** the cell as read from its one-cell document */
  read: NotebookCell;
  /** the cell's JSON text as in the saved file (see savedCellText) */
  text: string;
  /** line breaks in `text` */
  breaks: number;
  /** `read` placed in the whole notebook (as cell `placed.index`), and where its text lies */
  placed: NotebookCell | null;
  at: Placement;
}

/** Python's str.splitlines(True), which nbformat uses to store multi-line strings. */
const LINE =
  // eslint-disable-next-line no-control-regex -- Python's line boundaries include \x1c-\x1e
  /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+$/g;

function splitLines(value: unknown): unknown {
  return typeof value === 'string' ? (value.match(LINE) ?? []) : value;
}

/** A mime bundle as nbformat writes it: text/*, SVG and JavaScript as lists of lines. */
function splitBundle(bundle: unknown): unknown {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) {
    return bundle;
  }
  return Object.fromEntries(
    Object.entries(bundle).map(([mime, value]) => [
      mime,
      mime.startsWith('text/') ||
      mime === 'image/svg+xml' ||
      mime === 'application/javascript'
        ? splitLines(value)
        : value
    ])
  );
}

/** `value` with every object's keys in order, as json.dumps(sort_keys=True) writes them. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortedKeys);
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map(k => [k, sortedKeys(obj[k])])
    );
  }
  return value;
}

/** JSON at indent 1 placed `depth` levels deep (its lines after the first indented). */
function jsonAt(value: unknown, depth: number): string {
  return JSON.stringify(sortedKeys(value), null, 1).replace(
    /\n/g,
    `\n${' '.repeat(depth)}`
  );
}

/** What comes before the first cell's text and between two cells' texts in the saved file. */
const CELLS_START = '{\n "cells": [\n  ';
const CELLS_BETWEEN = ',\n  ';

/** The saved file's text from the cells' texts on: `]` and the notebook's own keys. */
function fileEnd(metadata: unknown, noCells: boolean): string {
  return `${noCells ? '' : '\n '}],\n "metadata": ${jsonAt(metadata, 1)},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n`;
}

function countBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    n++;
  }
  return n;
}

/** How much longer the text before a cell is in the whole file than in its one-cell document. */
interface Placement {
  offset: number;
  lines: number;
}

/**
 * `cell` (read from its one-cell document) as cell `index` of the whole file, its file positions
 * moved by `at`. `at` is read on each call and updated in place by the next build: when a cell
 * above grows, the cells below keep their objects (a keystroke allocates nothing for them).
 */
function placeCell(
  cell: NotebookCell,
  index: number,
  id: string,
  at: Placement
): NotebookCell {
  const { sourceRange, cellRange } = cell;
  return {
    ...cell,
    index,
    id,
    toFileOffset: pos => cell.toFileOffset(pos) + at.offset,
    toFilePosition: pos => {
      const p = cell.toFilePosition(pos);
      return { line: p.line + at.lines, column: p.column };
    },
    get sourceRange() {
      return {
        start: sourceRange.start + at.offset,
        end: sourceRange.end + at.offset
      };
    },
    get cellRange() {
      return (
        cellRange && {
          start: cellRange.start + at.offset,
          end: cellRange.end + at.offset
        }
      );
    }
  };
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

/**
 * Cell metadata as nbformat saves it: the server marks every cell `trusted` when it loads the
 * notebook and JupyterLab keeps that in the model, but nbformat's writer strips it
 * (`strip_transient`), so the saved file has no such key.
 */
function savedMetadata(
  metadata: Readonly<Record<string, unknown>>
): Readonly<Record<string, unknown>> {
  if (!('trusted' in metadata)) {
    return metadata;
  }
  const { trusted: _transient, ...saved } = metadata;
  return saved;
}

/** nbformat JSON of one cell as the saved file holds it (lines split as nbformat writes them). */
function savedCellJson(input: CellInput): Record<string, unknown> {
  const json: Record<string, unknown> = {
    cell_type: input.cellType,
    id: input.id,
    metadata: savedMetadata(input.metadata),
    source: splitLines(input.source)
  };
  if (input.cellType === 'code') {
    json.execution_count = input.executionCount;
    json.outputs = input.outputs.map(output => {
      if (!output || typeof output !== 'object') {
        return output;
      }
      const o = { ...(output as Record<string, unknown>) };
      if (o.output_type === 'stream') {
        o.text = splitLines(o.text);
      } else if ('data' in o) {
        o.data = splitBundle(o.data);
      }
      return o;
    });
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
    const texts: string[] = [];
    let rebuilt = 0;
    // how much longer the text before this cell is than in its one-cell document
    let offset = 0;
    let lines = 0;
    input.cells.forEach((cellInput, index) => {
      let cached = this.cache.get(cellInput.id);
      if (
        cached?.kernelLanguage !== kernelLanguage ||
        !sameCell(cached.input, cellInput)
      ) {
        const text = jsonAt(savedCellJson(cellInput), 2);
        cached = {
          input: cellInput,
          kernelLanguage,
          read: this.readCell(input, text),
          text,
          breaks: countBreaks(text),
          placed: null,
          at: { offset: 0, lines: 0 }
        };
        rebuilt++;
      }
      next.set(cellInput.id, cached);
      cached.at.offset = offset;
      cached.at.lines = lines;
      let cell = cached.placed;
      if (cell?.index !== index) {
        cell = placeCell(cached.read, index, cellInput.id, cached.at);
        cached.placed = cell;
      }
      cells.push(cell);
      texts.push(cached.text);
      offset += cached.text.length + CELLS_BETWEEN.length;
      lines += cached.breaks + 1;
    });
    this.cache = next;
    this.lastRebuiltCells = rebuilt;
    const metadata = input.metadata;
    let text: string | undefined;
    // the one-cell documents see neither the notebook's metadata (a Databricks export, Synapse)
    // nor its other cells (`dbutils` calls, `%load_ext sql`, `%spark add -l python`): the
    // languages are set from the platform decision as readIpynb sets them on the saved file
    const platform = withPlatformLanguages(cells, metadata, kernelLanguage);
    const notebook: Notebook = {
      path: input.path,
      format: 'ipynb',
      nbformat: [4, 5],
      kernelLanguage,
      metadata: { ...metadata },
      cells: platform.cells,
      // the saved file's text, put together only when a rule asks for it
      get text(): string {
        text ??=
          (texts.length ? CELLS_START : '{\n "cells": [') +
          texts.join(CELLS_BETWEEN) +
          fileEnd(metadata, texts.length === 0);
        return text;
      },
      indent: 1
    };
    // the rules ask notebookRuntime: the decision just made, not made again
    rememberRuntime(notebook, platform.runtime);
    return notebook;
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

  /** The cell read from a document holding only it, its text where the saved file's first is. */
  private readCell(input: NotebookInput, text: string): NotebookCell {
    const doc =
      CELLS_START + text + fileEnd(languageMetadata(input.metadata), false);
    return readIpynb(input.path, doc).cells[0];
  }
}
