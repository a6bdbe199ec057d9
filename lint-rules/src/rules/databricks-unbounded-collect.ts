import { defineRule } from '../engine/types';
import { notebookMentions, perCell } from './support/syntax';

const BOUNDED =
  /\.(limit|sample|head|take|first|agg|count|groupBy|groupby|summary|describe|tail)\(/;
/**
 * A Delta table's transaction log (`_delta_log/`, its `000...014.json` commits): a few lines per
 * commit, read on purpose to show the metadata, never the table's rows.
 */
const TRANSACTION_LOG = /_delta_log|delta_?log_?path|\d{20}\.json/i;

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
            TRANSACTION_LOG.test(receiver)
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
