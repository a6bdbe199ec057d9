import rule from '../../src/rules/import-after-first-cell';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['%pip install pandas==2.2.2', 'import pandas as pd\nimport os', 'df = pd.DataFrame()'] },
    { name: 'guarded import', cells: ['import os', 'try:\n    import torch\nexcept ImportError:\n    torch = None'] },
    { name: 'two import cells allowed', cells: ['import os', 'import sys', 'print(1)'], options: { importCells: 2 } }
  ],
  invalid: [
    {
      cells: [{ md: '# t' }, 'import os', 'x = 1\nfrom sklearn.metrics import f1_score, accuracy_score'],
      errors: [{ message: 'Import of "sklearn.metrics" in cell 3', messageId: 'lateImport', cell: 3, line: 2, column: 1 }]
    }
  ]
});
