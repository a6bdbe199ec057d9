import { defineRule } from '../engine/types';
import { findPipInstalls } from './support/pip';

/** `!pip install` runs the shell's pip, which may belong to another Python than the kernel's. */
export default defineRule<Record<string, never>, 'shellPip'>({
  meta: {
    code: 'NB111',
    id: 'shell-pip-install',
    category: 'reproducibility',
    description:
      "`!pip install` may install into another environment than the kernel's; use `%pip install`.",
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Replace with %pip'],
    messages: {
      shellPip:
        '"{{form}} install" may install into a different Python than the kernel\'s; use "%pip install".'
    }
  },
  create(context) {
    return {
      cell(lc) {
        // in a %%bash/%sh cell `pip` is the shell's on purpose, and `%pip` would not run there
        if (
          lc.cell.language !== 'python' ||
          lc.analysis?.parsed.masked.cellLanguage
        ) {
          return;
        }
        for (const install of findPipInstalls(lc)) {
          // a bare `pip install` is IPython's automagic for %pip: the kernel's own environment
          if (!/^!pip3?$/.test(install.form)) {
            continue;
          }
          context.report({
            messageId: 'shellPip',
            data: { form: install.form },
            cell: lc.cell,
            from: install.formFrom,
            to: install.formTo,
            fix: {
              description: 'Replace with %pip',
              edits: [
                {
                  cell: lc.cell.index,
                  from: install.formFrom,
                  to: install.formTo,
                  text: '%pip'
                }
              ]
            }
          });
        }
      }
    };
  }
});
