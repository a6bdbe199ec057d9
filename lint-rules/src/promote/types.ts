/**
 * The promote planner's contract with its callers (the CLI and the JupyterLab dialog).
 *
 * The planner is pure: a notebook model and the selection in, texts out. It never touches a
 * file system or a kernel; callers read the existing module and test files, optionally ask a
 * kernel for value reprs, and write what the plan says (atomically, inside their root).
 */
import type { CellKind, Notebook } from '../notebook/types';
import type { PromoteTextRef } from './texts';

/** What to do when the target module already defines a different function of the same name. */
export type ConflictResolution = 'fail' | 'replace' | 'rename';

/**
 * Values a live kernel holds, as `repr()` strings, for the characterization test.
 * Capture `inputs` BEFORE the selected cells run (they may mutate them) and `outputs` after.
 * Only values that are small and look like Python literals are used; others are ignored.
 */
export interface KernelValues {
  /** parameter name -> repr of its value before the selection ran */
  inputs: Record<string, string>;
  /** returned name -> repr of its value after the selection ran */
  outputs: Record<string, string>;
  /** repr of the value the selection's last expression displayed, when it displays one */
  displayed?: string;
}

export interface PromotionRequest {
  notebook: Notebook;
  /** 0-based indices into `notebook.cells`; must be contiguous code cells, any order */
  cells: number[];
  /** module file path relative to the project root, e.g. `src/pkg/features.py` */
  modulePath: string;
  /** dotted import name of the module; default derived from modulePath (`src/` dropped) */
  moduleName?: string;
  /** default: from the Markdown heading just above the selection, else `cell_<n>` */
  functionName?: string;
  /** folder of the test file, relative to the project root (default `tests`) */
  testsDir?: string;
  /** current text of the module file when it exists */
  existingModuleText?: string;
  /** current text of the test file when it exists */
  existingTestText?: string;
  kernelValues?: KernelValues;
  /** default 'fail' (the dialog shows the conflict and offers replace / rename / cancel) */
  onConflict?: ConflictResolution;
}

/** Why the planner refused, located so the user can act on it. */
export interface PromotionRefusalReason {
  /** short, stable category used in reports (e.g. 'syntax-error', 'star-import') */
  code: RefusalCode;
  message: string;
  /** 0-based cell index, when the reason is inside one cell */
  cell?: number;
  /** 0-based line inside that cell */
  line?: number;
  /** what the user can do */
  hint: string;
  /** the templates `message` and `hint` were filled from (texts.ts), for translation */
  texts?: { message: PromoteTextRef; hint: PromoteTextRef };
}

export type RefusalCode =
  | 'bad-selection'
  | 'not-python'
  | 'syntax-error'
  | 'global-declaration'
  | 'star-import'
  | 'run-magic'
  | 'exec-eval'
  | 'return-yield'
  | 'top-level-await'
  | 'magic-placement'
  | 'display-placement'
  | 'late-binding'
  | 'nothing-to-promote'
  | 'module-conflict'
  | 'bad-module-path'
  | 'bad-function-name'
  | 'module-name'
  /** a file the planner generated does not parse (a last check: a planner bug, nothing written) */
  | 'generated-syntax'
  // given by callers around the planner (the dialog, the CLI), never by planPromotion itself:
  /** the project's pytest config cannot get the module's import root onto `pythonpath` */
  | 'pytest-config'
  /** the planner threw; the caller shows it as a refusal and changes nothing */
  | 'internal-error';

/** One warning for the preview; `cell`/`line` are 0-based when present. */
export interface PromotionWarning {
  code:
    | 'mutates-param'
    | 'unbound-after'
    | 'maybe-unbound'
    | 'display-dropped'
    | 'magic-moved'
    | 'unparsed-later-cell'
    | 'module-up-to-date'
    | 'relative-import'
    | 'renamed'
    | 'dynamic-access'
    | 'error-output';
  message: string;
  /** the template `message` was filled from (promote/texts.ts), for the lab to translate */
  texts?: { message: PromoteTextRef };
  cell?: number;
  line?: number;
}

/**
 * A cell that replaces the selection (the dialog turns it into a notebook cell). Markdown and
 * raw cells inside the replaced span are kept unchanged (`keep` = their index), after the call cell.
 */
export interface ReplacementCell {
  kind: CellKind;
  source: string;
  /** the call cell: metadata of the first selected code cell, minus promote tags */
  metadata: Record<string, unknown>;
  /** the call cell reuses the first selected code cell's id, when it had one */
  id?: string;
  /** set for a kept Markdown/raw cell: its index in the notebook */
  keep?: number;
}

/** A new source for an existing cell (the notebook's import cell). */
export interface CellEdit {
  cell: number;
  source: string;
}

export interface PromotionPlan {
  ok: true;
  functionName: string;
  moduleName: string;
  modulePath: string;
  /** the whole new module text (existing text merged); equals existingModuleText when nothing changes */
  moduleText: string;
  /** true when the module already held exactly this function and these imports */
  moduleUnchanged: boolean;
  testPath: string;
  testText: string;
  /** the test file characterises the function with the kernel's values (else its value test is skipped) */
  testCharacterized: boolean;
  /** replace `replacedCells`: the call cell first, then the Markdown/raw cells that sat between the selected code cells */
  replacementCells: ReplacementCell[];
  /** new sources of existing cells outside the replaced span, by cell: the import cell gets the
   *  `from <module> import <function>` line, and imports only the promoted code used are removed */
  cellEdits: CellEdit[];
  /** the notebook's import cell that takes the function's import; null when the replacement cell
   *  carries the import itself */
  importCell: number | null;
  /** parameters in call order */
  params: string[];
  /** names returned, in first-binding order (one: returned plainly; several: as a tuple) */
  returns: string[];
  /** parameters the selection mutates in place */
  mutations: string[];
  /** the selection's last expression is displayed and the replacement cell still displays it */
  displayLast: boolean;
  /** the selected cells, sorted */
  cells: number[];
  /** the contiguous span that `replacementCells` replace: first to last selected CODE cell */
  replacedCells: number[];
  /** the function's text as written into the module (for previews) */
  functionText: string;
  warnings: PromotionWarning[];
}

export interface PromotionRefusal {
  ok: false;
  reasons: PromotionRefusalReason[];
}

export type PromotionResult = PromotionPlan | PromotionRefusal;
