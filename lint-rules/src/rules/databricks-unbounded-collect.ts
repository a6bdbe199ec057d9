import { defineRule } from '../engine/types';

const BOUNDED = /\.(limit|sample|head|take|first|agg|count|groupBy|groupby|summary|describe|tail)\(/;

/** `.toPandas()` / `.collect()` on a whole table pulls every row into the driver and kills it on real data. */
export default defineRule<Record<string, never>, 'unbounded'>({
  meta: {
    code: 'NB606',
    id: 'databricks-unbounded-collect',
    category: 'databricks',
    description: 'A Spark DataFrame is brought to the driver with .toPandas()/.collect() without a limit or aggregation.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      unbounded: '.{{method}}() pulls every row into the driver\'s memory; add .limit(n), aggregate first, or write the result to a table.'
    }
  },
  create(context) {
    return {
      nodes: {
        CallExpression(node, cell) {
          const callee = node.firstChild;
          if (callee?.name !== 'MemberExpression') {
            return;
          }
          const method = cell.textOf(callee.lastChild!);
          if (method !== 'toPandas' && method !== 'collect') {
            return;
          }
          const receiver = cell.textOf(callee.firstChild!);
          // only chains that start from Spark: spark.table(...), spark.read... (SQL text may aggregate)
          if (!/^spark\.(table|read)\b/.test(receiver) || BOUNDED.test(receiver)) {
            return;
          }
          context.report({ messageId: 'unbounded', data: { method }, cell: cell.cell, node: callee.lastChild! });
        }
      }
    };
  }
});
