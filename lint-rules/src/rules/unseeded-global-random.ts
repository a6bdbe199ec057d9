import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import {
  callArgs,
  calleeName,
  importAliases,
  notebookMentions,
  once,
  qualify,
  stringValue,
  unparsedCellsMention
} from './support/syntax';
import { isKeyColumn } from './support/columns';
import { shownOrTraced } from './support/shownOrTraced';
import {
  inPyfuncModel,
  inSparkUdf,
  sparkOnlyFunctions
} from './support/remoteDraws';
import { lineBreakOf } from './support/edits';
import { escapeRegExp } from '../engine/text';

const DRAWS =
  /^(numpy\.random\.(rand|randn|randint|random|random_sample|choice|shuffle|permutation|normal|uniform|binomial|poisson|beta|gamma|exponential)|random\.(random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss)|torch\.(rand|randn|randint|randperm|multinomial|normal))$/;
/** what every name DRAWS matches starts with: a cheap test before the regex (most calls fail it) */
function mayDraw(callee: string): boolean {
  return (
    callee.startsWith('numpy.random.') ||
    callee.startsWith('random.') ||
    callee.startsWith('torch.')
  );
}
/** each library's seeder, and helpers that seed torch, numpy and `random` at once (Lightning,
 * transformers, accelerate, Keras, Pyro's `set_rng_seed`: round 22, Catalyst); see the doc */
const SEEDS =
  /(^|\.)(seed|manual_seed|manual_seed_all|set_seed|set_random_seed|seed_everything|set_rng_seed|set_global_seed)$/;

/** a variable that holds a name, id or label: random on purpose (a unique resource name) */
const NAME_TARGET =
  /(^|_)(name|names|suffix|prefix|id|uid|uuid|tag|label|endpoint|cluster|workspace|deployment|experiment|job|run|dir|folder|path|file|filename|token|key|salt)$/i;

/**
 * a variable that only styles a plot (`color = np.random.rand(3)`), or a dummy input that only
 * checks shapes (`dummy_x = torch.rand(1, 28, 28)`): no result depends on its values
 */
const STYLE_TARGET = /(^|_)(colou?rs?|cmap|marker|hue|rgb)$|(^|_)dummy(_|$)/i;

/** a call that learns from, or groups by, what it is given (`model.fit(x, y)`, `df.groupby("id")`) */
const FITS_OR_GROUPS =
  /\.(fit|partial_fit|fit_transform|fit_predict|train|groupby|groupBy)\(/;

/**
 * Some cell fits a model on, or groups by, `word` (a variable's name, or a column's name in
 * quotes): the drawn values decide a result after all (`model.fit(dummy_x, y)`,
 * `df.groupby('user_id').mean()`).
 */
function fitOrGroupBy(word: string, cells: readonly LintCell[]): boolean {
  const arg = new RegExp(`^[^)]*\\b${escapeRegExp(word)}\\b`);
  for (const lc of cells) {
    const source = lc.cell.source;
    if (!source.includes(word)) {
      continue;
    }
    for (const m of source.matchAll(new RegExp(FITS_OR_GROUPS, 'g'))) {
      // the call's first line or so: its arguments, not the rest of the cell
      const from = m.index + m[0].length;
      if (arg.test(source.slice(from, from + 500))) {
        return true;
      }
    }
  }
  return false;
}

/** a call that only waits (`time.sleep(random.random())`: simulated work, uneven on purpose) */
const SLEEP = /(^|\.)sleep$/;

/**
 * The value at `child` (an argument of an ArgList, or a value of a dictionary) is stored under an
 * identifier's name: a string argument before it (`withColumn('id', ...)`), its keyword
 * (`f(run_id=...)`) or its key (`{'id': ...}`).
 */
function storedAsId(
  child: SyntaxNode,
  cell: LintCell,
  cells: readonly LintCell[]
): boolean {
  const before = child.prevSibling;
  if (
    before?.name === 'AssignOp' &&
    before.prevSibling?.name === 'VariableName'
  ) {
    return isKeyColumn(cell.textOf(before.prevSibling));
  }
  // a column or key: an id only if no cell groups by it (`{'id': randint(0, 3, 100)}` then
  // `groupby('id')` makes it the groups)
  const isId = (key: string | null) =>
    key !== null && isKeyColumn(key) && !fitOrGroupBy(key, cells);
  if (before?.name === ':') {
    return isId(stringValue(before.prevSibling, cell));
  }
  if (child.parent?.name === 'ArgList') {
    for (let c = child.prevSibling; c; c = c.prevSibling) {
      if (isId(stringValue(c, cell))) {
        return true;
      }
    }
  }
  return false;
}

/**
 * What a draw's value is for: 'name' when it only names something
 * (`f"endpoint-{random.randint(1000, 9999)}"`, `"run-" + str(random.random())`,
 * `suffix = random.randint(...)`), styles a plot, or is only shown or traced (support/shownOrTraced):
 * no result depends on it; `{ variable }` when it is assigned to a plain variable whose uses
 * decide (`rand = random.randint(0, 10000)` then `f"endpt-{rand}"`); 'value' otherwise.
 */
function drawUse(
  call: SyntaxNode,
  cell: LintCell,
  cells: readonly LintCell[]
): 'name' | 'value' | { variable: string } {
  if (/string\.(ascii_\w+|digits|hexdigits|letters)/.test(cell.textOf(call))) {
    return 'name';
  }
  if (namingPosition(call, cell, cells) || shownOrTraced(call, cell)) {
    return 'name';
  }
  // the assignment the draw is part of, however deep (`color = np.concatenate([rand(3), a])`)
  let statement = call.parent;
  while (statement && !/Statement$|^Body$|^Script$/.test(statement.name)) {
    statement = statement.parent;
  }
  const target = statement?.firstChild;
  if (
    statement?.name !== 'AssignStatement' ||
    target?.name !== 'VariableName' ||
    target.nextSibling?.name !== 'AssignOp'
  ) {
    return 'value';
  }
  const name = cell.textOf(target);
  if (
    NAME_TARGET.test(name) ||
    (STYLE_TARGET.test(name) && !fitOrGroupBy(name, cells))
  ) {
    return 'name';
  }
  // the draw itself is the value assigned: where the variable goes decides
  return target.nextSibling.nextSibling?.from === call.from &&
    target.nextSibling.nextSibling.to === call.to
    ? { variable: name }
    : 'value';
}

/**
 * the value at `node` goes only into a string (an f-string, `"x" + ...`, str(), "-".join()), an
 * identifier (see storedAsId) or a wait (`time.sleep(...)`): no result depends on it
 */
function namingPosition(
  node: SyntaxNode,
  cell: LintCell,
  cells: readonly LintCell[]
): boolean {
  for (let child = node, up = node.parent; up; child = up, up = up.parent) {
    if (
      (up.name === 'ArgList' || up.name === 'DictionaryExpression') &&
      storedAsId(child, cell, cells)
    ) {
      return true;
    }
    switch (up.name) {
      case 'FormatString':
      case 'FormatReplacement':
      case 'ReplacementField':
        return true;
      case 'BinaryExpression':
        for (let c = up.firstChild; c; c = c.nextSibling) {
          if (c.name === 'String' || c.name === 'FormatString') {
            return true;
          }
        }
        break;
      case 'ArgList': {
        const callee =
          up.parent?.name === 'CallExpression' && up.parent.firstChild
            ? cell.textOf(up.parent.firstChild)
            : null;
        if (
          callee &&
          (/^(str|hex)$|\.(join|format)$/.test(callee) || SLEEP.test(callee))
        ) {
          return true;
        }
        break;
      }
      default:
        if (/Statement$|^Body$|^Script$/.test(up.name)) {
          return false;
        }
    }
  }
  return false;
}

/**
 * Of `variables`, those every read of which in the notebook's parsed cells is in a naming
 * position, or is shown or traced (and there is at least one): the drawn value only names
 * things, or is a dummy. One walk of the notebook for all of them (one per variable was
 * quadratic: N draws, each a variable only traced, bench/lint-prec-strict.js).
 */
function onlyUsedInNames(
  variables: ReadonlySet<string>,
  cells: readonly LintCell[]
): Set<string> {
  const uses = new Map<string, number>();
  const used = new Set<string>();
  for (const lc of cells) {
    const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
    if (!tree || variables.size === 0) {
      continue;
    }
    const cursor = tree.cursor();
    do {
      if (cursor.name !== 'VariableName') {
        continue;
      }
      const variable = lc.textOf(cursor);
      if (!variables.has(variable) || used.has(variable)) {
        continue;
      }
      const node = cursor.node;
      const parent = node.parent;
      // assignments (the draw's own `rand = ...` among them) bind, they do not use
      if (
        parent?.name === 'AssignStatement' &&
        parent.firstChild?.from === node.from &&
        node.nextSibling?.name === 'AssignOp'
      ) {
        continue;
      }
      if (!namingPosition(node, lc, cells) && !shownOrTraced(node, lc)) {
        used.add(variable);
      } else {
        uses.set(variable, (uses.get(variable) ?? 0) + 1);
      }
    } while (cursor.next());
  }
  return new Set([...uses.keys()].filter(v => !used.has(v)));
}

/** Random draws from a global generator that nothing seeds. */
export default defineRule<
  Record<string, never>,
  'unseeded' | 'unseededGenerator'
>({
  meta: {
    code: 'NB109',
    id: 'unseeded-global-random',
    category: 'reproducibility',
    description:
      'Random numbers are drawn from numpy/random/torch global generators and no cell sets a seed.',
    defaultSeverity: 'warning',
    recommended: false,
    fixable: true,
    fixLabels: ['Seed with {{seedCall}}'],
    messages: {
      unseeded:
        '{{callee}}() draws from a global random generator that no cell seeds; call {{seedCall}} once near the top.',
      unseededGenerator:
        'numpy.random.default_rng() without a seed gives different numbers on each run; pass a seed, e.g. default_rng(42).'
    }
  },
  create(context) {
    // every draw and default_rng qualifies to numpy.random.*, random.* or torch.*: a notebook
    // that names neither random nor torch has none (and a seed changes nothing then)
    if (
      !notebookMentions(context, 'random') &&
      !notebookMentions(context, 'torch')
    ) {
      return {};
    }
    const aliases = once(() => importAliases(context));
    // the functions the notebook hands to Spark only as UDFs (inSparkUdf), found when a draw
    // inside a function first asks
    const sparkOnly = once(() => sparkOnlyFunctions(context.cells));
    let seeded = false;
    const draws: {
      node: SyntaxNode;
      cell: LintCell;
      callee: string;
      /** the plain variable the value is assigned to, whose uses decide */
      variable?: { name: string };
    }[] = [];
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = qualify(calleeName(node, cell), aliases());
          if (!callee) {
            return;
          }
          // every name SEEDS ends with holds `seed`: a substring test first (most calls)
          if (callee.includes('seed') && SEEDS.test(callee)) {
            seeded = true;
          } else if (
            mayDraw(callee) &&
            DRAWS.test(callee) &&
            !inPyfuncModel(node, cell) &&
            !inSparkUdf(node, cell, sparkOnly)
          ) {
            const use = drawUse(node, cell, context.cells);
            if (use === 'value') {
              draws.push({ node, cell, callee });
            } else if (use !== 'name') {
              draws.push({
                node,
                cell,
                callee,
                variable: { name: use.variable }
              });
            }
          } else if (callee === 'numpy.random.default_rng') {
            const args = callArgs(node, cell);
            if (
              !args.positional.length &&
              !args.keywords.has('seed') &&
              !args.hasSplat
            ) {
              context.report({
                messageId: 'unseededGenerator',
                cell: cell.cell,
                node: node.firstChild ?? node
              });
            }
          }
        }
      },
      notebookExit() {
        if (seeded || unparsedCellsMention(context, /seed/)) {
          return;
        }
        const named = onlyUsedInNames(
          new Set(draws.flatMap(d => (d.variable ? [d.variable.name] : []))),
          context.cells
        );
        const first = draws.find(
          d => !d.variable || !named.has(d.variable.name)
        );
        if (!first) {
          return;
        }
        const module = first.callee.split('.')[0];
        const seedCall =
          module === 'numpy'
            ? 'np.random.seed(<int>)'
            : module === 'torch'
              ? 'torch.manual_seed(<int>)'
              : 'random.seed(<int>)';
        // the seed goes on its own line above the top-level statement that draws first (never
        // inside a loop), written with the object the draw uses (`np.random.rand()` ->
        // `np.random.seed(0)`)
        const drawn = first.cell.textOf(first.node.firstChild ?? first.node);
        const seedText = drawn.replace(/\.[A-Za-z_]\w*$/, '.seed(0)');
        let statement: SyntaxNode = first.node;
        while (statement.parent && statement.parent.name !== 'Script') {
          statement = statement.parent;
        }
        const statementLine = first.cell.positionAt(statement.from).line;
        const lineText = first.cell.lines[statementLine] ?? '';
        const indent = /^\s*/.exec(lineText)?.[0] ?? '';
        const lineStart = first.cell.offsetAt({
          line: statementLine,
          column: 0
        });
        const fixable = /^(\w+\.)?random\.seed\(0\)$/.test(seedText);
        context.report({
          messageId: 'unseeded',
          data: { callee: first.callee, seedCall },
          cell: first.cell.cell,
          node: first.node.firstChild ?? first.node,
          // a seed changes which numbers the notebook draws: a suggestion
          fix: fixable
            ? {
                description: `Seed with ${seedText}`,
                edits: [
                  {
                    cell: first.cell.cell.index,
                    from: lineStart,
                    to: lineStart,
                    text: `${indent}${seedText}${lineBreakOf(first.cell.cell.source)}`
                  }
                ],
                applicability: 'unsafe'
              }
            : undefined
        });
      }
    };
  }
});
