import rule from '../../src/rules/missing-random-seed';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'X_tr, X_te = train_test_split(X, test_size=0.2, random_state=42)'
      ]
    },
    {
      cells: [
        'm = RandomForestClassifier(n_estimators=10, random_state=0)\nkf = KFold(5)'
      ]
    },
    {
      name: 'kwargs may carry the seed',
      cells: ['m = RandomForestClassifier(**params)']
    },
    {
      name: 'spark randomSplit with positional seed',
      cells: ['a, b = df.randomSplit([0.8, 0.2], 42)']
    }
  ],
  invalid: [
    {
      cells: [
        'from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X, test_size=0.2)'
      ],
      errors: [
        {
          message: 'train_test_split() is called without random_state',
          messageId: 'noSeed',
          cell: 1,
          line: 2,
          column: 14
        }
      ]
    },
    {
      cells: [
        'clf = ensemble.GradientBoostingClassifier()\ncv = KFold(n_splits=5, shuffle=True)',
        'tr, te = df.randomSplit([0.8, 0.2])'
      ],
      errors: [
        {
          message: 'ensemble.GradientBoostingClassifier()',
          cell: 1,
          line: 1,
          column: 7
        },
        {
          message: 'KFold() is called without random_state',
          cell: 1,
          line: 2,
          column: 6
        },
        {
          message: 'df.randomSplit() is called without seed',
          cell: 2,
          line: 1,
          column: 10
        }
      ]
    }
  ]
});
