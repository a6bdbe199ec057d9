import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { neverRunCells, pseudoCodeCells } from './support/neverRun';
import { markedForColab } from './support/colab';
import {
  installsPackages,
  onlyInstallsPackages,
  onlyQueriesPackages
} from './support/pip';
import { isSettingPlaceholder } from './support/placeholders';
import { markedOptional, underOptionalHeading } from './support/optionalStep';
import { commentsOf, saysUnnegated, someNode } from './support/syntax';
import { flagsSwitchedOff, guardingFlag } from './support/switchedOff';

/**
 * The cell assigns a value left for the reader to fill in: a simple assignment whose whole value
 * is a string that is a setting placeholder (support/placeholders), not one in a list or a call.
 */
function holdsSettingPlaceholder(lc: LintCell | undefined): boolean {
  return (
    lc !== undefined &&
    /<|\b(?:paste|enter|insert|put)\b/i.test(lc.text) &&
    someNode(lc, 'AssignStatement', statement => {
      const value = statement.lastChild;
      return (
        (value?.name === 'String' || value?.name === 'FormatString') &&
        isSettingPlaceholder(lc.textOf(value))
      );
    })
  );
}

const SKIP = /\b(ignore|skip) (this|the following) cell\b/i;
const EDIT =
  /\b(edit|fill in|change|replace) (these|this|them|the values( below)?|the following)[ \t]*([):.,]|$)/i;
/**
 * The notebook's own words, in a comment, say the cell does not matter (`# ... ignore this
 * cell`) or is for the reader to edit before running (`# User configuration (edit these)`,
 * `# fill in the values below:`): it was not meant to run as saved. Read one comment at a time
 * (no pattern runs across lines); the same words in a string, or negated, say nothing.
 */
function saysSkipOrEdit(lc: LintCell | undefined): boolean {
  return (
    lc !== undefined &&
    commentsOf(lc).some(c => saysUnnegated(c, SKIP) || saysUnnegated(c, EDIT))
  );
}

/**
 * calls that only show something: `display(x)`, `print(...)`, `RunDetails(run).show()`; and one
 * whose effect is the cell's own output: scrapbook's `sb.glue(name, value)` records the value
 * in the outputs of the cell that calls it, for a later reader of the notebook
 * (https://nteract-scrapbook.readthedocs.io/en/latest/, "glue": "Records a scrap (data value) in
 * the given notebook cell"). Azure ML's `run.wait_for_completion()` blocks until the run ends
 * (azureml-core `Run`): a barrier, output-only only when no cell below reads `run` (WAIT).
 */
const DISPLAY_FUNCTION = /^(display|print)$/;
/** fastai's `show_batch()`, `show_results()`: "Show b (a batch)" and the model's results */
const DISPLAY_METHOD = /^(display|show|show_batch|show_results|glue)$/;
/**
 * matplotlib.pyplot's calls that draw on or label the current figure (rounds 27 and 28: a
 * histogram of a result, never run); not `savefig`, which writes a file
 */
const PYPLOT_DRAW =
  /^(plot|hist|scatter|bar|barh|imshow|matshow|boxplot|pie|errorbar|fill_between|loglog|semilogx|semilogy|axhline|axvline|title|suptitle|xlabel|ylabel|legend|grid|xlim|ylim|xticks|yticks|xscale|yscale|colorbar|figure|subplot|tight_layout)$/;
/** the receiver of a pyplot call, as notebooks import it */
const PYPLOT = /^(plt|pyplot|matplotlib\.pyplot)$/;
const WAIT = 'wait_for_completion';
/** whether a cell below the one linted reads the name (the dataflow's reads) */
type ReadBelow = (name: string) => boolean;
/**
 * the names of calls that only read a value, whose result the cell shows: a preview (`head`,
 * `tail`, `limit`, `select`), a summary, and calls documented to return a new value and leave
 * their receiver as it was (`a2.reshape(2, 3, 1)`, `X["Make"].value_counts()`,
 * `df.groupby("type").mean()`, `df.isna().sum()`, `model.score(X_test, y_test)`):
 * - numpy's array methods and functions return a new array or a view (`reshape`: "Returns an
 *   array containing the same data with a new shape"; the in-place ones are others: `sort`,
 *   `resize`, `fill`, `put`), https://numpy.org/doc/stable/reference/arrays.ndarray.html;
 * - pandas' methods return a new object; those that can change the caller take `inplace=True`,
 *   which makes a call no read (INPLACE), https://pandas.pydata.org/docs/reference/frame.html;
 * - scikit-learn's `predict`, `predict_proba`, `decision_function`, `score`, `transform` leave the
 *   fitted estimator as it was (its estimator checks fail one whose `__dict__` they change:
 *   `check_dict_unchanged`, sklearn/utils/estimator_checks.py);
 * - constructors of a new value (`pd.DataFrame(data=u * s)`, `np.array(x)`);
 * - pandas' `reindex` and `filter` ("Conform DataFrame to new index", "Subset the dataframe
 *   rows or columns": new objects), `str`'s and pandas' `.str` `find`, `lower`, `upper`, `strip`,
 *   `split`, `contains` (new strings or Series; the builtin `filter` is a lazy iterator), and the
 *   namespace views `globals()`, `locals()`, `dict.keys()`/`values()`/`items()` (rounds 19, 20).
 *   Not `extract`: BeautifulSoup's `tag.extract()` removes the tag from its tree.
 * - `str.format`, and getters and listings by their names: `get_*` and `list_*` (not
 *   `get_or_create_*`), a `list(...)` method (`client.spaces.list(limit=10)`,
 *   `client.deployments.get_details(id)`: round 28, IBM's samples, a REST GET's answer shown).
 * Not `copy` nor `drop`, whose names other libraries give calls that change things
 * (`shutil.copy`, a MongoDB collection's or SQLAlchemy table's `drop()`).
 */
/** the previews, summaries and pandas reductions: read-only shown, and as an `if`'s condition */
const PREVIEW_CALLS = String.raw`head|tail|describe|info|len|str|repr|limit|select|mean|median|sum|min|max|std|var|count|nunique|unique|value_counts|corr|cov|quantile|nlargest|nsmallest|groupby`;
const READ_CALLS = String.raw`${PREVIEW_CALLS}|reindex|filter|find|lower|upper|strip|split|contains|keys|values|items|globals|locals|reshape|transpose|dot|abs|round|argmax|argmin|cumsum|astype|flatten|ravel|squeeze|isna|isnull|notna|notnull|sort_values|agg|sample|dropna|fillna|predict|predict_proba|decision_function|score|transform|DataFrame|Series|array|zeros|ones|arange|format|get_(?!or_create)\w+|list_\w+|list`;
/** calls inside one that shows: reads of a value */
const READ_ONLY_CALL = new RegExp(`^(${READ_CALLS})$`);
/** a call that may change its receiver after all (pandas' `inplace=True`) */
const INPLACE = /\binplace\s*=/;
/**
 * calls an `if` may test: the previews and pandas' reductions above (not the other read-only
 * calls), and predicates that ask and change nothing. A name in the
 * `is_`/`has_` form (`torch.cuda.is_available()`, `has_gpu()`: the underscore is required, so
 * `issue_token()`, `isend()` and `hash_and_store()` are not taken as questions), and the read-only
 * predicates of the libraries notebooks test, by name: Python's builtins `isinstance`,
 * `issubclass`, `hasattr`, `callable`; `os.path`'s `exists`, `lexists`, `isfile`, `isdir`,
 * `islink`, `isabs`, `ismount` (https://docs.python.org/3/library/os.path.html); `str`'s `is*`
 * tests, `startswith`, `endswith` (https://docs.python.org/3/library/stdtypes.html#string-methods);
 * pandas' `isna`, `isnull`, `notna`, `notnull`, `isin`; NumPy's `isnan`, `isinf`, `isfinite`,
 * `isclose`, `allclose`, `array_equal`; `os.getenv`, `torch.cuda.device_count`.
 */
const CONDITION_CALL = new RegExp(
  String.raw`^(${PREVIEW_CALLS}|(?:is|has)_\w+|isinstance|issubclass|hasattr|callable|exists|lexists|isfile|isdir|islink|isabs|ismount|isalnum|isalpha|isascii|isdecimal|isdigit|isidentifier|islower|isnumeric|isprintable|isspace|istitle|isupper|startswith|endswith|isna|isnull|notna|notnull|isin|isnan|isinf|isfinite|isclose|allclose|array_equal|getenv|device_count)$`
);
/**
 * read-only calls that are also builtins iterating their argument to the end when called bare
 * (https://docs.python.org/3/library/functions.html: `sum(iterable)`, `min(iterable)`,
 * `max(iterable)`, `list(iterable)`): `sum(batches)` over a generator or `max(reader)` over a csv reader consumes
 * it, and a later cell iterating it finds nothing. Read-only as a method (`df.sum()`, a new
 * object), and bare only when no cell below reads what its arguments name.
 */
const CONSUMING_BUILTIN = /^(sum|min|max|list)$/;

/** whether a cell below reads a name that `node` (a call's arguments) holds */
function namesReadBelow(
  node: SyntaxNode,
  lc: LintCell,
  readBelow: ReadBelow | undefined
): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (
      (c.name === 'VariableName' &&
        (readBelow === undefined || readBelow(lc.textOf(c)))) ||
      namesReadBelow(c, lc, readBelow)
    ) {
      return true;
    }
  }
  return false;
}

/** a widget's constructor, as the receiver of `.show()` (`RunDetails(run).show()`) */
const WIDGET = /^[A-Z]\w*$/;

/** the last name of a callee (`widgets.RunDetails` -> `RunDetails`), or null */
function lastName(callee: SyntaxNode, lc: LintCell): string | null {
  if (callee.name === 'VariableName') {
    return lc.textOf(callee);
  }
  const property = callee.name === 'MemberExpression' ? callee.lastChild : null;
  return property?.name === 'PropertyName' ? lc.textOf(property) : null;
}

/**
 * Whether every call inside `node` only reads or constructs, and nothing in it binds: a read-only
 * call (`df.head(5)`), or the widget constructor whose `.show()` is the statement's callee
 * (`RunDetails(run).show()`, at `shownCallee`).
 */
function readsOnly(
  node: SyntaxNode,
  lc: LintCell,
  shownCallee: number | null,
  readCall: RegExp = READ_ONLY_CALL,
  readBelow?: ReadBelow
): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (!nodeReadsOnly(c, lc, shownCallee, readCall, readBelow)) {
      return false;
    }
  }
  return true;
}

/** readsOnly for `c` itself and everything in it */
function nodeReadsOnly(
  c: SyntaxNode,
  lc: LintCell,
  shownCallee: number | null,
  readCall: RegExp,
  readBelow?: ReadBelow
): boolean {
  // `print(n := 5)` binds a name (in an argument list the grammar gives `n`, `:=`, `5`)
  if (
    c.name === 'NamedExpression' ||
    (c.name === 'AssignOp' && lc.textOf(c) === ':=')
  ) {
    return false;
  }
  if (c.name === 'CallExpression') {
    const inner = c.firstChild ? lastName(c.firstChild, lc) : null;
    if (
      !inner ||
      INPLACE.test(lc.textOf(c)) ||
      !(
        readCall.test(inner) ||
        // a constructor shown, not one passed to the display (`display(DropAllTables(conn))`)
        (WIDGET.test(inner) && c.from === shownCallee)
      ) ||
      (c.firstChild?.name === 'VariableName' &&
        CONSUMING_BUILTIN.test(inner) &&
        namesReadBelow(c.getChild('ArgList') ?? c, lc, readBelow))
    ) {
      return false;
    }
  }
  return readsOnly(c, lc, shownCallee, readCall, readBelow);
}

/**
 * `run.wait_for_completion()` waits for nothing a later cell reads: no cell below reads `run`
 * (`run.get_metrics()`, `get_output_files(run, ...)` rest on the run having ended)
 */
function waitsOnly(
  callee: SyntaxNode,
  lc: LintCell,
  readBelow: ReadBelow
): boolean {
  const receiver =
    callee.name === 'MemberExpression' ? callee.firstChild : null;
  return receiver?.name === 'VariableName' && !readBelow(lc.textOf(receiver));
}

/**
 * a statement that only shows something: one call that shows (`display(x)`, `print(...)`,
 * `RunDetails(run).show()`), or a value the cell displays as its result (`y_test[4]`,
 * `df.shape`), calling nothing that may change state
 */
function displays(
  statement: SyntaxNode,
  lc: LintCell,
  readBelow: ReadBelow
): boolean {
  if (statement.name === 'IfStatement') {
    return branchesDisplay(statement, lc, readBelow);
  }
  // `_ = run.wait_for_completion()`: `_` is the name code assigns what it discards
  const discarded =
    statement.name === 'AssignStatement' &&
    statement.firstChild?.name === 'VariableName' &&
    lc.textOf(statement.firstChild) === '_' &&
    statement.firstChild.nextSibling?.name === 'AssignOp' &&
    lc.textOf(statement.firstChild.nextSibling) === '=' &&
    statement.firstChild.nextSibling.nextSibling?.to === statement.to;
  const expression =
    statement.name === 'ExpressionStatement'
      ? statement.firstChild
      : discarded
        ? statement.lastChild
        : null;
  if (!expression) {
    return false;
  }
  const callee =
    expression.name === 'CallExpression' ? expression.firstChild : null;
  const name = callee ? lastName(callee, lc) : null;
  if (
    !callee ||
    !name ||
    !(callee.name === 'VariableName'
      ? DISPLAY_FUNCTION.test(name)
      : DISPLAY_METHOD.test(name) ||
        (PYPLOT_DRAW.test(name) &&
          PYPLOT.test(lc.textOf(callee).replace(/\.[^.]*$/, ''))) ||
        (name === WAIT && waitsOnly(callee, lc, readBelow)))
  ) {
    // a value shown as the cell's result, read-only calls at most (`df.head()`); an await, a
    // yield or a lambda is no value read
    return (
      !/^(AwaitExpression|YieldExpression|LambdaExpression)$/.test(
        expression.name
      ) && readsOnly(statement, lc, null, READ_ONLY_CALL, readBelow)
    );
  }
  // every call inside it (the receiver's, the arguments') only reads or constructs
  return readsOnly(expression, lc, callee.from, READ_ONLY_CALL, readBelow);
}

/**
 * An `if` whose every branch only shows something (`if not torch.cuda.is_available():
 * print("Warning: this code may be very slow on CPU")`) and whose conditions only read: they bind
 * nothing (no `:=`) and call nothing but reads and predicates (CONDITION_CALL), so whatever
 * branch runs, the cell's effect is its own output. A condition that works
 * (`if clf.fit(X, y).score(X, y) > 0.9:`, `if os.system("python prepare.py") != 0:`) is no
 * such `if`.
 */
function branchesDisplay(
  statement: SyntaxNode,
  lc: LintCell,
  readBelow: ReadBelow
): boolean {
  for (let c = statement.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Body') {
      for (let b = c.firstChild; b; b = b.nextSibling) {
        if (
          b.name !== ':' &&
          b.name !== 'Comment' &&
          !displays(b, lc, readBelow)
        ) {
          return false;
        }
      }
    } else if (
      !/^(if|elif|else)$/.test(c.name) &&
      !nodeReadsOnly(c, lc, null, CONDITION_CALL, readBelow)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * A cell between the two imports that may leave `name` bound to something else, or unbind the
 * module: it binds or deletes `name` (`np = None`, `del np`), writes it from a function
 * (`global np`), writes names the analysis cannot see (`globals()["np"] = None`, `exec`), or
 * touches `sys.modules` (`sys.modules.pop("mymod")`, `del sys.modules[...]`: the import below
 * then loads the module again, https://docs.python.org/3/library/sys.html#sys.modules).
 */
function unbindsBetween(above: LintCell, name: string): boolean {
  const scope = above.analysis?.scope;
  if (!scope) {
    return above.cell.kind === 'code';
  }
  return (
    scope.bound.includes(name) ||
    scope.deletes.includes(name) ||
    scope.nestedGlobalWrites.includes(name) ||
    scope.usesExecEval ||
    scope.starImports.length > 0 ||
    /\bsys\s*\.\s*modules\b/.test(above.cell.source)
  );
}

/**
 * The cell only imports again what a cell above that ran imported the same way (`import numpy as
 * np` under an earlier `import numpy as np`), and no cell between binds those names: Python's
 * import returns the module already in `sys.modules`
 * (https://docs.python.org/3/reference/import.html#the-module-cache), so the statement binds the
 * name to the object it already holds and changes nothing.
 */
function onlyImportsAgain(
  lc: LintCell | undefined,
  cells: readonly LintCell[]
): boolean {
  const scope = lc?.isPython ? lc.analysis?.scope : undefined;
  const top = lc?.analysis?.parsed.tree?.topNode;
  if (!lc || !scope || !top?.firstChild || scope.imports.length === 0) {
    return false;
  }
  for (
    let node: SyntaxNode | null = top.firstChild;
    node;
    node = node.nextSibling
  ) {
    if (node.name !== 'Comment' && node.name !== 'ImportStatement') {
      return false;
    }
  }
  return scope.imports.every(imp => {
    if (imp.module.startsWith('.') || imp.conditional) {
      return false;
    }
    for (let i = lc.cell.index - 1; i >= 0; i--) {
      const above = cells[i];
      const same = above.analysis?.scope?.imports.some(
        a =>
          a.bound === imp.bound &&
          a.module === imp.module &&
          a.name === imp.name &&
          !a.conditional
      );
      if (same) {
        // it ran, and did not stop at an error (the import itself failing, a `ModuleNotFoundError`
        // before a `!pip install`, or a line above it): the cell's error output says it may not
        // have bound anything
        return (
          (above.cell.executionCount !== null ||
            above.cell.outputs.length > 0) &&
          !above.cell.outputs.some(o => o.outputType === 'error')
        );
      }
      if (unbindsBetween(above, imp.bound)) {
        return false;
      }
    }
    return false;
  });
}

/**
 * IPython's output history: `_`, `__`, `___` are the last three results shown, `_N` and `Out[N]`
 * the result of execution N (IPython/core/displayhook.py, `update_user_ns`). A cell below that
 * reads one before binding it may read what a display-only cell would have shown: the shown
 * value is then the cell's effect (which execution it would be cannot be told from the file).
 */
const OUTPUT_HISTORY = /^(_{1,3}|_\d+|Out)$/;

/** the index of the last code cell that reads IPython's output history, or -1 */
function lastHistoryReader(cells: readonly LintCell[]): number {
  for (let i = cells.length - 1; i >= 0; i--) {
    if (
      cells[i].analysis?.scope?.readsBeforeBind.some(n =>
        OUTPUT_HISTORY.test(n)
      )
    ) {
      return i;
    }
  }
  return -1;
}

/** a `def` of the notebook's own with the name of a read-only call (`def head(df, n): ...`) */
const OWN_READ_DEF = new RegExp(
  String.raw`^[ \t]*(?:async[ \t]+)?def[ \t]+(${READ_CALLS})\b`,
  'gm'
);

/**
 * The read-only call names the notebook defines itself (a function or a method): a call of one is
 * the notebook's code, which may change what it is given, not the library's preview.
 */
function ownReadCallDefinitions(cells: readonly LintCell[]): Set<string> {
  const names = new Set<string>();
  for (const c of cells) {
    if (!c.isPython || !c.text.includes('def')) continue;
    OWN_READ_DEF.lastIndex = 0;
    for (let m = OWN_READ_DEF.exec(c.text); m; m = OWN_READ_DEF.exec(c.text)) {
      names.add(m[1]);
    }
  }
  return names;
}

/** the cell calls one of `names` (`head(df)`, `stats.describe()`) */
function callsAny(
  lc: LintCell | undefined,
  names: ReadonlySet<string>
): boolean {
  return (
    names.size > 0 &&
    lc !== undefined &&
    someNode(lc, 'CallExpression', call => {
      const name = call.firstChild ? lastName(call.firstChild, lc) : null;
      return name !== null && names.has(name);
    })
  );
}

/** the statements a `;` joins on one line (`plt.hist(x, bins=30);`), each its own statement */
function groupStatements(group: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = group.firstChild; c; c = c.nextSibling) {
    if (c.name !== ';' && c.name !== 'Comment') out.push(c);
  }
  return out;
}

/**
 * Every statement of the cell only shows something (a widget, a table, a print, a value): it
 * binds nothing, so no later cell depends on it, and its effect is its own output.
 */
function onlyDisplays(lc: LintCell | undefined, readBelow: ReadBelow): boolean {
  const top = lc?.isPython ? lc.analysis?.parsed.tree?.topNode : undefined;
  if (!lc || !top?.firstChild) {
    return false;
  }
  for (
    let node: SyntaxNode | null = top.firstChild;
    node;
    node = node.nextSibling
  ) {
    if (node.name === 'Comment') continue;
    const statements =
      node.name === 'StatementGroup' ? groupStatements(node) : [node];
    if (!statements.every(s => displays(s, lc, readBelow))) {
      return false;
    }
  }
  return true;
}

/** A code cell never run while others were: its effect is missing from the saved outputs. */
export default defineRule<Record<string, never>, 'neverRun'>({
  meta: {
    code: 'NB102',
    id: 'unexecuted-cell',
    category: 'reproducibility',
    description:
      'A code cell was never executed although other cells of the notebook were and their outputs are saved.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      neverRun:
        'Cell was never executed while other cells were; the saved results may not include its effect. Run all cells, or delete it.'
    }
  },
  create(context) {
    return {
      notebook() {
        const cells = neverRunCells(context.notebook);
        // pseudo-code or an illustration of the text (support/neverRun): running it raises
        // NameError and binds nothing a later cell that ran reads
        const pseudoCode = pseudoCodeCells(context, cells, []);
        // what a display-only cell shows is its effect when a cell below reads the output
        // history, and a call of the notebook's own `def head(...)` is no library preview
        const historyReader = lastHistoryReader(context.cells);
        const ownReadCalls = ownReadCallDefinitions(context.cells);
        // an optional variant switched off: every statement guarded by one flag that a cell
        // above, which ran, sets to False (and nothing sets otherwise)
        const guards = new Map<number, string>();
        for (const cell of cells) {
          const flag = guardingFlag(context.cells[cell.index]);
          if (flag !== null) guards.set(cell.index, flag);
        }
        const switchedOff = flagsSwitchedOff(
          context.cells,
          new Set(guards.values())
        );
        const offAbove = (index: number): boolean => {
          const flag = guards.get(index);
          const setAt = flag === undefined ? undefined : switchedOff.get(flag);
          return setAt !== undefined && setAt < index;
        };
        let optionalSection: boolean[] | undefined;
        for (const cell of cells) {
          // a cell that only installs packages was run once, in an earlier session: its effect
          // (the environment) outlives the kernel
          // nor do these need a run: a cell of placeholders the reader fills in (it cannot run
          // as saved), one the notebook says to ignore or to edit, or marks optional, one that
          // only displays something or asks pip what is installed, one that only imports again
          // what a cell above that ran imported; nor a Colab set-up cell (it installs, under
          // Markdown that names Colab or behind a check for it: round 24, deepchem's
          // `!pip install --pre deepchem; import deepchem` that a local run with deepchem skips)
          const lc = context.cells[cell.index];
          if (
            !onlyInstallsPackages(cell.source) &&
            !(
              installsPackages(cell.source) &&
              markedForColab(context.cells, cell.index)
            ) &&
            !onlyQueriesPackages(cell.source) &&
            !onlyImportsAgain(lc, context.cells) &&
            !saysSkipOrEdit(lc) &&
            !holdsSettingPlaceholder(lc) &&
            !markedOptional(context.cells, cell.index) &&
            !(optionalSection ??= underOptionalHeading(context.cells))[
              cell.index
            ] &&
            !offAbove(cell.index) &&
            !(
              historyReader < cell.index &&
              onlyDisplays(lc, name =>
                context.cells
                  .slice(cell.index + 1)
                  .some(c => c.analysis?.scope?.reads.includes(name))
              ) &&
              !callsAny(lc, ownReadCalls)
            ) &&
            !pseudoCode.has(cell.index)
          ) {
            context.report({ messageId: 'neverRun', cell });
          }
        }
      }
    };
  }
});
