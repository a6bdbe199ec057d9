import rule from '../../src/rules/mlflow-latest-model-uri';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'm = mlflow.pyfunc.load_model("models:/churn@champion")\nn = mlflow.pyfunc.load_model("models:/churn/3")'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'm = mlflow.pyfunc.load_model("models:/churn/latest")',
        'u = f"models:/{name}/latest"'
      ],
      errors: [
        {
          message: '"models:/churn/latest" loads whichever version',
          messageId: 'latest',
          cell: 1,
          line: 1,
          column: 31
        },
        { message: '"models:/{name}/latest"', cell: 2, line: 1, column: 7 }
      ]
    },
    {
      // the notebook test reads only the cells the engine walks: one that mentions the URI in
      // markdown still has its code cells looked at
      name: 'a URI named in markdown too',
      cells: [
        { md: 'Load `models:/churn/latest`' },
        'm = load("models:/churn/latest")'
      ],
      errors: [
        { message: '"models:/churn/latest"', cell: 2, line: 1, column: 11 }
      ]
    },
    {
      name: 'the scheme in capitals (the rule skips cells without models:/ in any case)',
      cells: ['x = 1', 'm = load("Models:/churn/LATEST")'],
      errors: [
        { message: '"Models:/churn/LATEST"', cell: 2, line: 1, column: 11 }
      ]
    }
  ]
});
