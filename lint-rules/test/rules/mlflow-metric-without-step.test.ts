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
      name: 'the step of a plain for over enumerate is certain: safe fix',
      cells: [
        'import mlflow\nfor epoch, batch in enumerate(loader):\n    loss = step(batch)\n    mlflow.log_metric("loss", loss)'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 22
        }
      ],
      output: [
        'import mlflow\nfor epoch, batch in enumerate(loader):\n    loss = step(batch)\n    mlflow.log_metric("loss", loss, step=epoch)'
      ]
    },
    {
      name: 'a while loop has no certain step: no fix',
      cells: [
        'import mlflow\nwhile training:\n    mlflow.log_metric("loss", next_loss())'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 22
        }
      ],
      output: null
    },
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
