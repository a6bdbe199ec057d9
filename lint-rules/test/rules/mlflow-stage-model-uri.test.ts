import rule from '../../src/rules/mlflow-stage-model-uri';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'client.set_registered_model_alias("churn", "champion", 3)\nm = load("models:/churn@champion")'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'm = mlflow.pyfunc.load_model("models:/churn/Production")',
        'client.transition_model_version_stage("churn", 3, "Staging")'
      ],
      errors: [
        {
          message:
            '"models:/churn/Production" uses a deprecated registry stage',
          messageId: 'stageUri',
          cell: 1,
          line: 1,
          column: 31
        },
        {
          message:
            'transition_model_version_stage() uses deprecated registry stages',
          messageId: 'stageApi',
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});
