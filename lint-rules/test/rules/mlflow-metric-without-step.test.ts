import rule from '../../src/rules/mlflow-metric-without-step';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nfor epoch in range(3):\n    mlflow.log_metric("loss", l, step=epoch)\n    mlflow.log_metric("acc", a, epoch)'
      ]
    },
    { cells: ['import mlflow\nmlflow.log_metric("final", 1.0)'] }
  ],
  invalid: [
    {
      cells: [
        'import mlflow',
        'for batch in loader:\n    loss = step(batch)\n    mlflow.log_metric("loss", loss)'
      ],
      errors: [
        {
          message: 'mlflow.log_metric() in a loop without step=',
          messageId: 'noStep',
          cell: 2,
          line: 3,
          column: 5
        }
      ]
    }
  ]
});
