import rule from '../../src/rules/mlflow-autolog-after-fit';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [{ cells: ['import mlflow\nmlflow.autolog()', 'model.fit(X, y)'] }],
  invalid: [
    {
      cells: ['import mlflow', 'model.fit(X, y)', 'mlflow.sklearn.autolog()'],
      errors: [
        {
          message:
            'mlflow.sklearn.autolog() comes after the .fit() call in cell 2',
          messageId: 'afterFit',
          cell: 3,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
