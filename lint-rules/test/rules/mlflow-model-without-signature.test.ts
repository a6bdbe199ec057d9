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
    { cells: ['import mlflow\nmlflow.sklearn.log_model(model, **kwargs)'] },
    {
      // amesar/mlflow-examples transformers/Feature_Extraction_Task: the flavor infers it
      name: 'flavors that infer a signature themselves (transformers, sentence-transformers)',
      cells: [
        'import mlflow\nwith mlflow.start_run() as run:\n    model_info = mlflow.transformers.log_model(\n        transformers_model=sentence_transformer_pipeline,\n        artifact_path="model"\n    )\n    mlflow.sentence_transformers.log_model(st_model, "st")'
      ]
    }
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
