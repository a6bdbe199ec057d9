/**
 * Types of the Python analysis shared by the lint rules and the promote planner.
 * All positions are 0-based lines and UTF-16 columns of the cell's source.
 */
import type { Tree } from '@lezer/common';

/** The cell source with IPython-only syntax blanked out, same length and line structure. */
export interface MaskedSource {
  /** same length and line structure as the input; masked text is spaces (or `pass`-like filler) */
  text: string;
  /** what was masked and where, in source order */
  magics: MagicSpan[];
  /**
   * Set when a cell magic says the whole cell is not Python (`%%sql`, `%%bash`, `%%html`,
   * `%%writefile`, Databricks `%sql`/`%scala`/`%md`/`%sh`...): the language of the body.
   * Such a cell's `text` is all blanks; do not analyse it as Python.
   */
  cellLanguage?: string;
}

export interface MagicSpan {
  kind:
    | 'line-magic'
    | 'cell-magic'
    | 'shell'
    | 'help'
    | 'pip'
    | 'assign-magic'
    | 'assign-shell'
    | 'autocall';
  /**
   * e.g. 'pip', 'time', 'run', 'sql', '!' (shell), '!!', '?' (help), 'pip' for bare `pip install`,
   * ',', ';' or '/' (autocall: `;f a b` is `f("a b")`)
   */
  name: string;
  /** the rest of the command (continuation lines joined with '\n'), e.g. 'install pandas==2.1' */
  args: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** %%time, %%timeit, %%capture, %%prun... and %time/%timeit with a statement: the Python part is kept */
  bodyIsPython?: boolean;
  /** for assign-magic / assign-shell: the assigned target text (e.g. 'files' in `files = !ls`);
   *  for `%%capture name`: the name the captured output is stored in */
  target?: string;
  /** `%%capture name`: the column of `name` on the magic's line */
  targetColumn?: number;
  /** a magic written without `%` in a one-line cell, run by IPython's automagic (maskAutomagicCell) */
  automagic?: boolean;
}

export interface SyntaxErrorInfo {
  line: number;
  column: number;
  message: string;
}

/** A same-length rewrite of a construct @lezer/python lacks (offsets into the cell text). */
export interface ParseRepair {
  kind:
    | 'bare-yield'
    | 'empty-class-pattern'
    | 'with-as'
    /** Python 2's `except E, e:` (blanked to `except E   :`; python2.ts) */
    | 'except-as'
    | 'float-trailing-dot'
    /** `[l for *_, l in E]`: the star blanked (the grammar reads no star in a comprehension target) */
    | 'comprehension-star-target'
    | 'blank-last-line'
    | 'backslash-before-blank-line'
    /** Python 2's syntax in a Python 2 notebook (`print x` -> `pass; x`, `0777` -> ` 777`) */
    | 'python2'
    /** Python 2's `exec code` statement (also a 'python2' rewrite): the cell runs code as text */
    | 'python2-exec';
  from: number;
  to: number;
  /** with-as, except-as: the name the clause binds (blanked out of the parsed text) */
  name?: string;
}

export interface ParsedCell {
  /** false when the tree holds any error node (or Python-2-only syntax): never lint such a tree */
  ok: boolean;
  masked: MaskedSource;
  /** the lezer tree of `masked.text`; null only when the cell is not Python at all */
  tree: Tree | null;
  syntaxError?: SyntaxErrorInfo;
  /** rewrites applied so that valid Python the grammar lacks still parses (masked.text holds them) */
  repairs?: ParseRepair[];
  /**
   * A cell indented as a whole that parses once dedented: IPython removes the first line's
   * indentation from every line before running it, so it runs; its tree (of the indented text)
   * is not checked further.
   */
  runsDedented?: true;
}

export type NameAccess = 'read' | 'bind' | 'del' | 'mutate';

export interface NameRef {
  name: string;
  access: NameAccess;
  line: number;
  column: number;
  endColumn: number;
  /** under if/for/while/try/with/match (or a comprehension, `and`/`or`, conditional expression) at cell level */
  conditional: boolean;
  /** occurs inside a nested def/lambda/class body/comprehension (a deferred or nested-scope access) */
  inFunction: boolean;
  /**
   * a read inside the body of a `try` whose handlers catch NameError by name or with a bare
   * `except:` (same function): the code
   * expects that the name may not exist. Absent when false.
   */
  guarded?: true;
  /**
   * a read inside an annotation (of a parameter, a return or an assignment) of a cell that has no
   * `from __future__ import annotations` itself: a later import of it in an earlier cell, which
   * IPython's compiler keeps in force for later cells, makes it a string. Absent when false.
   */
  annotation?: true;
}

export interface ImportBinding {
  /** the name the statement binds in the cell (`a` for `import a.b`, `np` for `import numpy as np`) */
  bound: string;
  /** the module as written (`a.b`, `numpy`, `.sibling` for relative imports) */
  module: string;
  /** for `from m import name [as asName]` */
  name?: string;
  asName?: string;
  /** the whole import statement's source text (one statement, even in `import a; import b` lines) */
  statementText: string;
  line: number;
  isFuture: boolean;
  /** inside an if/try/... at cell level */
  conditional: boolean;
}

export interface CellScope {
  /** top-level (cell/module scope) names the cell binds, in first-binding order */
  bound: string[];
  /** names read at top level (incl. free names of nested functions/lambdas/comprehensions/class bodies)
   *  BEFORE any binding in this cell on every path: the cell's inputs, in first-read order.
   *  Builtins (`print`, `range`, `display`) are included: filter them with BUILTINS. */
  readsBeforeBind: string[];
  /**
   * the subset of readsBeforeBind whose first read comes after the cell itself bound the name on
   * SOME path (a loop variable used after the loop, a name bound in an `if`): an input only when
   * those paths were not taken, so "undefined" only if no earlier cell defines it either
   */
  readsMaybeBound: string[];
  /** every name the cell reads from the module scope (before or after binding it), first-read order */
  reads: string[];
  /** bound only on some paths */
  conditionallyBound: string[];
  deletes: string[];
  /** x.append(..), x[...] = .., x.attr = .., inplace=True, x += on an input (see MUTATING_METHODS) */
  mutates: string[];
  imports: ImportBinding[];
  /** declared at cell level (refusal material) */
  globals: string[];
  nonlocals: string[];
  /** every top-level-resolving name occurrence, in source order */
  refs: NameRef[];
  /** modules of `from m import *` */
  starImports: string[];
  /** the cell calls exec/eval/globals()/locals()/vars() (names cannot be known statically) */
  usesExecEval: boolean;
  topLevelReturnOrYield: boolean;
  /** a `break` or `continue` outside any loop (CPython refuses to compile the cell); absent when false */
  breakOutsideLoop?: true;
  /** e.g. `except E as e` targets (deleted after the clause) */
  unboundAfter: string[];
  /** `x: T` at top level with no value: annotated, not bound */
  annotatedOnly: string[];
  /** the cell's last statement when it is a bare expression (what Jupyter displays) */
  trailingExpression?: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    text: string;
  };
  /** names bound at top level by `def`/`class` (a subset of bound) */
  defOrClassNames: string[];
  /** names declared `global` inside nested functions (they bind module names when called) */
  nestedGlobalWrites: string[];
  /** names the cell leaves (possibly) bound at its end: bound minus deleted / except-as-unbound; what later cells can see */
  boundAtEnd: string[];
}

export interface CellAnalysis {
  parsed: ParsedCell;
  /** null when the cell does not parse (or is not Python) */
  scope: CellScope | null;
}

export interface CellDataflow {
  /** 0-based cell index among all cells */
  cell: number;
  defines: string[];
  /** from: defining cell index, null = nowhere earlier (builtin, or defined later / never).
   *  A name of readsMaybeBound is listed only when an earlier cell defines it. */
  reads: { name: string; from: number | null }[];
}

export interface NotebookDataflow {
  cells: CellDataflow[];
  /** names read by cells after the last of `cells` whose reaching definition is in the given set of cells */
  laterReads(cells: number[]): Set<string>;
}
