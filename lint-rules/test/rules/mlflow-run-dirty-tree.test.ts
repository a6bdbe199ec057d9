import rule from '../../src/rules/mlflow-run-dirty-tree';
import type { RepositoryState } from '../../src/engine/types';
import { runRuleTests } from './ruleTester';

const clean: RepositoryState = {
  root: '/work/churn',
  notebookPath: 'train.ipynb',
  notebookTracked: true,
  dirty: false,
  dirtyPaths: []
};
const dirty: RepositoryState = {
  ...clean,
  dirty: true,
  dirtyPaths: ['train.ipynb', 'src/features.py', 'data/prep.py', 'README.md']
};
const logs =
  'import mlflow\nwith mlflow.start_run():\n    mlflow.log_metric("auc", 0.9)';

runRuleTests(rule, {
  valid: [
    { name: 'a clean, committed tree', cells: [logs], repository: clean },
    {
      name: 'the host does not know the repository (no git, an older server)',
      cells: [logs]
    },
    {
      name: 'no repository at all: mlflow-run-outside-repository reports that',
      cells: [logs],
      repository: { root: null }
    },
    {
      name: 'a dirty tree, but the notebook logs no run',
      cells: ['import pandas as pd\ndf = pd.read_csv("data.csv")'],
      repository: dirty
    }
  ],
  invalid: [
    {
      name: 'the first logging call, with the first changed paths named',
      cells: ['import mlflow as mf', 'mf.autolog()\nmf.start_run()'],
      repository: dirty,
      errors: [
        {
          messageId: 'dirty',
          message:
            'uncommitted changes (train.ipynb, src/features.py, data/prep.py and 1 more)',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 13
        }
      ]
    },
    {
      name: 'the notebook itself is not committed',
      cells: [logs],
      repository: {
        ...clean,
        notebookPath: 'scratch/try.ipynb',
        notebookTracked: false
      },
      errors: [
        {
          messageId: 'untracked',
          message: 'a notebook git does not track (scratch/try.ipynb)',
          cell: 1,
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 24
        }
      ]
    },
    {
      name: 'dirty without a list of paths still says why',
      cells: ['mlflow.log_param("lr", 0.1)'],
      repository: { ...clean, dirty: true },
      errors: [
        {
          message: 'uncommitted changes (git status lists them)',
          cell: 1,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 28
        }
      ]
    }
  ]
});
