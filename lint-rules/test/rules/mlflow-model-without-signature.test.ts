import rule from '../../src/rules/mlflow-model-without-signature';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nmlflow.sklearn.log_model(model, "model", input_example=X[:5])'
      ]
    },
    {
      cells: [
        'import mlflow\nmlflow.pyfunc.log_model("m", python_model=P(), signature=sig)'
      ]
    },
    { cells: ['import mlflow\nmlflow.sklearn.log_model(model, **kwargs)'] }
  ],
  invalid: [
    {
      cells: [
        'import mlflow.sklearn',
        'with mlflow.start_run():\n    mlflow.sklearn.log_model(model, artifact_path="model")'
      ],
      errors: [
        {
          message:
            'mlflow.sklearn.log_model() without signature= or input_example=',
          messageId: 'noSignature',
          cell: 2,
          line: 2,
          column: 5
        }
      ]
    }
  ]
});
