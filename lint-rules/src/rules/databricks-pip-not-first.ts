import { defineRule } from '../engine/types';
import { findPipInstalls } from './support/pip';

/** `%pip` restarts the Python process on Databricks (and needs a restart on Jupyter): state from cells above is lost. */
export default defineRule<Record<string, never>, 'notFirst'>({
  meta: {
    code: 'NB603',
    id: 'databricks-pip-not-first',
    category: 'databricks',
    description:
      '%pip install runs after cells that already did work; on Databricks it restarts Python and their state is lost.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      notFirst:
        '%pip install after cell {{workCell}} did work: Databricks restarts Python here and loses that state (Jupyter needs a restart to use upgrades). Put %pip cells at the top.'
    }
  },
  create(context) {
    let firstWork: number | null = null;
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        const installs = findPipInstalls(lc).filter(i =>
          i.form.startsWith('%pip')
        );
        if (installs.length && firstWork !== null) {
          const i = installs[0];
          context.report({
            messageId: 'notFirst',
            data: { workCell: firstWork + 1 },
            cell: lc.cell,
            from: i.formFrom,
            to: i.formTo
          });
        }
        const scope = lc.analysis?.scope;
        if (
          firstWork === null &&
          lc.isPython &&
          scope &&
          scope.refs.length > 0
        ) {
          firstWork = lc.cell.index;
        }
      }
    };
  }
});
