import { z } from 'zod';
import { defineRule } from '../engine/types';
import { findPipInstalls, isPinned } from './support/pip';

const options = z.object({
  allowRanges: z.boolean().default(false).meta({
    title: 'Allow version ranges',
    description: 'Accept `pkg>=1.2` and `pkg~=1.2` as pinned.'
  })
});

/** `%pip install pandas` installs whatever is newest on the day someone re-runs the notebook. */
export default defineRule<z.output<typeof options>, 'unpinned'>({
  meta: {
    code: 'NB105',
    id: 'unpinned-pip-install',
    category: 'reproducibility',
    description: 'A `%pip install` names a package without an exact version.',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      unpinned:
        '"{{package}}" is installed without a version; pin it (e.g. {{name}}==<version>) or install from a requirements/lock file.'
    },
    options
  },
  create(context) {
    return {
      cell(lc) {
        for (const install of findPipInstalls(lc)) {
          if (
            install.form.includes('conda') ||
            install.form.includes('mamba')
          ) {
            continue;
          }
          for (const pkg of install.packages) {
            if (!isPinned(pkg.text, context.options.allowRanges)) {
              const name = pkg.text.split(/[<>=!~;\s]/)[0];
              context.report({
                messageId: 'unpinned',
                data: { package: pkg.text, name },
                cell: lc.cell,
                from: pkg.from,
                to: pkg.to
              });
            }
          }
        }
      }
    };
  }
});
