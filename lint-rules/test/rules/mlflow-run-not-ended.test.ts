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
    },
    {
      // round 15, rows 159-163: the ActiveRun start_run returns is a context manager whose
      // __exit__ calls end_run (mlflow/tracking/fluent.py), so a name entered by `with` is ended
      name: 'a run bound to a name and entered by "with <name>" later is ended by the with',
      cells: [
        'import mlflow\nif run_id:\n    _run_ctx = mlflow.start_run(run_id=run_id)\nelse:\n    _run_ctx = mlflow.start_run(\n        run_name="opt",\n    )\n\ntry:\n    with _run_ctx as run:\n        mlflow.log_param("a", 1)\nexcept Exception:\n    raise',
        'run_ctx = mlflow.start_run(run_name="canvas")',
        'with run_ctx:\n    mlflow.log_metric("m", 1)',
        'def train():\n    ctx = mlflow.start_run()\n    with ctx as r:\n        mlflow.log_metric("m", 2)'
      ]
    },
    {
      // the near misses of the case above: a jump or a binding on another branch, a loop
      // wholly between, a raise a try between may catch, a `with` inside `try:` or another `with`
      name: 'a "with" reached on every path: jumps and bindings off the way do not count',
      cells: [
        'import mlflow\ndef f(ok):\n    if ok:\n        c = mlflow.start_run()\n    else:\n        return None\n    for x in xs:\n        if x:\n            break\n    try:\n        raise ValueError()\n    except ValueError:\n        pass\n    with open("f") as fh:\n        with c:\n            pass',
        'run = mlflow.start_run()\nother = 1',
        'try:\n    with run as r:\n        pass\nfinally:\n    pass'
      ]
    },
    {
      // round 15, row 164: TorchDistributor runs the function in processes of its own; the run
      // it resumes there is ended at that process's exit (fluent.py's atexit _safe_end_run)
      name: "a function only handed to a distributor's .run resumes the run in worker processes",
      cells: [
        'import mlflow\nfrom pyspark.ml.torch.distributor import TorchDistributor\n\ndef main_training_loop(n, run_id=None):\n    mlflow.start_run(run_id=run_id)\n    mlflow.log_metric("loss", 1.0)',
        'with mlflow.start_run() as run:\n    run_id = run.info.run_id\n    TorchDistributor(num_processes=2, local_mode=False).run(main_training_loop, 2, run_id)',
        'from sparkdl import HorovodRunner\ndef hvd_train(run_id):\n    mlflow.start_run(run_id=run_id)\nhr = HorovodRunner(np=2)\nhr.run(hvd_train, run_id=run_id)'
      ]
    }
  ],
  invalid: [
    {
      name: 'a bound run entered by "with" only before it starts, or another name entered, stays open',
      cells: [
        'import mlflow\nwith other:\n    pass\nrun = mlflow.start_run()\nwith other:\n    pass',
        'def f():\n    ctx = mlflow.start_run()\n    return 1\nwith ctx:\n    pass'
      ],
      errors: [
        { message: 'no mlflow.end_run()', cell: 1, line: 4, column: 7 },
        { message: 'no mlflow.end_run()', cell: 2, line: 2, column: 11 }
      ]
    },
    {
      // issue #15 (s19): the `with` ends the run only where every path from the start reaches
      // it with the name still holding that run
      name: 'a bound run whose "with" may be skipped, or whose name is rebound first, stays open',
      cells: [
        'import mlflow\nrun = mlflow.start_run()\nif debug:\n    with run:\n        pass',
        'ctx = mlflow.start_run(run_name="a")\nctx = mlflow.start_run(run_name="b", nested=True)\nwith ctx:\n    pass',
        'def f(ok):\n    c = mlflow.start_run()\n    if not ok:\n        return None\n    with c:\n        pass',
        'r = mlflow.start_run()',
        'for i in range(3):\n    with r:\n        pass',
        'def g():\n    c2 = mlflow.start_run()\n    for x in xs:\n        if x:\n            break\n    c2 += 1\n    with c2:\n        pass'
      ],
      errors: [
        { message: 'no mlflow.end_run()', cell: 1, line: 2, column: 7 },
        { message: 'no mlflow.end_run()', cell: 2, line: 1, column: 7 },
        { message: 'no mlflow.end_run()', cell: 3, line: 2, column: 9 },
        { message: 'no mlflow.end_run()', cell: 4, line: 1, column: 5 },
        { message: 'no mlflow.end_run()', cell: 6, line: 2, column: 10 }
      ]
    },
    {
      name: 'a function handed to a distributor but also called in the notebook keeps its run open',
      cells: [
        'import mlflow\nfrom pyspark.ml.torch.distributor import TorchDistributor\ndef loop(run_id):\n    mlflow.start_run(run_id=run_id)\nTorchDistributor(num_processes=2).run(loop, rid)\nloop(rid)',
        'def other(run_id):\n    mlflow.start_run(run_id=run_id)\nfrom concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor().submit(other, rid)'
      ],
      errors: [
        { message: 'no mlflow.end_run()', cell: 1, line: 4, column: 5 },
        { message: 'no mlflow.end_run()', cell: 2, line: 2, column: 5 }
      ]
    },
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
