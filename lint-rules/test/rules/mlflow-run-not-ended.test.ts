import rule from '../../src/rules/mlflow-run-not-ended';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nwith mlflow.start_run() as run:\n    mlflow.log_param("a", 1)'
      ]
    },
    {
      cells: [
        'import mlflow\nmlflow.start_run()',
        'mlflow.log_metric("m", 1)',
        'mlflow.end_run()'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'import mlflow as mf',
        'run = mf.start_run(run_name="x")\nmf.log_metric("m", 1)'
      ],
      errors: [
        {
          message: 'mlflow.start_run() outside "with"',
          messageId: 'notEnded',
          cell: 2,
          line: 1,
          column: 7
        }
      ]
    },
    {
      cells: ['from mlflow import start_run\nstart_run()'],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 2, column: 1 }]
    }
  ]
});
