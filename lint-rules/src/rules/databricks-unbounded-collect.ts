import { defineRule } from '../engine/types';
import { splitTopLevelArgs } from '../promote/cellBody';
import { isKeyColumn } from './support/columns';
import { notebookMentions, perCell } from './support/syntax';

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
            selectsAggregatesOnly(receiver)
          ) {
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
