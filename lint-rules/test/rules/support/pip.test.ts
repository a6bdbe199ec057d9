/**
 * findPipInstalls keeps the last cell's installs in a one-entry memo that the three pip rules
 * share: run together, each must see each cell's own installs (never the previous cell's).
 */
import { lintNotebook } from '../../../src/engine';
import type { EnabledRule } from '../../../src/engine/types';
import { readNotebook } from '../../../src/notebook';
import { resolveConfig } from '../../../src/config';
import { notebookText } from '../ruleTester';

const PIP_RULES = new Set([
  'unpinned-pip-install',
  'shell-pip-install',
  'databricks-pip-not-first'
]);

const rules: EnabledRule[] = resolveConfig({ extends: 'strict' }).rules.filter(
  r => PIP_RULES.has(r.rule.meta.id)
);

it('the pip rules run together report each cell by its own installs', () => {
  const nb = readNotebook(
    'pip.ipynb',
    notebookText([
      'import numpy as np',
      '!pip install pandas',
      'x = 1',
      '%pip install numpy==2.0.0 requests',
      '# install nothing here\nnp.zeros(2)', // uses the numpy imported above
      '!pip install scipy==1.13.0'
    ])
  );
  const found = lintNotebook(nb, rules).map(
    f => `${f.ruleId} ${f.cell}:${f.start?.line}:${f.start?.column}`
  );
  expect(found.sort()).toEqual(
    [
      'unpinned-pip-install 1:0:13',
      'shell-pip-install 1:0:0',
      'databricks-pip-not-first 3:0:13',
      'unpinned-pip-install 3:0:26',
      'shell-pip-install 5:0:0'
    ].sort()
  );
});
