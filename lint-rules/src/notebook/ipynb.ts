/**
 * The .ipynb reader: nbformat 4.0-4.5, with every cell's source mapped back to the exact
 * line and column inside its JSON string literal(s).
 */
import { CellLocation, JsonSyntaxError, scanNotebookJson } from './jsonScan';
import { JsonSourceMap } from './jsonSourceMap';
import {
  cellMagicLanguage,
  databricksMagicLanguage,
  normaliseLanguage,
  synapseLanguageMagic,
  sparkmagicSessionLanguage
} from './languages';
import { GrowingLineIndex } from './lines';
import {
  hasSynapseKernel,
  isDatabricksExport,
  isObject,
  isSynapseSparkNotebook,
  loadsIPythonLanguageMagics
} from './platform';
import {
  decideRuntime,
  rememberRuntime,
  type NotebookRuntime
} from './runtime';
import {
  CellKind,
  CellOutput,
  FilePosition,
  Notebook,
  NotebookCell,
  NotebookIssue,
  NotebookReadError,
  Position
} from './types';

const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** A looks-binary check on the start of the file: NUL bytes never occur in JSON text. */
function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}

/** A list's elements joined when they are all strings (nbformat's multiline strings); else undefined. */
function joinStrings(v: unknown[]): string | undefined {
  for (const x of v) {
    if (typeof x !== 'string') return undefined;
  }
  return v.join('');
}

function multiline(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return joinStrings(v) ?? v.filter(x => typeof x === 'string').join('');
  return '';
}

function flattenOutput(raw: unknown): CellOutput | null {
  if (!isObject(raw)) return null;
  const t = raw.output_type;
  if (t === 'stream') {
    return {
      outputType: 'stream',
      text: multiline(raw.text),
      name: typeof raw.name === 'string' ? raw.name : undefined,
      raw
    };
  }
  if (t === 'execute_result' || t === 'display_data') {
    const data = isObject(raw.data) ? raw.data : {};
    const text =
      'text/plain' in data
        ? multiline(data['text/plain'])
        : multiline(data['text/html']);
    return { outputType: t, text, raw };
  }
  if (t === 'error') {
    const ename = typeof raw.ename === 'string' ? raw.ename : '';
    const evalue = typeof raw.evalue === 'string' ? raw.evalue : '';
    const tb = Array.isArray(raw.traceback)
      ? raw.traceback.filter(x => typeof x === 'string').join('\n')
      : '';
    return {
      outputType: 'error',
      text: `${ename}: ${evalue}${tb ? '\n' + tb.replace(ANSI, '') : ''}`,
      ename,
      evalue,
      raw
    };
  }
  return null;
}

function fail(
  path: string,
  lines: GrowingLineIndex,
  message: string,
  offset: number,
  hint?: string,
  cell?: number
): never {
  const { line, column } = lines.filePosition(offset);
  throw new NotebookReadError(path, message, { line, column, hint, cell });
}

/**
 * The cells with sparkmagic's `%%spark` cells (read as of unknown language) in the language the
 * notebook's `%spark add -l ...` line made its session with; a Synapse/Fabric notebook's `%%spark`
 * is Synapse's (Scala) and stays. The cells themselves are not changed: a changed one is copied.
 */
export function withSparkmagicLanguage(
  cells: NotebookCell[],
  metadata: Record<string, unknown>
): NotebookCell[] {
  const session =
    cells.some(c => c.magic === 'spark') && !isSynapseSparkNotebook(metadata)
      ? sparkmagicSessionLanguage(cells.map(c => c.source))
      : undefined;
  return session === undefined
    ? cells
    : cells.map(c =>
        c.kind === 'code' && c.magic === 'spark' && c.language === 'unknown'
          ? { ...c, language: session }
          : c
      );
}

/**
 * Every cell's language from the notebook's platform, the one owner for the reader and the lab's
 * snapshot (which reads each cell from a document without the notebook's other cells and
 * metadata): the runtime decision every rule asks (notebookRuntime) decides how a first-line
 * magic reads. Databricks' `%sql`/`%md`/`%sh` set the cell's language in a Databricks notebook
 * (by its format or export metadata, or a plain-kernelspec notebook that calls `dbutils`), unless
 * a notebook Databricks' only by its `dbutils` calls loads IPython's SQL or R magics: there the
 * first-line magic is IPython's and the cell Python. Synapse's `%%spark` and sparkmagic's session
 * language as well. A cell whose language does not change is returned as is.
 */
export function withPlatformLanguages(
  cells: readonly NotebookCell[],
  metadata: Record<string, unknown>,
  kernelLanguage: string
): { cells: NotebookCell[]; runtime: NotebookRuntime } {
  const runtime = decideRuntime({ format: 'ipynb', metadata, cells });
  const databricks =
    runtime === 'databricks' &&
    (isDatabricksExport(metadata) || !loadsIPythonLanguageMagics(cells));
  const synapse = runtime === 'synapse' || runtime === 'fabric';
  const languages = cells.map(c => {
    const language = cellLanguage(
      c.kind,
      c.metadata,
      c.source,
      kernelLanguage,
      databricks,
      synapse
    );
    return language === c.language ? c : { ...c, language };
  });
  return { cells: withSparkmagicLanguage(languages, metadata), runtime };
}

function cellLanguage(
  kind: CellKind,
  metadata: Record<string, unknown>,
  source: string,
  kernelLanguage: string,
  databricks: boolean,
  synapse: boolean
): string {
  if (kind === 'markdown') return 'markdown';
  if (kind === 'raw') return 'raw';
  // .NET Interactive's / Polyglot Notebooks' per-cell kernel (`polyglot_notebook.kernelName`,
  // older `dotnet_interactive.language`: pwsh, csharp, sql, or a connected Python kernel's name),
  // VS Code's and Synapse/Fabric's per-cell language (`microsoft.language`: python, sparksql,
  // scala, r)
  const polyglot = metadata.polyglot_notebook;
  const dotnet = metadata.dotnet_interactive;
  const vscode = metadata.vscode;
  const microsoft = metadata.microsoft;
  const fromMeta =
    (isObject(polyglot) ? normaliseLanguage(polyglot.kernelName) : undefined) ??
    (isObject(dotnet) ? normaliseLanguage(dotnet.language) : undefined) ??
    (isObject(vscode) ? normaliseLanguage(vscode.languageId) : undefined) ??
    (isObject(microsoft) ? normaliseLanguage(microsoft.language) : undefined);
  if (databricks) {
    // `%sql` / `%sh ls` on the first line: Databricks runs the whole cell in that language
    const m = /^\s*%([A-Za-z][\w-]*)(?![\w%])/.exec(source);
    const lang =
      m && !source.trimStart().startsWith('%%')
        ? databricksMagicLanguage(m[1])
        : undefined;
    if (lang !== undefined && lang !== 'python') return lang;
  }
  if (source.startsWith('%%')) {
    const m = /^%%([A-Za-z_][\w-]*)/.exec(source);
    if (m) {
      // Synapse/Fabric: `%%pyspark` is Python and `%%spark` Scala whatever the notebook's language
      const set = synapse ? synapseLanguageMagic(m[1]) : undefined;
      if (set !== undefined) {
        return set;
      }
      const lang = cellMagicLanguage(m[1]);
      return lang === 'python'
        ? (fromMeta ?? kernelLanguage)
        : (lang ?? 'unknown');
    }
  }
  return fromMeta ?? kernelLanguage;
}

/** Reads an .ipynb text. Throws NotebookReadError with a 1-based location and a hint. */
export function readIpynb(path: string, text: string): Notebook {
  // file positions, for a read error or a finding: line starts found only as far as asked
  const lines = new GrowingLineIndex(text);
  if (looksBinary(text)) {
    throw new NotebookReadError(path, 'this is a binary file, not a notebook', {
      line: 1,
      column: 1,
      hint: 'an .ipynb file is JSON text; check that the file was not corrupted or misnamed'
    });
  }
  let data: unknown;
  let locations;
  try {
    let parsedOk = false;
    try {
      data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      parsedOk = true;
    } catch {
      // the validating scan below says where and why
    }
    locations = scanNotebookJson(text, parsedOk);
    if (!parsedOk) throw new Error('the file is not valid JSON');
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const looksLikeScript = /^\s*(#|import |from |def |print\()/.test(text);
      fail(
        path,
        lines,
        `invalid JSON: ${e.message}`,
        e.offset,
        looksLikeScript
          ? 'this looks like a Python script, not a notebook; rename it to .py (or convert it with `jupytext --to ipynb`)'
          : 'fix the JSON at this position (a merge conflict or a truncated save are the usual causes), or restore the file from version control'
      );
    }
    if (e instanceof RangeError) {
      throw new NotebookReadError(
        path,
        'the JSON is nested too deeply to read',
        {
          line: 1,
          column: 1,
          hint: 'a notebook is a flat JSON object; this file was probably not written by Jupyter'
        }
      );
    }
    throw new NotebookReadError(path, `invalid JSON: ${(e as Error).message}`, {
      line: 1,
      column: 1,
      hint: 'fix the JSON or restore the file from version control'
    });
  }
  if (!isObject(data)) {
    fail(
      path,
      lines,
      'a notebook must be a JSON object',
      locations.top,
      'this file is JSON but not an nbformat notebook'
    );
  }
  const at = (key: string) => locations.topValues.get(key) ?? locations.top;
  const major = data.nbformat;
  if (major === undefined) {
    fail(
      path,
      lines,
      'missing "nbformat" key: this is not a Jupyter notebook',
      locations.top,
      'a notebook has "nbformat": 4, "nbformat_minor", "metadata" and "cells" at the top level'
    );
  }
  if (typeof major !== 'number' || !Number.isInteger(major)) {
    fail(
      path,
      lines,
      `"nbformat" must be an integer, found ${JSON.stringify(major)}`,
      at('nbformat'),
      'Jupyter notebooks have "nbformat": 4 (a number, not a string): fix the value, or restore the file from version control'
    );
  }
  if (major < 4) {
    fail(
      path,
      lines,
      `nbformat ${major} notebooks are not supported (nbcraft reads nbformat 4)`,
      at('nbformat'),
      `upgrade it with \`jupyter nbconvert --to notebook --nbformat 4 --inplace ${path}\`, or open and save it in JupyterLab`
    );
  }
  if (major > 4) {
    fail(
      path,
      lines,
      `nbformat ${major} is newer than nbcraft understands (it reads 4.0 to 4.5)`,
      at('nbformat'),
      'upgrade nbcraft, or save the notebook as nbformat 4 with `jupyter nbconvert --to notebook --nbformat 4`'
    );
  }
  const minorRaw = data.nbformat_minor;
  const minor =
    typeof minorRaw === 'number' && Number.isInteger(minorRaw) ? minorRaw : 0;
  if (minorRaw !== undefined && minor !== minorRaw) {
    fail(
      path,
      lines,
      `"nbformat_minor" must be an integer, found ${JSON.stringify(minorRaw)}`,
      at('nbformat_minor'),
      'nbformat 4 notebooks have "nbformat_minor" 0 to 5 (a number, not a string): fix the value, or restore the file from version control'
    );
  }
  if (!Array.isArray(data.cells)) {
    fail(
      path,
      lines,
      data.cells === undefined
        ? 'missing "cells" key'
        : '"cells" must be an array',
      data.cells === undefined ? locations.top : at('cells'),
      'a notebook has "nbformat": 4, "nbformat_minor", "metadata" and "cells" at the top level'
    );
  }
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const ks = metadata.kernelspec;
  const li = metadata.language_info;
  // a Synapse/Fabric kernel (`synapse_pyspark`) runs Python, Scala, SQL or R cells: its
  // kernelspec says Python whatever the notebook's language, which language_info names; a Fabric
  // Python notebook's kernelspec (`jupyter`) says "Jupyter", no language at all
  const multiLanguageKernel =
    isObject(ks) &&
    (hasSynapseKernel({ kernelspec: ks }) || ks.name === 'jupyter');
  const fromKernelspec = isObject(ks)
    ? normaliseLanguage(ks.language)
    : undefined;
  const fromLanguageInfo = isObject(li)
    ? normaliseLanguage(li.name)
    : undefined;
  // language_info is what the kernel that ran the notebook reported; a kernelspec is what the
  // front end had selected. A Python kernelspec beside a non-Python language_info is a notebook
  // another kernel ran (round 23: Azure ML's PowerShell notebooks, kernelspec
  // `python38-azureml`, language_info PowerShell, kernel_info `.net-powershell`): what ran wins
  const ranOtherThanKernelspec =
    fromKernelspec === 'python' &&
    fromLanguageInfo !== undefined &&
    fromLanguageInfo !== 'python';
  const kernelLanguage =
    (multiLanguageKernel || ranOtherThanKernelspec
      ? (fromLanguageInfo ?? fromKernelspec)
      : (fromKernelspec ?? fromLanguageInfo)) ?? 'python';

  const rawCells = data.cells as unknown[];
  const cells: NotebookCell[] = [];
  const seenIds = new Map<string, number>();
  const issues: NotebookIssue[] = [];
  const idsRequired = minor >= 5;
  for (let i = 0; i < rawCells.length; i++) {
    const raw = rawCells[i];
    const loc: CellLocation = locations.cells[i];
    if (!isObject(raw))
      fail(
        path,
        lines,
        `cell ${i + 1} is not a JSON object`,
        loc.start,
        undefined,
        i
      );
    const type = raw.cell_type;
    if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
      fail(
        path,
        lines,
        type === undefined
          ? `cell ${i + 1} has no "cell_type"`
          : `cell ${i + 1} has an unknown cell_type ${JSON.stringify(type)}`,
        loc.cellType ?? loc.start,
        'cell_type must be "code", "markdown" or "raw"',
        i
      );
    }
    const src = raw.source;
    const source =
      typeof src === 'string'
        ? src
        : Array.isArray(src)
          ? joinStrings(src)
          : undefined;
    if (src === undefined)
      fail(
        path,
        lines,
        `cell ${i + 1} has no "source"`,
        loc.start,
        'add "source": [] to the cell',
        i
      );
    if (source === undefined) {
      fail(
        path,
        lines,
        `cell ${i + 1}: "source" must be a string or a list of strings`,
        loc.source?.start ?? loc.start,
        undefined,
        i
      );
    }
    const id = raw.id;
    // nbformat.read() accepts these and Jupyter repairs them on save: read the notebook and
    // let the invalid-cell-id rule report them
    if (id !== undefined) {
      const idAt = loc.idLiteral ?? loc.start;
      const idEnd = idAt + JSON.stringify(id).length;
      if (typeof id !== 'string' || !CELL_ID.test(id)) {
        issues.push({
          kind: 'invalid-cell-id',
          message: `cell ${i + 1} has an invalid id ${JSON.stringify(id)}`,
          hint: 'a cell id is 1 to 64 letters, digits, "-" or "_"; JupyterLab gives the cell a valid one when it saves the notebook',
          cell: i,
          from: idAt,
          to: idEnd
        });
      } else {
        const first = seenIds.get(id);
        if (first !== undefined) {
          issues.push({
            kind: 'duplicate-cell-id',
            message: `cell ${i + 1} has the same id "${id}" as cell ${first + 1}`,
            hint: 'cell ids must be unique; give one of the cells a new id (JupyterLab does so when it saves the notebook)',
            cell: i,
            from: idAt,
            to: idEnd
          });
        } else seenIds.set(id, i);
      }
    } else if (idsRequired) {
      issues.push({
        kind: 'missing-cell-id',
        message: `cell ${i + 1} has no "id" (required since nbformat 4.5)`,
        hint: 'open and save the notebook in JupyterLab, or run `python -c "import nbformat,sys; nb=nbformat.read(sys.argv[1],4); nbformat.validator.normalize(nb); nbformat.write(nb,sys.argv[1])" FILE` to add ids',
        cell: i,
        from: loc.start,
        to: loc.start + 1
      });
    }
    const kind = type;
    const cellMeta = isObject(raw.metadata) ? raw.metadata : {};
    const tags = Array.isArray(cellMeta.tags)
      ? cellMeta.tags.filter((t): t is string => typeof t === 'string')
      : [];
    const outputs: CellOutput[] = [];
    if (kind === 'code' && Array.isArray(raw.outputs)) {
      for (const o of raw.outputs) {
        const f = flattenOutput(o);
        if (f) outputs.push(f);
      }
    }
    const ec = raw.execution_count;
    const sourceLoc = loc.source as { start: number; end: number };
    // the map is made when a position in this cell is first asked for
    let map: JsonSourceMap | undefined;
    const toFileOffset = (pos: Position): number =>
      (map ??= new JsonSourceMap(text, sourceLoc.start, sourceLoc.end)).offset(
        pos
      );
    const magicMatch =
      kind === 'code' && source.startsWith('%%')
        ? /^%%([A-Za-z_][\w-]*)/.exec(source)
        : null;
    cells.push({
      index: i,
      kind,
      id: typeof id === 'string' ? id : undefined,
      source,
      // decided below, once the notebook's runtime is known
      language: '',
      // nbformat's schema allows 0 ("integer or null, minimum 0"; null: not run) but no kernel
      // numbers a run 0 (IPython's InteractiveShell.execution_count starts at 1): 0 is a
      // placeholder tools write, read as not run by every rule (the lab builds its snapshot
      // through this reader too)
      executionCount: typeof ec === 'number' && ec > 0 ? ec : null,
      // ... kept apart for NB102: 0s saved with outputs say the tool that wrote them ran the cells
      zeroCount: ec === 0,
      outputs,
      metadata: cellMeta,
      tags,
      magic: magicMatch ? magicMatch[1] : undefined,
      toFileOffset,
      toFilePosition: (pos: Position): FilePosition =>
        lines.filePosition(toFileOffset(pos)),
      sourceRange: { start: sourceLoc.start, end: sourceLoc.end },
      cellRange: { start: loc.start, end: loc.end }
    });
  }
  const platform = withPlatformLanguages(cells, metadata, kernelLanguage);
  const indentMatch = /^\{\r?\n( +)"/.exec(text);
  const notebook: Notebook = {
    path,
    format: 'ipynb',
    nbformat: [major, minor],
    kernelLanguage,
    metadata,
    cells: platform.cells,
    text,
    indent: indentMatch ? indentMatch[1].length : 1,
    ...(issues.length ? { issues } : {})
  };
  rememberRuntime(notebook, platform.runtime);
  return notebook;
}

/**
 * A Notebook from an in-memory nbformat object (e.g. JupyterLab's model.toJSON()), read exactly
 * like a file: it is serialised the way Jupyter writes notebooks (indent 1, trailing newline), so
 * cell logic, validation and positions are those of readIpynb on the saved file.
 */
/** JSON.stringify, typed as it behaves: undefined for undefined, functions and symbols */
const stringifyOrUndefined = JSON.stringify as (
  value: unknown,
  replacer: null,
  space: number
) => string | undefined;

export function notebookFromJson(path: string, notebook: unknown): Notebook {
  let json: string | undefined;
  try {
    json = stringifyOrUndefined(notebook, null, 1);
  } catch (e) {
    throw new NotebookReadError(
      path,
      `cannot serialise the notebook: ${(e as Error).message}`,
      {
        hint: 'the notebook object must be plain JSON data'
      }
    );
  }
  if (json === undefined)
    throw new NotebookReadError(path, 'no notebook given', {
      hint: 'pass an nbformat object'
    });
  return readIpynb(path, json + '\n');
}
