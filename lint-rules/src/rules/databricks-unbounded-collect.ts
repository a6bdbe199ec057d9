import type { SyntaxNode } from '@lezer/common';
import { defineRule, LintCell } from '../engine/types';
import { splitTopLevelArgs } from '../promote/cellBody';
import { isKeyColumn } from './support/columns';
import { sqlBody, sqlStatements } from './support/sql';
import {
  notebookMentions,
  perCell,
  saysUnnegated,
  stringValue
} from './support/syntax';

const BOUNDED =
  /\.(limit|sample|head|take|first|agg|count|groupBy|groupby|summary|describe|tail)\(/;
/**
 * A Delta table's transaction log (`_delta_log/`, its `000...014.json` commits): a few lines per
 * commit, read on purpose to show the metadata, never the table's rows.
 */
const TRANSACTION_LOG = /_delta_log|delta_?log_?path|\d{20}\.json/i;

/**
 * The text of the call's own argument list, from `open` (just after its `(`) to the matching
 * `)`, skipping brackets inside strings; null if it does not close.
 */
function argumentsAt(text: string, open: number): string | null {
  let depth = 1;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') {
        i++;
      } else if (ch === quote) {
        quote = '';
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      if (--depth === 0) {
        return text.slice(open, i);
      }
    }
  }
  return null;
}

/**
 * One filter's condition keeps a key column to one value (`"filename = '010.JPG'"`,
 * `col("ModelUuid") == uuid`, `df.id == 3`), with no alternative (`OR`, `|`) that lets more in.
 */
function conditionOnKey(condition: string): boolean {
  if (/\bor\b|\|/i.test(condition)) {
    return false;
  }
  const columns = [
    // SQL text: `filename = '010.JPG'`, `id = 3`
    ...condition.matchAll(/\b(\w+)\s*(?<![!<>=])==?(?!=)\s*['"\d]/g),
    // Column expressions: col("x") == v, F.col('x') == v, df["x"] == v, df.x == v
    ...condition.matchAll(/(?:col\(\s*|\[\s*)['"](\w+)['"]\s*[)\]]\s*==(?!=)/g),
    ...condition.matchAll(/\.(\w+)\s*==(?!=)/g)
  ].map(m => m[1]);
  return columns.some(isKeyColumn);
}

/**
 * The chain, joined to nothing, filters a key column to one value (`.where("filename =
 * '010.JPG'")`, `.filter(col("ModelUuid") == uuid)`, `.filter(df.id == 3)`): a row, or the few
 * of one key. Only each filter's own argument is read (not a `withColumn` or a join after it).
 */
function filtersOnKey(receiver: string): boolean {
  if (receiver.includes('.join(')) {
    return false;
  }
  for (const m of receiver.matchAll(/\.(filter|where)\(/g)) {
    const condition = argumentsAt(receiver, m.index + m[0].length);
    if (condition !== null && conditionOnKey(condition)) {
      return true;
    }
  }
  return false;
}

/**
 * The chain, joined to nothing, ends in `.select("state").distinct()`: the distinct values of one
 * column that is no key (a category's values); the distinct ids of a table can be as many as its
 * rows. Filters between the select and the distinct keep it one column and only make it fewer
 * (`.select("description").where("country_code == 'EN'").distinct()`).
 */
const ONE_COLUMN_DISTINCT =
  /\.select\((?:(?:F\.)?col\()?['"](\w+)['"]\)?\)(?:\.(?:where|filter)\((?:[^()]|\([^()]*\))*\)|\.distinct\(\))*\.distinct\(\)$/;

function distinctOfOneColumn(receiver: string): boolean {
  if (!receiver.includes('.distinct(') || receiver.includes('.join(')) {
    return false;
  }
  // the chain's layout (one call a line, spaces inside the parentheses) says nothing of it
  const m = ONE_COLUMN_DISTINCT.exec(receiver.replace(/\s+/g, ''));
  return !!m && !isKeyColumn(m[1]);
}

/**
 * Spark SQL's aggregate functions: a `select` whose column is one of them (`F.min(...)`,
 * `count("*")`) makes the whole table one row, as `agg` does; `F.max(x).over(w)` (a window)
 * keeps every row and is read apart. `collect_list`/`collect_set` are left out: their one row
 * holds every value of the column, as many as the table's rows.
 */
const AGGREGATE_COLUMN =
  /^(?:\w+\.)?(?:min|max|sum|avg|mean|count|countDistinct|count_distinct|approx_count_distinct|approxCountDistinct|sumDistinct|sum_distinct|stddev|stddev_samp|stddev_pop|variance|var_samp|var_pop|corr|covar_pop|covar_samp|kurtosis|skewness|percentile_approx|median|mode|min_by|max_by|any_value|bool_and|bool_or|every|some|first|last)\(/;

/**
 * The chain selects aggregates only (`.select(F.min(F.size("embedding")), F.max(...))`): one row.
 * A join, union or explode after that select can make rows again, and a window (`.over(`) never
 * made one row, so either keeps the chain unbounded.
 */
function selectsAggregatesOnly(receiver: string): boolean {
  for (const m of receiver.matchAll(/\.select\(/g)) {
    const open = m.index + m[0].length;
    const args = argumentsAt(receiver, open);
    if (args === null || args.includes('.over(')) {
      continue;
    }
    const columns = splitTopLevelArgs(args).map(c => c.trim());
    const after = receiver.slice(open + args.length);
    if (
      columns.length > 0 &&
      columns.every(c => AGGREGATE_COLUMN.test(c)) &&
      !/\.(join|crossJoin|union\w*)\(|explode|\.select\(/.test(after)
    ) {
      return true;
    }
  }
  return false;
}

/** a SQL text with what stands inside parentheses blanked (subqueries, calls): one pass */
function outsideParentheses(sql: string): string {
  let depth = 0;
  let out = '';
  for (const c of sql) {
    if (c === '(') depth++;
    out += depth > 0 ? ' ' : c;
    if (c === ')' && depth > 0) depth--;
  }
  return out;
}

/** `CREATE [OR REPLACE] [TEMP] TABLE|VIEW [IF NOT EXISTS] name ... AS` (group 1: the name) */
const CREATE_AS =
  /^create\s+(?:or\s+replace\s+)?(?:(?:global\s+)?temp(?:orary)?\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?([\w.`]+)/i;
/** a statement that writes rows into a table: `INSERT INTO|OVERWRITE [TABLE] name`, `MERGE INTO name` */
const WRITES_INTO =
  /^(?:insert\s+(?:into|overwrite)(?:\s+table)?|merge\s+into)\s+([\w.`]+)/i;
const tableKey = (name: string) => name.replace(/`/g, '').toLowerCase();

/**
 * The tables a `%sql` cell of the notebook writes from a GROUP BY of its own query (`CREATE OR
 * REPLACE TABLE conversions_by_date AS SELECT count(*) ... GROUP BY date`: one row per group),
 * each with the first cell that writes it; a GROUP BY only inside a subquery (joined back to the
 * rows) is not the table's, and a table some statement also writes rows into (INSERT, MERGE) or
 * creates from another query is left out. One pass over the SQL cells.
 */
function groupedTables(cells: readonly LintCell[]): Map<string, number> {
  const grouped = new Map<string, number>();
  const other = new Set<string>();
  for (const lc of cells) {
    const source = lc.cell.source;
    if (lc.cell.kind !== 'code' || !/^%%?sql\b/.test(source)) continue;
    for (const statement of sqlStatements(sqlBody(source).body)) {
      const created = CREATE_AS.exec(statement);
      const written = created ?? WRITES_INTO.exec(statement);
      if (!written) continue;
      const key = tableKey(written[1]);
      if (created && /\bgroup\s+by\b/i.test(outsideParentheses(statement))) {
        if (!grouped.has(key)) grouped.set(key, lc.cell.index);
      } else {
        other.add(key);
      }
    }
  }
  for (const key of other) grouped.delete(key);
  return grouped;
}

/** the `spark.table("name")` / `spark.read.table("name")` a chain starts from, or null */
function tableNameOf(receiver: SyntaxNode, cell: LintCell): string | null {
  let node: SyntaxNode | null = receiver;
  // down the chain's receivers to its first call: spark.table(...)
  while (node) {
    if (
      node.name === 'CallExpression' &&
      /^spark\.(?:read\.)?table$/.test(
        cell.textOf(node.firstChild ?? node).replace(/\s+/g, '')
      )
    ) {
      const arg = node.getChild('ArgList')?.firstChild?.nextSibling;
      return arg && arg.nextSibling?.name === ')'
        ? stringValue(arg, cell)
        : null;
    }
    node = node.firstChild;
  }
  return null;
}

/**
 * The rows are the iterable of a dict comprehension (`{row["id"]: row.asDict() for row in
 * spark.table("merchants").collect()}`): a look-up table built once from a reference table, one
 * entry per row, needed whole on the driver (round 10: rtm-fraud-detection's merchants and cards,
 * round 12: a ticker-to-sector map).
 */
function buildsLookupDict(call: SyntaxNode): boolean {
  return (
    call.parent?.name === 'DictionaryComprehensionExpression' &&
    call.prevSibling?.name === 'in'
  );
}

/** the author's word for the data's size: "small table, ~3k rows", "(one ticker, tiny)" */
const SMALL_WORDS = /\b(?:small|tiny)\b/i;

/**
 * The comment lines right above the statement holding the call (no other line between) say the
 * data is small or tiny, unnegated (round 12: "Built once here (small table, ~3k rows)", "daily
 * series collected to the driver (one ticker, tiny)"). Answered once per statement (`known`):
 * many calls in one statement read its comments once.
 */
function saidSmall(
  call: SyntaxNode,
  cell: LintCell,
  known: Map<string, boolean>
): boolean {
  let statement = call;
  while (statement.parent && !/^(Script|Body)$/.test(statement.parent.name)) {
    statement = statement.parent;
  }
  const key = `${cell.cell.index}:${statement.from}`;
  let small = known.get(key);
  if (small === undefined) {
    small = false;
    for (
      let i = cell.positionAt(statement.from).line - 1;
      i >= 0 && /^[ \t]*#/.test(cell.lines[i]) && !small;
      i--
    ) {
      small = saysUnnegated(cell.lines[i], SMALL_WORDS);
    }
    known.set(key, small);
  }
  return small;
}

/** `.toPandas()` / `.collect()` on a whole table pulls every row into the driver and kills it on real data. */
export default defineRule<Record<string, never>, 'unbounded'>({
  meta: {
    code: 'NB606',
    id: 'databricks-unbounded-collect',
    category: 'databricks',
    description:
      'A Spark DataFrame is brought to the driver with .toPandas()/.collect() without a limit or aggregation.',
    defaultSeverity: 'warning',
    recommended: false,
    fixable: true,
    fixLabels: ['Limit to 1000 rows first'],
    scope: 'cell',
    messages: {
      unbounded:
        ".{{method}}() pulls every row into the driver's memory; add .limit(n), aggregate first, or write the result to a table."
    }
  },
  create(context) {
    // the method is text of its cell: most notebooks name neither, and subscribe to no call
    if (
      !notebookMentions(context, 'toPandas') &&
      !notebookMentions(context, 'collect')
    ) {
      return {};
    }
    // the same per cell: most cells name neither, and their calls are skipped
    const namesMethod = perCell(
      lc =>
        lc.cell.source.includes('toPandas') ||
        lc.cell.source.includes('collect')
    );
    let groupedAbove: Map<string, number> | undefined;
    const smallSaid = new Map<string, boolean>();
    return {
      nodes: {
        CallExpression(node, cell) {
          if (!namesMethod(cell)) {
            return;
          }
          const callee = node.firstChild;
          const object = callee?.firstChild;
          const property = callee?.lastChild;
          if (callee?.name !== 'MemberExpression' || !object || !property) {
            return;
          }
          const method = cell.textOf(property);
          if (method !== 'toPandas' && method !== 'collect') {
            return;
          }
          const receiver = cell.textOf(object);
          // only chains that start from Spark: spark.table(...), spark.read... (SQL text may aggregate)
          if (
            !/^spark\.(table|read)\b/.test(receiver) ||
            BOUNDED.test(receiver) ||
            TRANSACTION_LOG.test(receiver) ||
            filtersOnKey(receiver) ||
            distinctOfOneColumn(receiver) ||
            selectsAggregatesOnly(receiver) ||
            buildsLookupDict(node) ||
            saidSmall(node, cell, smallSaid)
          ) {
            return;
          }
          const table = tableNameOf(object, cell);
          const grouped =
            table !== null
              ? (groupedAbove ??= groupedTables(context.cells)).get(
                  tableKey(table)
                )
              : undefined;
          if (grouped !== undefined && grouped < cell.cell.index) {
            return;
          }
          context.report({
            messageId: 'unbounded',
            data: { method },
            cell: cell.cell,
            node: property,
            // keeps the first 1000 rows only: the result changes, so a suggestion
            fix: {
              description: 'Limit to 1000 rows first',
              edits: [
                {
                  cell: cell.cell.index,
                  from: property.from,
                  to: property.from,
                  text: 'limit(1000).'
                }
              ],
              applicability: 'unsafe'
            }
          });
        }
      }
    };
  }
});
