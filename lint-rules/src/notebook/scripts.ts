/**
 * Readers for notebooks stored as scripts: Databricks notebook source files and jupytext
 * percent scripts. Cells map to the file by a line offset plus, per line, the width of the
 * comment prefix that the format adds (`# MAGIC `, or `# ` in percent markdown cells).
 */
import {
  cellMagicLanguage,
  databricksLanguageMagic,
  databricksMagicLanguage
} from './languages';
import { commentMagicsOn, uncommentMagics } from './jupytextMagics';
import { LineIndex } from './lines';
import {
  CellKind,
  FilePosition,
  Notebook,
  NotebookCell,
  NotebookReadError,
  Position
} from './types';

/** Comment leader of a Databricks export per language, and the language it implies. */
const DATABRICKS_HEADERS: { leader: string; language: string }[] = [
  { leader: '#', language: 'python' },
  { leader: '--', language: 'sql' },
  { leader: '//', language: 'scala' }
];

/**
 * The header line of a Databricks source file: `# Databricks notebook source`, or as Databricks
 * exported notebooks until 2016, `# Databricks notebook source exported at Sun, 26 Jun 2016
 * 01:47:13 UTC` (the same `COMMAND ----------` separators and `MAGIC` lines follow). Another
 * word after "source" is not Databricks' header.
 */
function databricksLeader(
  firstLine: string
): { leader: string; language: string } | undefined {
  const line = firstLine.replace(/^\uFEFF/, '').trimEnd();
  return DATABRICKS_HEADERS.find(h => {
    const header = `${h.leader} Databricks notebook source`;
    return (
      line === header ||
      (line.startsWith(header) &&
        /^ exported at \S/.test(line.slice(header.length)))
    );
  });
}

/**
 * Where a Databricks source file's header line is, and where its first cell starts. Databricks
 * writes a notebook's environment (serverless dependencies, `[tool.databricks.environment]`) as
 * a PEP 723 inline-metadata block, `# /// script` … `# ///`, right after the header; the block
 * is the file's, not the first cell's (a `# MAGIC %md` title under it starts the first cell).
 * A block above the header, as a tool that adds PEP 723 metadata to scripts puts it, is read the
 * same way.
 */
interface DatabricksHeader {
  leader: string;
  language: string;
  /** 0-based line of `# Databricks notebook source` */
  headerLine: number;
  /** 0-based line where the first cell's text starts */
  bodyLine: number;
}

/** the lines of a text, read lazily (a header is found in its first few lines) */
function lineReader(text: string): (l: number) => string | undefined {
  const starts = [0];
  return (l: number) => {
    while (starts.length <= l) {
      const prev = starts[starts.length - 1];
      if (prev > text.length) return undefined;
      const nl = text.indexOf('\n', prev);
      starts.push(nl === -1 ? text.length + 1 : nl + 1);
    }
    const from = starts[l];
    if (from > text.length) return undefined;
    const nl = text.indexOf('\n', from);
    return text.slice(from, nl === -1 ? text.length : nl).replace(/\r$/, '');
  };
}

const METADATA_OPEN = /^(#|--|\/\/) \/\/\/ [A-Za-z\d-]+$/;

/**
 * The line after a PEP 723 block (`# /// TYPE`, lines that are `#` or `# …`, `# ///`) opening at
 * line `l`, or `l` when none opens there (or it is never closed).
 */
function afterMetadataBlock(
  lineAt: (l: number) => string | undefined,
  l: number
): number {
  const open = METADATA_OPEN.exec(
    lineAt(l)
      ?.replace(/^\uFEFF/, '')
      .trimEnd() ?? ''
  );
  if (!open) return l;
  const leader = open[1];
  for (let k = l + 1; ; k++) {
    const t = lineAt(k)?.trimEnd();
    if (t === undefined) return l;
    if (t === `${leader} ///`) return k + 1;
    if (t !== leader && !t.startsWith(`${leader} `)) return l;
  }
}

function databricksHeader(text: string): DatabricksHeader | undefined {
  const lineAt = lineReader(text);
  const headerLine = afterMetadataBlock(lineAt, 0);
  const found = databricksLeader(lineAt(headerLine) ?? '');
  if (!found) return undefined;
  const bodyLine =
    headerLine === 0 ? afterMetadataBlock(lineAt, 1) : headerLine + 1;
  return { ...found, headerLine, bodyLine };
}

const PERCENT_MARKER = /^#\s?%%(?=\s|$)(.*)$/;

/** True when a .py (or .sql/.scala/.r) text is a notebook: a Databricks header or jupytext `# %%` markers. */
export function isScriptNotebook(text: string): boolean {
  if (databricksHeader(text)) return true;
  return /^#\s?%%(?=\s|$)/m.test(text);
}

interface RawCell {
  kind: CellKind;
  language: string;
  /** 0-based file line where the cell's first source line is */
  firstLine: number;
  /** per source line, the width of the prefix removed from the file line */
  prefixes: number[];
  lines: string[];
  metadata: Record<string, unknown>;
  magic?: string;
}

function makeCell(index: number, raw: RawCell, lines: LineIndex): NotebookCell {
  const source = raw.lines.join('\n');
  const toFileOffset = (pos: Position): number => {
    const n = raw.lines.length;
    if (n === 0) return lines.offset(raw.firstLine, 0);
    const line = Math.max(0, Math.min(pos.line, n - 1));
    const column = Math.max(0, Math.min(pos.column, raw.lines[line].length));
    return lines.offset(raw.firstLine + line, raw.prefixes[line] + column);
  };
  const start = lines.offset(raw.firstLine, 0);
  const lastLine = raw.firstLine + Math.max(0, raw.lines.length - 1);
  const end = raw.lines.length
    ? lines.offset(lastLine, Number.MAX_SAFE_INTEGER)
    : start;
  const tags = raw.metadata.tags;
  return {
    index,
    kind: raw.kind,
    source,
    language: raw.language,
    executionCount: null,
    outputs: [],
    metadata: raw.metadata,
    tags: Array.isArray(tags)
      ? tags.filter((t): t is string => typeof t === 'string')
      : [],
    magic: raw.magic,
    toFileOffset,
    toFilePosition: (pos: Position): FilePosition =>
      lines.filePosition(toFileOffset(pos)),
    sourceRange: { start, end },
    cellRange: { start, end }
  };
}

function trimBlankLines(cell: RawCell): RawCell {
  while (cell.lines.length && cell.lines[0].trim() === '') {
    cell.lines.shift();
    cell.prefixes.shift();
    cell.firstLine++;
  }
  while (cell.lines.length && cell.lines[cell.lines.length - 1].trim() === '') {
    cell.lines.pop();
    cell.prefixes.pop();
  }
  return cell;
}

/** A Databricks cell's first-line magic and the language it gives the cell (Markdown for `%md`). */
function setMagic(raw: RawCell, magic: string, lang: string | undefined): void {
  raw.magic = magic;
  if (lang === 'markdown') {
    raw.kind = 'markdown';
    raw.language = 'markdown';
  } else if (lang) raw.language = lang;
}

/** Reads a Databricks notebook source file (`# Databricks notebook source`, `# COMMAND ----------`, `# MAGIC`). */
export function readDatabricks(path: string, text: string): Notebook {
  const lines = new LineIndex(text);
  const header = databricksHeader(text);
  if (!header) {
    throw new NotebookReadError(
      path,
      'not a Databricks notebook: the first line must be "# Databricks notebook source"',
      {
        line: 1,
        column: 1,
        hint: 'export the notebook from Databricks as "Source file", or add the header line'
      }
    );
  }
  const { leader, language: defaultLanguage } = header;
  const separator = `${leader} COMMAND ----------`;
  const magicPrefix = `${leader} MAGIC`;
  const titlePrefix = `${leader} DBTITLE`;
  const segments: { first: number; lines: string[] }[] = [];
  let cur: { first: number; lines: string[] } = {
    first: header.bodyLine,
    lines: []
  };
  for (let l = header.bodyLine; l < lines.lineCount; l++) {
    const t = lines.lineText(l);
    if (t.trimEnd() === separator) {
      segments.push(cur);
      cur = { first: l + 1, lines: [] };
    } else cur.lines.push(t);
  }
  segments.push(cur);

  const cells: NotebookCell[] = [];
  for (const seg of segments) {
    const raw: RawCell = trimBlankLines({
      kind: 'code',
      language: defaultLanguage,
      firstLine: seg.first,
      prefixes: seg.lines.map(() => 0),
      lines: seg.lines.map(l => l.replace(/\r$/, '')),
      metadata: {}
    });
    if (raw.lines.length && raw.lines[0].startsWith(titlePrefix)) {
      const m = /^\S+ DBTITLE \d+,(.*)$/.exec(raw.lines[0]);
      raw.metadata.title = m
        ? m[1]
        : raw.lines[0].slice(titlePrefix.length).trim();
      raw.lines.shift();
      raw.prefixes.shift();
      raw.firstLine++;
    }
    const isMagic =
      raw.lines.length > 0 &&
      raw.lines.every(l => l.startsWith(magicPrefix) || l.trim() === '');
    if (isMagic) {
      for (let i = 0; i < raw.lines.length; i++) {
        const l = raw.lines[i];
        const w = l.startsWith(magicPrefix + ' ')
          ? magicPrefix.length + 1
          : l.startsWith(magicPrefix)
            ? magicPrefix.length
            : 0;
        raw.prefixes[i] = w;
        raw.lines[i] = l.slice(w);
      }
      // Databricks accepts blanks before the magic (`# MAGIC  %md`), and blank lines: the export
      // prefixes every line with `# MAGIC` only in a cell of another language than the file's,
      // so a cell that opens with a bare `# MAGIC` line, then `# MAGIC %md`, is a Markdown cell
      // as Databricks ran it (databrickslabs/dqx's demos)
      const first = raw.lines.find(l => l.trim() !== '') ?? '';
      const m = /^\s*%([\w-]+)/.exec(first);
      if (m) setMagic(raw, m[1], databricksMagicLanguage(m[1]));
    } else {
      // a first line that is a bare language magic (`%md`, `%sql`, written without `# MAGIC `):
      // the `# MAGIC ` prefix only keeps the file valid Python, and the cell's text begins with
      // the magic either way (Databricks' VS Code extension strips the prefix, then reads the
      // first line the same), so the cell is Markdown or SQL, not Python that fails to parse.
      // Python's own magics (`%pip`, `%run`) stay Python cells, as they were; a magic of the file's
      // own language (`%python` in a .py, `%sql` in a .sql source) changes nothing
      const m = /^%([\w-]+)(?![\w%])/.exec(raw.lines[0] ?? '');
      const lang = m ? databricksLanguageMagic(m[1]) : undefined;
      if (m && lang !== undefined && lang !== defaultLanguage) {
        setMagic(raw, m[1], lang);
      }
    }
    cells.push(makeCell(cells.length, raw, lines));
  }
  return {
    path,
    format: 'databricks',
    kernelLanguage: defaultLanguage,
    metadata: {},
    cells,
    text
  };
}

/** a Python encoding declaration (PEP 263) */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;

/** Reads a jupytext percent script (`# %%`, `# %% [markdown]`). */
export function readPercent(path: string, text: string): Notebook {
  const lines = new LineIndex(text);
  let l = 0;
  const metadata: Record<string, unknown> = {};
  // jupytext keeps a `#!` line and a `# -*- coding: x -*-` line at the top as metadata, not cells
  let top = 0;
  if (lines.lineText(0).startsWith('#!')) top++;
  const second = lines.lineText(top);
  if (CODING.test(second) && !PERCENT_MARKER.test(second)) top++;
  l = top;
  // the jupytext YAML header: "# ---" ... "# ---" at the top (after those lines)
  if (lines.lineText(top).trimEnd() === '# ---') {
    for (let k = top + 1; k < lines.lineCount; k++) {
      if (lines.lineText(k).trimEnd() === '# ---') {
        metadata.jupytextHeader = Array.from({ length: k - top - 1 }, (_, i) =>
          lines.lineText(top + i + 1).replace(/^# ?/, '')
        ).join('\n');
        l = k + 1;
        break;
      }
    }
    const kernelspec = headerMapping(metadata.jupytextHeader, 'kernelspec');
    if (kernelspec) metadata.kernelspec = kernelspec;
  }
  const raws: RawCell[] = [];
  let cur: RawCell = {
    kind: 'code',
    language: 'python',
    firstLine: l,
    prefixes: [],
    lines: [],
    metadata: {}
  };
  let sawMarker = false;
  const flush = () => {
    trimBlankLines(cur);
    if (sawMarker || cur.lines.length) raws.push(cur);
  };
  for (; l < lines.lineCount; l++) {
    const t = lines.lineText(l).replace(/\r$/, '');
    const m = PERCENT_MARKER.exec(t);
    if (m) {
      // the implicit cell before the first marker only counts when it has content
      if (sawMarker || cur.lines.some(x => x.trim() !== '')) {
        trimBlankLines(cur);
        raws.push(cur);
      }
      sawMarker = true;
      const rest = m[1].trim();
      const kindMatch = /\[(markdown|md|raw)\]/.exec(rest);
      const kind: CellKind = kindMatch
        ? kindMatch[1] === 'raw'
          ? 'raw'
          : 'markdown'
        : 'code';
      const meta: Record<string, unknown> = {};
      const title = rest
        .replace(/\[(markdown|md|raw)\]/, '')
        .replace(/\s\w+=.*$/, '')
        .trim();
      if (title) meta.title = title;
      const tagsMatch = /tags=(\[[^\]]*\])/.exec(rest);
      if (tagsMatch) {
        try {
          meta.tags = JSON.parse(tagsMatch[1]);
        } catch {
          /* malformed tags are left out; the cell still reads */
        }
      }
      cur = {
        kind,
        language:
          kind === 'code' ? 'python' : kind === 'markdown' ? 'markdown' : 'raw',
        firstLine: l + 1,
        prefixes: [],
        lines: [],
        metadata: meta
      };
      continue;
    }
    if (cur.kind === 'markdown') {
      const w = t.startsWith('# ') ? 2 : t.startsWith('#') ? 1 : 0;
      cur.prefixes.push(w);
      cur.lines.push(t.slice(w));
    } else {
      cur.prefixes.push(0);
      cur.lines.push(t);
    }
  }
  flush();
  const uncomment = commentMagicsOn(metadata.jupytextHeader);
  for (const r of raws) {
    if (uncomment && r.kind === 'code') {
      uncommentMagics(r.lines, r.prefixes);
    }
    // jupytext writes cell magics commented out (`# %%bash`); either form decides the language
    const m =
      r.kind === 'code' && r.lines.length
        ? /^(?:#\s?)?%%([A-Za-z_][\w-]*)/.exec(r.lines[0])
        : null;
    if (m) {
      r.magic = m[1];
      const lang = cellMagicLanguage(m[1]);
      if (lang !== 'python') r.language = lang ?? 'unknown';
    }
  }
  if (!sawMarker) {
    throw new NotebookReadError(
      path,
      'not a notebook: a plain Python file without `# %%` cell markers',
      {
        line: 1,
        column: 1,
        hint: 'add `# %%` lines to split it into cells, or lint it with a Python linter'
      }
    );
  }
  return {
    path,
    format: 'percent',
    kernelLanguage: 'python',
    metadata,
    cells: raws.map((r, i) => makeCell(i, r, lines)),
    text
  };
}

/**
 * The string fields of a mapping of the jupytext YAML header (`kernelspec:` under `jupyter:`,
 * where jupytext keeps the notebook's kernelspec: `name: python2`), as the .ipynb's metadata holds
 * them; undefined when the header has none. Only `key: value` lines indented under the key are
 * read (quotes stripped): the header's other YAML is not this reader's.
 */
function headerMapping(
  header: unknown,
  key: string
): Record<string, string> | undefined {
  if (typeof header !== 'string') return undefined;
  const lines = header.split('\n');
  const at = lines.findIndex(t => new RegExp(`^\\s*${key}:\\s*$`).test(t));
  if (at < 0) return undefined;
  const indent = /^\s*/.exec(lines[at])?.[0].length ?? 0;
  const out: Record<string, string> = {};
  for (const t of lines.slice(at + 1)) {
    // no lazy group before trailing blanks: `(.*?)\s*$` backtracks quadratically over them
    const m = /^([ \t]*)([\w-]+):[ \t]*(.*)$/.exec(t);
    if (!m || m[1].length <= indent) break;
    out[m[2]] = m[3].trimEnd().replace(/^(["'])(.*)\1$/, '$2');
  }
  return Object.keys(out).length ? out : undefined;
}

/** Which script format a text is in, if any. */
export function scriptFormat(
  text: string
): 'databricks' | 'percent' | undefined {
  if (databricksHeader(text)) return 'databricks';
  if (hasPercentMarker(text)) return 'percent';
  return undefined;
}

const PERCENT_MARKER_LINE = /^#\s?%%(?=\s|$)/gm;

/**
 * True when a `# %%` line starts a cell, i.e. lies outside every triple-quoted string: test files
 * of notebook tools hold percent scripts in strings and are no notebooks themselves.
 */
function hasPercentMarker(text: string): boolean {
  const candidates = [...text.matchAll(PERCENT_MARKER_LINE)].map(m => m.index);
  if (!candidates.length) return false;
  let next = 0; // the first candidate not yet placed
  let i = 0;
  while (i < text.length && next < candidates.length) {
    // candidates before i are outside strings (comments and code lines)
    if (candidates[next] < i) return true;
    const c = text[i];
    if (c === '#') {
      if (i === candidates[next]) return true;
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c + c + c, i);
      const close = triple ? c + c + c : c;
      let p = i + close.length;
      while (p < text.length && !text.startsWith(close, p)) {
        if (!triple && text[p] === '\n') break;
        p += text[p] === '\\' ? 2 : 1;
      }
      const end = Math.min(text.length, p + close.length);
      // markers inside the string are not cell markers
      while (next < candidates.length && candidates[next] < end) {
        if (candidates[next] < i) return true;
        next++;
      }
      i = end;
    } else i++;
  }
  return next < candidates.length;
}
