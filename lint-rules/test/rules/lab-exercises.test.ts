/**
 * Course labs handed out as a copy of their solution (issue #15, round 28): training-data-analyst's
 * `deepdive2` labs notebooks keep the solution's execution counts and outputs, with each answer
 * cell emptied for the student (`# TODO 2` over `# TODO -- Your code here.`, `x = # TODO: ...`).
 * What the lab's later cells read unbound (NB104) or before the lab's next step defines it (NB103),
 * and the TODO blanks that do not parse (NB201), are the student's. A notebook that marks nothing
 * for a student, or marks one cell, keeps every finding; so does a real error in a lab.
 */
import syntaxError from '../../src/rules/syntax-error';
import undefinedName from '../../src/rules/undefined-name';
import useBeforeDefine from '../../src/rules/use-before-define';
import { CellSpec, runRuleTests } from './ruleTester';

const ran = (code: string, count: number): CellSpec => ({
  code,
  count,
  outputs: [{ output_type: 'stream', name: 'stdout', text: ['ok\n'] }]
});

/** sample_babyweight.ipynb's shape: Lab Task #2's cell emptied, its prints and later reads kept */
const SAMPLE_LAB: CellSpec[] = [
  {
    md: '# Sample\nEach learning objective will correspond to a __#TODO__ in this student lab notebook.'
  },
  ran('import pandas as pd\ndf = pd.DataFrame()', 1),
  { md: '**Lab Task #1:** Split the data' },
  ran('# TODO 1\n# TODO -- Your code here.\n', 2),
  { md: '**Lab Task #2:** Sample the natality dataset' },
  ran(
    '# TODO 2\n# TODO -- Your code here.\nprint("There are {} examples.".format(len(train_df)))',
    3
  ),
  ran('train_df.describe()', 4),
  ran('model.fit(X_train)', 5),
  ran('train_df = df.sample(10)', 6)
];

/** the same cells in a project notebook: no TODO marks an answer */
const PROJECT: CellSpec[] = [
  ran('import pandas as pd\ndf = pd.DataFrame()', 1),
  ran('print(len(train_df))', 2),
  ran('model.fit(X_train)', 3),
  ran('train_df = df.sample(10)', 4)
];

runRuleTests(useBeforeDefine, {
  valid: [
    {
      name: 'round 28 rows 15-18: reads of the emptied Lab Task #2 answer, defined by a later step',
      path: 'courses/deepdive2/end_to_end_ml/labs/sample_babyweight.ipynb',
      cells: SAMPLE_LAB
    }
  ],
  invalid: [
    {
      name: 'a project notebook: the read before the definition below breaks Run all',
      path: 'project/analysis.ipynb',
      cells: PROJECT,
      errors: [{ message: '"train_df" is read here', cell: 2, line: 1 }]
    },
    {
      name: 'one TODO in a lab folder is an author note, not emptied answers',
      path: 'courses/labs/analysis.ipynb',
      cells: [
        ran('import pandas as pd\ndf = pd.DataFrame()', 1),
        ran('# TODO 1: Your code goes here\nprint(len(train_df))', 2),
        ran('train_df = df.sample(10)', 3)
      ],
      errors: [{ message: '"train_df" is read here', cell: 2, line: 2 }]
    },
    {
      name: 'a read above the first emptied answer is still the notebook order',
      path: 'courses/labs/sample.ipynb',
      cells: [
        ran('import pandas as pd\nprint(len(train_df))', 1),
        ran('train_df = pd.DataFrame()', 2),
        ran('# TODO 1\n# TODO -- Your code here.', 3),
        ran('# TODO 2\n# TODO -- Your code here.', 4)
      ],
      errors: [{ message: '"train_df" is read here', cell: 1, line: 2 }]
    }
  ]
});

runRuleTests(undefinedName, {
  valid: [
    {
      name: 'round 28 row 23: X_train comes from the emptied "TODO 2" train_test_split cell',
      path: 'courses/deepdive2/launching_into_ml/labs/intro_logistic_regression.ipynb',
      cells: [
        { md: '# Logistic regression' },
        ran('import pandas as pd\nad_data = pd.read_csv("a.csv")', 1),
        { md: 'TODO 1: **Split the data into training set and testing set**' },
        ran('# TODO: Your code goes here', 2),
        ran('from sklearn.linear_model import LogisticRegression', 3),
        ran(
          'logmodel = LogisticRegression()\nlogmodel.fit(X_train,y_train)',
          4
        ),
        { md: 'TODO 2: **Predict**' },
        ran('# TODO 2: Your code goes here', 5),
        ran('print(predictions)', 6)
      ]
    }
  ],
  invalid: [
    {
      name: 'the same reads in a project notebook (no answer marked) are undefined',
      path: 'project/logistic.ipynb',
      cells: [
        ran('import pandas as pd\nad_data = pd.read_csv("a.csv")', 1),
        ran('from sklearn.linear_model import LogisticRegression', 2),
        ran('logmodel = LogisticRegression()\nlogmodel.fit(X_train,y_train)', 3)
      ],
      errors: [
        { message: '"X_train" is not defined', cell: 3, line: 2 },
        { message: '"y_train" is not defined', cell: 3, line: 2 }
      ]
    },
    {
      // round 11 row 23 (TP): Ch2_MorePyMC_TFP.ipynb's exercises, two "#type your code here."
      // cells, in a chapter whose prose is about students cheating in an exam
      name: 'a book chapter whose prose speaks of students is no lab',
      path: 'Chapter2_MorePyMC/Ch2_MorePyMC_TFP.ipynb',
      cells: [
        {
          md: '## Example: Cheating among students\nThe student flips a coin.'
        },
        ran('import matplotlib.pyplot as plt', 1),
        ran('#type your code here.', 2),
        ran(
          '#type your code here.\nplt.scatter(alpha_samples_, beta_samples_)',
          3
        )
      ],
      errors: [
        { message: '"alpha_samples_" is not defined', cell: 4, line: 2 },
        { message: '"beta_samples_" is not defined', cell: 4, line: 2 }
      ]
    },
    {
      name: 'two TODO cells in a notebook neither in a lab folder nor saying it is course material',
      path: 'project/logistic.ipynb',
      cells: [
        ran('import pandas as pd\nx = 1  # TODO 1: your code here', 1),
        ran('# TODO 2: your code here\nlogmodel.fit(X_train)', 2)
      ],
      errors: [
        { message: '"logmodel" is not defined', cell: 2, line: 2 },
        { message: '"X_train" is not defined', cell: 2, line: 2 }
      ]
    }
  ]
});

runRuleTests(syntaxError, {
  valid: [
    {
      name: 'round 28 row 59: "dataset_name = # TODO: Add dataset name" in a lab that ran',
      path: 'courses/deepdive2/end_to_end_ml/labs/prepare_data_babyweight.ipynb',
      cells: [
        {
          md: 'Each learning objective will correspond to a __#TODO__ in this student lab notebook.'
        },
        ran(
          '# TODO: Change environment variables\nPROJECT = "cloud-training-demos"',
          1
        ),
        ran(
          'dataset_name = # TODO: Add dataset name\nprint(dataset_name)\n\nfor step in [# TODO: Loop over train and eval]:\n    uri = os.path.join(\n        "gs://", dataset_name, step)\n    print(uri)',
          2
        ),
        ran('client = # TODO 1: Your code goes here', 3)
      ]
    },
    {
      name: 'round 28 row 63: keyword arguments left as "# TODO" in a lab',
      path: 'courses/labs/3_kubeflow_pipelines.ipynb',
      cells: [
        ran('client = # TODO: create a Kubeflow client', 1),
        ran(
          '# TODO 4\nrun = client.run_pipeline(\n    experiment_id= # TODO: Add code for experiment id\n    job_name= # TODO: Provide a jobname\n    pipeline_package_path= # TODO: Add code for pipeline zip file\n    params={"a": 1},\n)',
          2
        )
      ]
    },
    {
      name: 'round 28 row 64: the call opened inside the TODO comment',
      path: 'courses/labs/rapid_prototyping_bqml_automl.ipynb',
      cells: [
        ran('    client = # TODO 1: Your code goes here', 1),
        ran(
          'vertex.init(project=PROJECT_ID)\n\npipeline_job = # TODO 5: Your code goes here(\n    display_name=DISPLAY_NAME,\n    enable_caching=False,\n)\n\nresponse = pipeline_job.submit()',
          2
        )
      ]
    }
  ],
  invalid: [
    {
      name: 'round 28 rows 60, 62 (TP): a bare gcloud command in a lab is a real error',
      path: 'courses/labs/export_a_bigquery_ml_model.ipynb',
      cells: [
        ran('client = # TODO 1: Your code goes here', 1),
        ran('x = # TODO 2: Your code goes here', 2),
        ran('gcloud ai-platform predict --model $MODEL', 3)
      ],
      errors: [{ message: 'Cell does not parse', cell: 3, line: 1 }]
    },
    {
      name: 'one "x = # TODO" in a project notebook is unfinished code',
      path: 'project/pipeline.ipynb',
      cells: [
        ran('import os', 1),
        ran('exp = # TODO: create an experiment', 2)
      ],
      errors: [{ message: 'Cell does not parse', cell: 2, line: 1 }]
    },
    {
      name: 'round 28 row 64 outside a lab: the error is at the blank (line 3), as CPython says, not at the next line',
      path: 'project/pipeline.ipynb',
      cells: [
        ran(
          'vertex.init(project=PROJECT_ID)\n\npipeline_job = # TODO 5: Your code goes here(\n    display_name=DISPLAY_NAME,\n    enable_caching=False,\n)',
          1
        )
      ],
      errors: [{ message: 'Cell does not parse', cell: 1, line: 3 }]
    },
    {
      name: 'row 64 in an exercise whose blanks are filled: an error left by the blank stays at the blank',
      cells: [
        { md: '## Exercise: submit the pipeline' },
        'vertex.init(project=PROJECT_ID)\n\npipeline_job = # your code here\n    display_name=DISPLAY_NAME,\n    enable_caching=False,\n)'
      ],
      errors: [{ message: 'Cell does not parse', cell: 2, line: 3 }]
    }
  ]
});
