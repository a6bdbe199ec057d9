import rule from '../../src/rules/mlflow-run-outside-repository';
import type { RepositoryState } from '../../src/engine/types';
import { runRuleTests } from './ruleTester';

const repo: RepositoryState = {
  root: '/work/churn',
  notebookPath: 'notebooks/train.ipynb',
  notebookTracked: true,
  dirty: false
};
const log = 'with mlflow.start_run():\n    mlflow.log_metric("rows", len(df))';

runRuleTests(rule, {
  valid: [
    {
      name: 'reads inside the repository, relative to the notebook or absolute',
      cells: [
        'import pandas as pd\ndf = pd.read_csv("../data/churn.csv")\nx = np.load("/work/churn/data/x.npy")\nwith open("local.txt") as f:\n    pass',
        log
      ],
      repository: repo
    },
    {
      name: 'URLs, writes and non-literal paths are not local reads',
      cells: [
        'df = pd.read_csv("s3://bucket/churn.csv")\nt = spark.read.parquet("dbfs:/mnt/raw")\nopen("/tmp/out.txt", "w").write("x")\ndf2 = pd.read_csv(path)',
        log
      ],
      repository: repo
    },
    {
      name: 'a file outside, but the notebook logs no MLflow run',
      cells: ['df = pd.read_csv("/mnt/shared/churn.csv")'],
      repository: repo
    },
    {
      name: 'the lab knows the root only relative to the Jupyter root: absolute paths are not judged',
      cells: ['df = pd.read_csv("/mnt/shared/churn.csv")', log],
      repository: { ...repo, root: 'projects/churn' }
    },
    {
      name: 'the host does not know the repository',
      cells: ['df = pd.read_csv("/mnt/shared/churn.csv")', log]
    }
  ],
  invalid: [
    {
      name: 'absolute and relative reads that leave the repository, each at its string',
      cells: [
        'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("../../shared/churn.csv")\nw = np.load(file="/data/w.npy")',
        'rows = spark.read.csv("/Volumes/main/raw/events.csv")\nwith open("~/notes.txt") as f:\n    pass',
        log
      ],
      repository: repo,
      errors: [
        {
          messageId: 'outsideFile',
          message:
            'read "../../shared/churn.csv", which is outside the repository (/work/churn)',
          cell: 1,
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 42
        },
        {
          message: '"/data/w.npy"',
          cell: 1,
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 31
        },
        {
          message: '"/Volumes/main/raw/events.csv"',
          cell: 2,
          line: 1,
          column: 23,
          endLine: 1,
          endColumn: 53
        },
        {
          message: '"~/notes.txt"',
          cell: 2,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 24
        }
      ]
    },
    {
      name: 'a notebook in no repository, at the first logging call',
      cells: ['import mlflow', 'mlflow.set_tag("k", "v")\nmlflow.start_run()'],
      repository: { root: null },
      errors: [
        {
          messageId: 'noRepository',
          message: 'the notebook is in no git repository',
          cell: 2,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 25
        }
      ]
    }
  ]
});
