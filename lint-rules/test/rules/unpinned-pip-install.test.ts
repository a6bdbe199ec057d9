import rule from '../../src/rules/unpinned-pip-install';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['%pip install pandas==2.2.2 scikit-learn==1.5.0'] },
    { cells: ['%pip install -r requirements.txt'] },
    {
      cells: [
        '%pip install ./dist/mypkg-0.1-py3-none-any.whl git+https://github.com/a/b@v1'
      ]
    },
    {
      name: 'ranges allowed by option',
      cells: ['%pip install "numpy>=1.26"'],
      options: { allowRanges: true }
    }
  ],
  invalid: [
    {
      cells: ['%pip install pandas scikit-learn==1.5.0 mlflow>=2'],
      errors: [
        {
          message: '"pandas" is installed without a version',
          messageId: 'unpinned',
          cell: 1,
          line: 1,
          column: 14
        },
        { message: '"mlflow>=2"', cell: 1, line: 1, column: 41 }
      ]
    },
    {
      name: 'shell pip, continuation lines, index url option skipped',
      cells: [
        'import os\n!pip install -q --index-url https://x.org/simple \\\n    xgboost'
      ],
      errors: [{ message: '"xgboost"', cell: 1, line: 3, column: 5 }]
    }
  ]
});
