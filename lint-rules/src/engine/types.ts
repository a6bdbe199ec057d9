/**
 * The lint engine's vocabulary: what a rule declares, what it may call while linting, and what
 * comes out (findings). Rules never build message strings themselves: they report a messageId.
 */
import type { SyntaxNode } from '@lezer/common';
import type { z } from 'zod';
import type { Notebook, NotebookCell, Position } from '../notebook/types';
import type { CellAnalysis, NotebookDataflow } from '../python/types';

export type RuleCategory =
  | 'reproducibility'
  | 'code-quality'
  | 'structure'
  | 'security'
  | 'mlflow'
  | 'databricks';

export const RULE_CATEGORIES: readonly RuleCategory[] = [
  'reproducibility',
  'code-quality',
  'structure',
  'security',
  'mlflow',
  'databricks'
];

/** Severity of a finding. */
export type Severity = 'error' | 'warning';
/** Severity as written in config. */
export type SeveritySetting = 'off' | 'warn' | 'error';

export interface RuleMeta<M extends string = string> {
  /** stable code, e.g. NB101; never reused */
  code: string;
  /** kebab-case id; equals the rule's file name and doc name */
  id: string;
  category: RuleCategory;
  /** one sentence, shown by `nbcraft rules` and in SARIF */
  description: string;
  defaultSeverity: Severity;
  /** on in the `recommended` preset (every rule is on in `strict`) */
  recommended: boolean;
  /** message templates with {{placeholders}} */
  messages: Record<M, string>;
  /**
   * The English words a message's data may hold, by data key (`{kind: ['code', 'Markdown']}`):
   * the lab translates them like the templates. Every other data value is a code name, a path or
   * a number, and stays as it is.
   */
  dataTerms?: Readonly<Record<string, readonly string[]>>;
  /** the rule offers fixes (safe ones `--fix` applies, unsafe ones only with `--unsafe-fixes`) */
  fixable?: boolean;
  /**
   * The templates of the labels of the rule's fixes (`Fix.description`), with {{placeholders}}
   * like the messages: the lab translates a label by the template it matches (the captured
   * values, code names, stay as they are). A test fails on a label matching none of them.
   */
  fixLabels?: readonly string[];
  /** zod object schema of the options, every property with a default and a description */
  options?: z.ZodObject;
  /**
   * 'cell': the rule's findings for a cell depend only on that cell (source, language, magic,
   * outputs, metadata, execution count) and the rule's options - no `context.cells`,
   * `context.notebook`, `context.analysis`, no state carried between cells, no notebook hooks.
   * The engine may then reuse a cell's findings while it is unchanged (`cellFindingsCache`).
   * Default 'notebook': re-run on every lint.
   */
  scope?: 'cell' | 'notebook';
}

/** One replacement in a cell's source (0-based offsets into `NotebookCell.source`). */
export interface SourceEdit {
  cell: number;
  from: number;
  to: number;
  text: string;
  /**
   * Delete the whole cell (outputs, metadata and all) instead of editing its source; `from`/`to`
   * then cover the source and `text` is ''. Only for .ipynb notebooks.
   */
  deleteCell?: true;
}

export interface Fix {
  description: string;
  edits: SourceEdit[];
  /**
   * As ruff decides it: 'safe' keeps what the code means (`--fix` applies it); 'unsafe' may change
   * behaviour (`x == None` on a DataFrame), so it is a suggestion the lab shows and the CLI
   * applies only with `--unsafe-fixes`. Default 'safe'.
   */
  applicability?: 'safe' | 'unsafe';
}

/** What a rule passes to `report`. Offsets are 0-based UTF-16 offsets into the cell's source. */
export interface ReportDescriptor<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** the cell; omit for notebook-level findings */
  cell?: NotebookCell;
  /** span in the cell source; defaults to the whole first line of the cell */
  from?: number;
  to?: number;
  /** a lezer node of the cell (its from/to are used) */
  node?: { from: number; to: number };
  /** the finding is in the cell's outputs (index of the output) */
  output?: number;
  /** explicit 0-based offset span in the notebook FILE (for file-level markers and outputs) */
  fileSpan?: { from: number; to: number };
  fix?: Fix;
}

/** A cell as the rules see it: the reader's cell plus its analysis and position helpers. */
export interface LintCell {
  cell: NotebookCell;
  /** undefined for markdown/raw cells */
  analysis?: CellAnalysis;
  /** a code cell whose Python parsed cleanly: tree walked, scope available */
  isPython: boolean;
  /** the text lezer parsed (IPython syntax blanked); same offsets as `cell.source` */
  text: string;
  /** the source text of a node */
  textOf(node: { from: number; to: number }): string;
  positionAt(offset: number): Position;
  offsetAt(pos: Position): number;
  /** source lines without their line breaks */
  lines: readonly string[];
}

export interface NotebookAnalysisView {
  perCell: Map<number, CellAnalysis>;
  dataflow: NotebookDataflow;
}

/**
 * The git state of the notebook's repository, as the host found it: the library cannot call
 * git (it runs in a browser worker too), so the CLI fills it from `git` and the lab from the
 * server's `/nbcraft/provenance/git` route. Absent: unknown, and the rules that need it stay quiet.
 */
export interface RepositoryState {
  /**
   * the repository's root with '/' separators: absolute from the CLI, relative to the Jupyter
   * root from the lab (absolute paths in cells are then not judged); null: in no repository
   */
  root: string | null;
  /** the notebook's path relative to `root` ('/' separators) */
  notebookPath?: string;
  /** git tracks the notebook file */
  notebookTracked?: boolean;
  /**
   * tracked files differ from HEAD in code: a notebook whose cells' kinds and sources are
   * the committed ones (only outputs, execution counts or metadata changed) is left out
   */
  dirty?: boolean;
  /** the changed paths, relative to `root` (as `git status` lists them, less those notebooks) */
  dirtyPaths?: readonly string[];
}

export interface RuleContext<
  O = Record<string, unknown>,
  M extends string = string
> {
  readonly notebook: Notebook;
  readonly options: O;
  /** all cells, in notebook order (LintCell for every cell, code or not) */
  readonly cells: readonly LintCell[];
  /** the notebook-wide analysis (dataflow between cells) */
  readonly analysis: NotebookAnalysisView;
  /** the notebook's git repository, when the host knows it */
  readonly repository?: RepositoryState;
  report(descriptor: ReportDescriptor<M>): void;
}

/** lezer node type name -> handler, called during the engine's single walk of each Python cell */
export type NodeHandlers = Record<
  string,
  (node: SyntaxNode, cell: LintCell) => void
>;

/** What `create` returns: the hooks the engine calls. */
export interface RuleListeners {
  /** once per notebook, before the cells */
  notebook?(): void;
  /** every cell of any kind (text hooks) */
  cell?(cell: LintCell): void;
  /** lezer node type name -> handler; called during the engine's single walk of each Python cell */
  nodes?: NodeHandlers;
  /** after a cell's walk */
  cellExit?(cell: LintCell): void;
  /** once per notebook, after all cells */
  notebookExit?(): void;
}

export interface Rule<O = unknown, M extends string = string> {
  meta: RuleMeta<M>;
  create(context: RuleContext<O, M>): RuleListeners;
}

/** A located finding. Cell positions are 0-based; `file` positions are 1-based in the file itself. */
export interface Finding {
  ruleCode: string;
  ruleId: string;
  category: RuleCategory;
  severity: Severity;
  messageId: string;
  /** the template of `messageId` filled with `data` (English; the lab translates the template) */
  message: string;
  /** the values of the template's placeholders */
  data?: Record<string, string | number>;
  /** 0-based cell index, null for a notebook-level finding */
  cell: number | null;
  cellId?: string;
  /** span inside the cell source (0-based); absent for notebook-level findings */
  start?: Position;
  end?: Position;
  /** span in the notebook file (1-based line and column) */
  file: { line: number; column: number; endLine: number; endColumn: number };
  /** index of the output the finding is in */
  output?: number;
  fix?: Fix;
  docsUrl: string;
}

/** A rule switched on, with its effective severity and parsed options. */
export interface EnabledRule {
  rule: Rule;
  severity: Severity;
  options: unknown;
}

export function defineRule<
  O = Record<string, never>,
  M extends string = string
>(rule: Rule<O, M>): Rule<O, M> {
  return rule;
}

export const DOCS_BASE_URL =
  'https://github.com/nbcraft/nbcraft/blob/main/lint-rules/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
