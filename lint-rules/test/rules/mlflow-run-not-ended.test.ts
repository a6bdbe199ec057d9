import rule from '../../src/rules/mlflow-run-not-ended';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nwith mlflow.start_run() as run:\n    mlflow.log_param("a", 1)'
      ]
    },
    {
      cells: [
        'import mlflow\nmlflow.start_run()',
        'mlflow.log_metric("m", 1)',
        'mlflow.end_run()'
      ]
    },
    {
      // round 10, rows 130-133: a get-or-start helper of a %run utility notebook returns the
      // run it starts or resumes; its callers own the run (and end it)
      name: 'a helper that returns the run it starts hands it to the caller',
      cells: [
        'import mlflow\n\ndef get_or_start_run(run_name):\n    runs = mlflow.search_runs(filter_string=f"run_name = \'{run_name}\'", output_format="list")\n    if len(runs) == 1:\n        return mlflow.start_run(run_id=runs[0].info.run_id)\n    else:\n        return (mlflow.start_run(run_name=run_name))'
      ]
    },
    {
      name: 'a run stored in a name, an attribute or a yielded value the function hands over',
      cells: [
        'import mlflow\n\ndef start():\n    run = mlflow.start_run()\n    mlflow.set_tag("k", "v")\n    return run',
        'class Tracker:\n    def open(self):\n        self.run = mlflow.start_run()\n        return self.run',
        'def runs():\n    yield mlflow.start_run()',
        'def both():\n    active = mlflow.start_run(nested=True)\n    return active, 1'
      ]
    },
    {
      // whether a helper's call hands the run over is decided once the helpers are all known:
      // a wrapper written before the helper it returns hands it on as well
      name: 'a function that returns a helper call hands the run on, before or after the helper',
      cells: [
        'import mlflow\ndef wrap():\n    return get_run()',
        'def get_run():\n    return mlflow.start_run()',
        'def wrap_again():\n    return (get_run())'
      ]
    }
  ],
  invalid: [
    {
      name: 'a function that starts a run and neither ends nor returns it',
      cells: [
        'import mlflow\n\ndef train(x):\n    mlflow.start_run()\n    mlflow.log_metric("m", x)\n    return x'
      ],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 4, column: 5 }]
    },
    {
      name: 'a run kept in a name the function does not return',
      cells: [
        'import mlflow\n\ndef train(x):\n    run = mlflow.start_run()\n    def inner():\n        return run\n    return inner'
      ],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 4, column: 11 }]
    },
    {
      cells: [
        'import mlflow as mf',
        'run = mf.start_run(run_name="x")\nmf.log_metric("m", 1)'
      ],
      errors: [
        {
          message: 'mlflow.start_run() outside "with"',
          messageId: 'notEnded',
          cell: 2,
          line: 1,
          column: 7
        }
      ]
    },
    {
      cells: ['from mlflow import start_run\nstart_run()'],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 2, column: 1 }]
    },
    // round 10's attack review, D2: a return that only mentions the run hands none over
    ...[
      'return run.info.run_id',
      'return run is not None',
      'return print(run.info.run_id)'
    ].map(ret => ({
      name: `a function that starts a run and does "${ret}"`,
      cells: [
        `import mlflow\ndef go():\n    run = mlflow.start_run()\n    ${ret}`,
        'go()'
      ],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 3, column: 11 }]
    })),
    {
      name: 'an attribute whose run id is returned',
      cells: [
        'import mlflow\nclass T:\n    def fit(self):\n        self.run = mlflow.start_run()\n        return self.run.info.run_id',
        'T().fit()'
      ],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 4, column: 20 }]
    },
    {
      name: 'a name rebound before it is returned',
      cells: [
        'import mlflow\ndef go():\n    run = mlflow.start_run()\n    run = 3\n    return run',
        'go()'
      ],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 3, column: 11 }]
    },
    {
      name: 'a lambda that starts a run hands nothing over',
      cells: ['import mlflow\nstart = lambda: mlflow.start_run()\nstart()'],
      errors: [{ message: 'no mlflow.end_run()', cell: 1, line: 2, column: 17 }]
    },
    {
      name: 'a call of a helper that hands over its run, outside "with" and never ended',
      cells: [
        'import mlflow\ndef get_run():\n    return mlflow.start_run()',
        "run = get_run()\nmlflow.log_metric('a', 1)",
        "with get_run():\n    mlflow.log_metric('b', 1)"
      ],
      errors: [
        {
          message: 'get_run() starts an MLflow run',
          cell: 2,
          line: 1,
          column: 7
        }
      ]
    },
    {
      name: 'a helper called in a cell above its definition, and inside a function that keeps the run',
      cells: [
        'import mlflow\nrun = get_run()',
        'def get_run():\n    return mlflow.start_run()',
        'def train():\n    run = get_run()\n    return 1'
      ],
      errors: [
        {
          message: 'get_run() starts an MLflow run',
          cell: 1,
          line: 2,
          column: 7
        },
        {
          message: 'get_run() starts an MLflow run',
          cell: 3,
          line: 2,
          column: 11
        }
      ]
    }
  ]
});
