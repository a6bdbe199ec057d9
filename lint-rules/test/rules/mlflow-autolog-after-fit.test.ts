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
    },
    {
      // a lesson's shape: the classifier trained once without MLflow, then again under autolog
      name: 'a model trained untracked on purpose, then autolog before the training it is for',
      cells: [
        'from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression()\nclf.fit(X_train, y_train)',
        'import mlflow\n# enable autologging\nmlflow.sklearn.autolog()\nwith mlflow.start_run():\n    clf = LogisticRegression()\n    clf.fit(X_train, y_train)'
      ]
    },
    {
      // a course's shape: features vectorized, a baseline and a hand-logged run, then autolog right
      // before the model-comparison loop
      name: 'autolog before the loop that trains the models it is for',
      cells: [
        'import mlflow\ndv = DictVectorizer()\nX_train = dv.fit_transform(train_dicts)',
        'lr = LinearRegression()\nlr.fit(X_train, y_train)',
        'mlflow.sklearn.autolog()\nfor model_class in (RandomForestRegressor, LinearSVR):\n    with mlflow.start_run():\n        mlmodel = model_class()\n        mlmodel.fit(X_train, y_train)'
      ]
    },
    {
      name: 'a statsmodels fit without arguments after autolog is training it records',
      cells: [
        'import mlflow\nimport statsmodels.api as sm',
        'clf.fit(X, y)',
        'mlflow.statsmodels.autolog()',
        'res = sm.OLS(y, X).fit()'
      ]
    },
    {
      name: 'a preprocessor fit_transform above autolog trains no model',
      cells: [
        'import mlflow\nfrom sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nX = scaler.fit_transform(X)',
        'mlflow.autolog()'
      ]
    },
    {
      name: 'a fit, autolog, and a fit after it: the later training is logged',
      cells: [
        'import mlflow\nmodel.fit(X, y)',
        'mlflow.autolog()',
        'mlflow.sklearn.autolog(log_models=False)\nmodel.fit(X, y)'
      ]
    },
    {
      name: 'a training function defined after autolog and called there is training autolog records',
      cells: [
        'import mlflow\nclf.fit(X, y)',
        'mlflow.sklearn.autolog()',
        'def train(model):\n    model.fit(X_train, y_train)\n    return model',
        'train(RandomForestClassifier())'
      ]
    },
    {
      name: 'a fit inside a function defined but not called before autolog ran nothing before it',
      cells: [
        'import mlflow\ndef train(model):\n    model.fit(X, y)',
        'mlflow.autolog()',
        'preds = clf.predict(X)'
      ]
    },
    {
      name: 'a training call of the autolog flavour after it (xgboost)',
      cells: [
        'import mlflow\nimport xgboost as xgb\nclf.fit(X, y)',
        'mlflow.xgboost.autolog()',
        'bst = xgb.train(params, dtrain)'
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
      name: 'only the first autolog after an unlogged fit, when nothing is trained after it',
      cells: [
        'import mlflow\nmodel.fit(X, y)',
        'mlflow.autolog()',
        'mlflow.sklearn.autolog(log_models=False)\npreds = model.predict(X)'
      ],
      errors: [{ message: 'mlflow.autolog() comes after', cell: 2 }]
    },
    {
      name: 'the fit named is the model, not the preprocessor above it; a fit_transform after autolog trains nothing',
      cells: [
        'import mlflow\nfrom sklearn.feature_extraction import DictVectorizer\ndv = DictVectorizer()\nX = dv.fit_transform(dicts)',
        'lr.fit(X, y)',
        'mlflow.sklearn.autolog()\nX_val = dv.fit_transform(val_dicts)\nlr.predict(X_val)'
      ],
      errors: [
        {
          message:
            'mlflow.sklearn.autolog() comes after the .fit() call in cell 2,',
          cell: 3,
          line: 1
        }
      ]
    },
    {
      name: 'a booster trained with xgb.train before autolog',
      cells: [
        'import mlflow\nimport xgboost as xgb\nbooster = xgb.train(params, dtrain)',
        'mlflow.xgboost.autolog()'
      ],
      errors: [{ message: 'cell 1', cell: 2 }]
    },
    // the review of round 6: later calls that train nothing autolog records no longer hide it
    ...[
      [
        'a LabelEncoder fitted after autolog',
        'le = LabelEncoder()\nle.fit(labels)'
      ],
      [
        'an imputer fitted after autolog',
        'imp = SimpleImputer()\nimp.fit(X)\nX2 = imp.transform(X)'
      ],
      [
        'a scaler constructed and fitted in one expression',
        'scaler = StandardScaler().fit(X_test)'
      ],
      [
        "PyTorch's mode switch net.train()",
        'net.train()\nfor b in loader:\n    pass'
      ],
      ["a tokenizer's train(files)", 'tok.train(files)'],
      ['a fit inside a def never called', 'def later():\n    clf.fit(X, y)'],
      ['a fit inside a lambda', 'f = lambda: clf.fit(X, y)'],
      ['a fit only in a comment', '# clf.fit(X, y)'],
      [
        'a training def called only from a def never called',
        'def train_model():\n    clf.fit(X, y)\ndef run_all():\n    train_model()'
      ]
    ].map(([name, after]) => ({
      name,
      cells: [
        'import mlflow\nfrom sklearn.preprocessing import LabelEncoder, StandardScaler\nfrom sklearn.impute import SimpleImputer',
        'clf.fit(X, y)',
        'mlflow.autolog()',
        after
      ],
      errors: [
        {
          message: 'mlflow.autolog() comes after the .fit() call in cell 2',
          cell: 3
        }
      ]
    })),
    {
      name: 'xgb.train after mlflow.sklearn.autolog: a flavour sklearn autolog never records',
      cells: [
        'import mlflow\nimport xgboost as xgb',
        'clf.fit(X, y)',
        'mlflow.sklearn.autolog()',
        'bst = xgb.train(params, dtrain)'
      ],
      errors: [{ message: 'mlflow.sklearn.autolog() comes after', cell: 3 }]
    },
    {
      // mlflow.sklearn's autolog patches fit, fit_transform and fit_predict (FIT_FUNC_NAMES)
      name: "a pipeline's fit_transform trains it",
      cells: [
        'import mlflow',
        'Xt = pipe.fit_transform(X, y)',
        'mlflow.sklearn.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    },
    // the second review: statsmodels fits without arguments, and a model named like a
    // preprocessor (a Keras Transformer, an AutoEncoder the notebook defines) is a model
    {
      name: 'a statsmodels model fitted without arguments before autolog',
      cells: [
        'import mlflow\nimport statsmodels.api as sm',
        'model = sm.OLS(y, X)\nres = model.fit()',
        'mlflow.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    },
    {
      name: 'a statsmodels formula model fitted in one expression before autolog',
      cells: [
        'import mlflow\nimport statsmodels.formula.api as smf',
        "res = smf.ols('y ~ x', data=df).fit()",
        'mlflow.statsmodels.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    },
    {
      name: 'a Keras Transformer the notebook defines is a model',
      cells: [
        'import mlflow',
        'model = Transformer(num_layers=4, d_model=128)\nmodel.fit(train_batches, epochs=20)',
        'mlflow.tensorflow.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    },
    {
      name: 'an AutoEncoder is a model',
      cells: [
        'import mlflow',
        'ae = AutoEncoder(32); ae.fit(x, x, epochs=10)',
        'mlflow.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    },
    {
      name: "a clusterer's fit_predict trains it",
      cells: [
        'import mlflow',
        'labels = KMeans(3).fit_predict(X)',
        'mlflow.autolog()'
      ],
      errors: [{ message: 'the .fit() call in cell 2', cell: 3 }]
    }
  ]
});
