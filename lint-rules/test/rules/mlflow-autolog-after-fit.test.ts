import rule from '../../src/rules/mlflow-autolog-after-fit';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'autolog(disable=True) after a fit switches logging off (public Fabric samples do this)',
      cells: ['import mlflow\nmodel.fit(X, y)', 'mlflow.autolog(disable=True)']
    },
    { cells: ['import mlflow\nmlflow.autolog()', 'model.fit(X, y)'] },
    {
      // fabric-samples' MLflow workshop: Fabric's default autolog logged the fit; the later call
      // only changes its mode
      name: 'a Fabric notebook, where autologging is on from the start',
      cells: [
        'model.fit(X, y)',
        'import mlflow\nmlflow.autolog(exclusive=False)'
      ],
      metadata: {
        kernelspec: {
          name: 'synapse_pyspark',
          display_name: 'Synapse PySpark'
        },
        language_info: { name: 'python' },
        dependencies: { lakehouse: {} },
        spark_compute: { compute_id: '/trident/default' }
      }
    },
    {
      name: 'each cell enables autolog before its own fit',
      cells: [
        'import mlflow',
        'with mlflow.start_run():\n    mlflow.xgboost.autolog()\n    model.fit(X, y)',
        'with mlflow.start_run():\n    mlflow.xgboost.autolog(log_models=False)\n    model.fit(X, y)'
      ]
    }
  ],
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
          column: 1,
          endLine: 1,
          endColumn: 23
        }
      ]
    },
    {
      name: 'only the first autolog after an unlogged fit',
      cells: [
        'import mlflow\nmodel.fit(X, y)',
        'mlflow.autolog()',
        'mlflow.sklearn.autolog(log_models=False)\nmodel.fit(X, y)'
      ],
      errors: [{ message: 'mlflow.autolog() comes after', cell: 2 }]
    }
  ]
});
