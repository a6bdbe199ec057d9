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
    },
    {
      // MohammadB88/MLOps-Workshop-Exercises 02_governance_implementation.ipynb (round 16): a
      // governance demo logs no model, only to have a registered model to tag
      name: 'a literal None as the model (a placeholder): nothing for a signature to describe',
      cells: [
        "import mlflow\nwith mlflow.start_run() as run:\n    mlflow.log_metric('accuracy', 0.94)\n    mlflow.sklearn.log_model(\n        sk_model=None,  # placeholder\n        artifact_path='model',\n        registered_model_name='ForecastModel_Governance'\n    )",
        'mlflow.xgboost.log_model(None, "model")'
      ]
    }
  ],
  invalid: [
    {
      // the near-miss: a model that is a name (even one set to None elsewhere), or pyfunc's
      // python_model=None (the loader_module workflow: a real model with inputs). Only keywords
      // in the pyfunc call: with a positional first (`"m"`, pyfunc's artifact_path) the model
      // read would be that string, and the call would be reported without the pyfunc exclusion
      name: 'a model named by a variable, or pyfunc with python_model=None, is still reported',
      cells: [
        'import mlflow\nmodel = None\nmlflow.sklearn.log_model(sk_model=model, artifact_path="m")',
        'mlflow.pyfunc.log_model(artifact_path="m", python_model=None, loader_module="my_loader", data_path="d")',
        'mlflow.sklearn.log_model(sk_model=clf, artifact_path="m", registered_model_name=None)'
      ],
      errors: [
        { message: 'mlflow.sklearn.log_model() without', cell: 1, line: 3 },
        { message: 'mlflow.pyfunc.log_model() without', cell: 2, line: 1 },
        { message: 'mlflow.sklearn.log_model() without', cell: 3, line: 1 }
      ]
    },
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
