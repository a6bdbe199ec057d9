/**
 * Where a random draw runs away from the notebook's kernel, for NB109 (unseeded-global-random): a
 * method of an MLflow pyfunc model (where the logged model serves) and a function Spark runs on its
 * executors as a UDF. Moved out of unseeded-global-random.ts to keep that file readable.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { LintCell } from '../../engine/types';
import { callArgs } from './syntax';

/**
 * A draw inside a method of an MLflow pyfunc model (`class RandomPredictor(PythonModel)`): it
 * runs where the logged model serves, and a seed in the notebook does not travel with the
 * model (a random baseline model is random on purpose).
 */
export function inPyfuncModel(node: SyntaxNode, cell: LintCell): boolean {
  let method: SyntaxNode | null = null;
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionDefinition') {
      method = up;
    } else if (up.name === 'ClassDefinition') {
      const bases = up.getChild('ArgList');
      const name = method?.getChild('VariableName');
      // where the model serves: predict and load_context, not __init__ (its state is pickled
      // with the model when the notebook logs it)
      return (
        !!bases &&
        !!name &&
        /^(predict|load_context)$/.test(cell.textOf(name)) &&
        /(^|\.)PythonModel\b/.test(cell.textOf(bases).replace(/[()\s]/g, ''))
      );
    }
  }
  return false;
}

/**
 * What makes a Python function run on Spark's executors: `udf`/`pandas_udf`
 * (pyspark.sql.functions) as a decorator or a call, `spark.udf.register(name, f)`, and the
 * function APIs `mapInPandas`, `applyInPandas`, `mapInArrow`, `applyInArrow`.
 */
const UDF_CALLEE = /(^|\.)(pandas_udf|udf)$/;
const UDF_DECORATOR = /^@\s*([\w.]+\.)?(pandas_udf|udf)\b/;

/**
 * The argument of a call `callee` that holds the function Spark runs on the executors:
 * `udf(f, ...)`/`pandas_udf(f, ...)` (keyword `f`), `spark.udf.register(name, f)`, and
 * `df.mapInPandas(func, schema)`/`applyInPandas`/`mapInArrow`/`applyInArrow` (keyword `func`).
 */
function udfArgument(
  call: SyntaxNode,
  callee: string,
  cell: LintCell
): SyntaxNode | null {
  let at: number;
  let keyword: string;
  if (UDF_CALLEE.test(callee)) {
    [at, keyword] = [0, 'f'];
  } else if (callee.endsWith('.udf.register')) {
    [at, keyword] = [1, 'f'];
  } else if (
    /\.(mapInPandas|applyInPandas|mapInArrow|applyInArrow)$/.test(callee)
  ) {
    [at, keyword] = [0, 'func'];
  } else {
    return null;
  }
  const args = callArgs(call, cell);
  return at < args.positional.length
    ? args.positional[at]
    : (args.keywords.get(keyword) ?? null);
}

/**
 * The names of the functions the notebook hands to Spark only as UDFs (see inSparkUdf): each
 * defined by one `def` in the parsed code cells, passed by name to udf/pandas_udf/register/
 * mapInPandas/..., and read nowhere else (no driver call `f(x)`, no second `def f`, no
 * rebinding). A comment, a string or a Markdown cell that says `udf(f)` hands nothing to Spark.
 * Two walks over the trees, whatever the number of functions; the second only when some cell
 * hands a name over.
 */
export function sparkOnlyFunctions(cells: readonly LintCell[]): Set<string> {
  const handed = new Map<LintCell, Set<number>>();
  const names = new Set<string>();
  const parsed: [LintCell, Tree][] = [];
  for (const lc of cells) {
    const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
    if (tree) {
      parsed.push([lc, tree]);
    }
  }
  for (const [lc, tree] of parsed) {
    if (!/udf|InPandas|InArrow/.test(lc.text)) {
      continue;
    }
    const cursor = tree.cursor();
    do {
      if (cursor.name !== 'CallExpression') {
        continue;
      }
      const call = cursor.node;
      const callee = call.firstChild ? lc.textOf(call.firstChild) : '';
      const arg = udfArgument(call, callee, lc);
      if (arg?.name === 'VariableName') {
        names.add(lc.textOf(arg));
        let at = handed.get(lc);
        if (!at) {
          handed.set(lc, (at = new Set()));
        }
        at.add(arg.from);
      }
    } while (cursor.next());
  }
  if (names.size === 0) {
    return names;
  }
  const defs = new Map<string, number>();
  // name -> the functions whose bodies read it ('' for the top level: the driver)
  const readIn = new Map<string, Set<string>>();
  for (const [lc, tree] of parsed) {
    const at = handed.get(lc);
    const cursor = tree.cursor();
    do {
      if (cursor.name !== 'VariableName') {
        continue;
      }
      const text = lc.textOf(cursor);
      if (!names.has(text)) {
        continue;
      }
      const node = cursor.node;
      if (node.parent?.name === 'FunctionDefinition') {
        defs.set(text, (defs.get(text) ?? 0) + 1);
      } else if (!at?.has(cursor.from)) {
        let readers = readIn.get(text);
        if (!readers) {
          readIn.set(text, (readers = new Set()));
        }
        readers.add(enclosingFunction(node, lc));
      }
    } while (cursor.next());
  }
  for (const name of names) {
    if (defs.get(name) !== 1) {
      names.delete(name);
    }
  }
  // a read inside another function Spark alone runs (`call_agent`, a UDF, falls back on
  // `get_fake_response`, a UDF too) runs on the executors as well; any other read may be the
  // driver's: drop such names until none is left to drop
  for (let changed = true; changed;) {
    changed = false;
    for (const name of names) {
      for (const reader of readIn.get(name) ?? []) {
        if (reader === '' || !names.has(reader)) {
          names.delete(name);
          changed = true;
          break;
        }
      }
    }
  }
  return names;
}

/** the name of the innermost function whose body holds `node`, '' at the top level */
function enclosingFunction(node: SyntaxNode, cell: LintCell): string {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionDefinition') {
      const name = up.getChild('VariableName');
      return name ? cell.textOf(name) : '';
    }
  }
  return '';
}

/**
 * A draw inside a function that runs as a Spark UDF (`@pandas_udf("double") def f(s): ...`,
 * `f_udf = udf(f, StringType())`, `spark.udf.register("f", f)`, `df.mapInPandas(f, schema)`, a
 * lambda given to `udf(...)`): Spark pickles the function and calls it in Python worker
 * processes on the executors ("On the executor side, Python workers execute and handle Python
 * native functions", PySpark's Debugging guide,
 * https://spark.apache.org/docs/latest/api/python/development/debugging.html), where the
 * driver's `random.seed()`/`np.random.seed()` the message asks for does not reach: it seeds the
 * notebook's own interpreter only. A random draw there is the design (an A/B assignment, canned
 * fake responses); making it repeatable takes a seed derived from the row, not a global one.
 * A function the driver also calls (`jitter(v)` beside `udf(jitter)`) draws in the notebook's
 * interpreter too, and is reported.
 */
export function inSparkUdf(
  node: SyntaxNode,
  cell: LintCell,
  sparkOnly: () => Set<string>
): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'LambdaExpression') {
      const call = up.parent?.name === 'ArgList' ? up.parent.parent : null;
      const callee = call?.firstChild;
      if (
        call?.name === 'CallExpression' &&
        callee &&
        UDF_CALLEE.test(cell.textOf(callee))
      ) {
        return true;
      }
    } else if (up.name === 'FunctionDefinition') {
      const decorated = up.parent;
      if (decorated?.name === 'DecoratedStatement') {
        for (let d = decorated.firstChild; d; d = d.nextSibling) {
          if (d.name === 'Decorator' && UDF_DECORATOR.test(cell.textOf(d))) {
            return true;
          }
        }
      }
      const name = up.getChild('VariableName');
      if (name && sparkOnly().has(cell.textOf(name))) {
        return true;
      }
    }
  }
  return false;
}
