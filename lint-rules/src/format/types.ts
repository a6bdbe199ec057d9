/** What the formatters print: one result per file, findings or one located error. */
import type { NotebookFormat } from '../notebook/types';
import type { Finding, RuleMeta } from '../engine/types';

export interface FileError {
  /** unreadable: the file could not be read as a notebook; internal: a rule or the analysis failed */
  kind: 'unreadable' | 'internal';
  message: string;
  /** 1-based position in the file, when known */
  line?: number;
  column?: number;
  /** 0-based cell index, when the problem is inside one cell */
  cell?: number;
  /** what the user can do about it */
  hint?: string;
}

export interface FileResult {
  /** the path as shown to the user (relative to the current folder, '/' separators) */
  path: string;
  notebookFormat?: NotebookFormat;
  findings: Finding[];
  error?: FileError;
  /** number of findings fixed by --fix */
  fixed?: number;
  cells?: number;
}

export interface FormatContext {
  /** metadata of every rule (for SARIF's rule table) */
  rules: readonly RuleMeta[];
  version: string;
  /** absolute path of the current folder, '/' separators (SARIF's %SRCROOT%) */
  cwd?: string;
  color?: boolean;
  /** `--unsafe-fixes` was given: unsafe fixes count as fixable, as ruff counts them */
  unsafeFixes?: boolean;
}

export type Formatter = (
  results: readonly FileResult[],
  context: FormatContext
) => string;
