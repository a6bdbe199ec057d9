/**
 * NB107 on an estimator built only to show the error its construction raises (issue #15, round 27
 * row 34, FP): lale's docs_guide_for_sklearn_users.ipynb builds a RandomForestRegressor inside
 * `try:` to provoke a schema ValidationError and prints the message; nothing is fit, so no
 * randomness reaches a result. An estimator fit inside the `try`, or one bound where no handler
 * shows the error, is still reported.
 */
import rule from '../../src/rules/missing-random-seed';
import { runRuleTests } from './ruleTester';

const IMPORTS =
  'import sys, jsonschema\nimport lale\nfrom sklearn.ensemble import RandomForestRegressor\nfrom sklearn.decomposition import PCA';

runRuleTests(rule, {
  valid: [
    {
      name: 'round 27 row 34: built in a try whose handler shows the ValidationError',
      cells: [
        IMPORTS,
        "%%time\ntry:\n    lale_constraint_error = lale.operators.make_pipeline(\n        lale.lib.sklearn.RFE(\n            estimator=lale.lib.sklearn.RandomForestRegressor(n_estimators=10)),\n        PCA(svd_solver='arpack', n_components='mle'))\nexcept jsonschema.ValidationError as e:\n    message = str(e)\nprint(message, file=sys.stderr)"
      ]
    },
    {
      name: 'a constructor given a bad hyperparameter to show its error',
      cells: [
        IMPORTS,
        'try:\n    RandomForestRegressor(n_estimators=-1)\nexcept ValueError as err:\n    print(err)'
      ]
    }
  ],
  invalid: [
    {
      name: 'an estimator fit inside the try is a result',
      cells: [
        IMPORTS,
        'try:\n    m = RandomForestRegressor(n_estimators=10)\n    m.fit(X, y)\nexcept ValueError as e:\n    print(e)'
      ],
      errors: [
        {
          message: 'RandomForestRegressor() is called without random_state',
          cell: 2,
          line: 2
        }
      ],
      output: null
    },
    {
      name: 'a handler that swallows the error shows nothing: the estimator is the point',
      cells: [
        IMPORTS,
        'try:\n    m = RandomForestRegressor(n_estimators=10)\nexcept ImportError:\n    pass\nm.fit(X, y)'
      ],
      errors: [
        {
          message: 'RandomForestRegressor() is called without random_state',
          cell: 2,
          line: 2
        }
      ],
      output: null
    }
  ]
});
