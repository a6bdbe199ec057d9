import rule from '../../src/rules/mlflow-metric-without-step';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import mlflow\nfor epoch in range(3):\n    mlflow.log_metric("loss", l, step=epoch)\n    mlflow.log_metric("acc", a, epoch)'
      ]
    },
    { cells: ['import mlflow\nmlflow.log_metric("final", 1.0)'] },
    {
      name: 'a loop over metric names logs each key once (amesar/mlflow-examples SparkML_Wine)',
      cells: [
        'import mlflow\nwith mlflow.start_run():\n    for metric in metrics:\n        v = evaluator.setMetricName(metric).evaluate(predictions)\n        mlflow.log_metric(metric, v)\n    for name, value in scores.items():\n        mlflow.log_metric(key=f"test_{name}", value=value)'
      ]
    },
    {
      // round 10, rows 146-147: the key is built from a name the loop body derives from the
      // loop variable, so each horizon logs its own metrics once
      name: 'a key that changes with the loop variable through a name derived from it',
      cells: [
        'import mlflow\nfor horizon in [3, 6]:\n    target = f"y_tplus_{horizon}"\n    mlflow.log_metric(f"train_{target}_mean", float(df[target].mean()))\n    mlflow.log_metric("train_" + target + "_std", float(df[target].std()))',
        'for i in range(3):\n    name = "fold_{}".format(i)\n    key = name + "_auc"\n    mlflow.log_metric(key, aucs[i])'
      ]
    },
    {
      name: 'each iteration starts its own run (dmatrix/mlflow-misc 05_prompt_management)',
      cells: [
        'import mlflow\nfor version, prompt_info in prompts.items():\n    with mlflow.start_run(run_name=f"prompt_{version}") as run:\n        answer = ask(prompt_info)\n        mlflow.log_metric("response_length", len(answer))'
      ]
    },
    {
      // round 15, rows 171-172: a summary metric in the loop's else clause (runs once, after
      // the loop) and one right before the break of the early-exit branch (runs at most once)
      name: "a metric logged in the loop's else clause or right before its break or return",
      cells: [
        'import mlflow\nfor it in range(n):\n    mlflow.log_metric("reward", r, step=it)\n    if stop_reason is not None:\n        mlflow.set_tag("stop_reason", stop_reason)\n        mlflow.log_metric("iterations_completed", it + 1)\n        # done\n        break\nelse:\n    mlflow.log_metric("iterations_completed", n)',
        'def search(items):\n    while True:\n        x = next(items)\n        if good(x):\n            mlflow.log_metric("found_at", x)\n            return x'
      ]
    }
  ],
  invalid: [
    {
      name: "near misses: a break that can be skipped by continue, an inner loop's break, an else of an inner loop",
      cells: [
        'import mlflow\nfor it in range(n):\n    if done:\n        mlflow.log_metric("last", it)\n        if skip:\n            continue\n        break',
        'for epoch in range(3):\n    for batch in batches:\n        mlflow.log_metric("loss", l)\n        break',
        'for epoch in range(3):\n    for batch in batches:\n        pass\n    else:\n        mlflow.log_metric("epoch_loss", l)'
      ],
      errors: [
        { message: 'without step=', cell: 1, line: 4 },
        { message: 'without step=', cell: 2, line: 3 },
        { message: 'without step=', cell: 3, line: 5 }
      ],
      output: [
        'import mlflow\nfor it in range(n):\n    if done:\n        mlflow.log_metric("last", it, step=it)\n        if skip:\n            continue\n        break',
        'for epoch in range(3):\n    for batch in batches:\n        mlflow.log_metric("loss", l, step=epoch)\n        break',
        'for epoch in range(3):\n    for batch in batches:\n        pass\n    else:\n        mlflow.log_metric("epoch_loss", l, step=epoch)'
      ]
    },
    {
      // the older fix was offered here: step=epoch for several values of one iteration
      name: 'a comprehension in an epoch loop logs several values per step: reported, no fix',
      cells: [
        "import mlflow\nwith mlflow.start_run():\n    for epoch in range(3):\n        [mlflow.log_metric('loss', l) for l in [1, 2]]"
      ],
      errors: [{ message: 'without step=', cell: 1 }],
      output: null
    },
    // round 10's attack review, D3: a key computed from the loop variable by a condition, a
    // call or an attribute is not built from it: one key, a history per epoch
    ...[
      "k = 'loss' if i >= 0 else 'x'\n        mlflow.log_metric(k, 1.0)",
      'stats = evaluate(i)\n        mlflow.log_metric(stats.metric_name, stats.value)',
      "history = model.fit(X, y, initial_epoch=i)\n        key = 'val_loss' if 'val_loss' in history.history else 'loss'\n        mlflow.log_metric(key, history.history[key][-1])"
    ].map(body => ({
      name: `a key the body does not build from the loop variable: ${body.split('\n')[0]}`,
      cells: [
        `import mlflow\nwith mlflow.start_run():\n    for i in range(10):\n        ${body}`
      ],
      errors: [{ message: 'without step=', cell: 1 }],
      output: [
        `import mlflow\nwith mlflow.start_run():\n    for i in range(10):\n        ${body.slice(0, -1)}, step=i)`
      ]
    })),
    {
      name: 'the step of a plain for over enumerate is certain: safe fix',
      cells: [
        'import mlflow\nfor epoch, batch in enumerate(loader):\n    loss = step(batch)\n    mlflow.log_metric("loss", loss)'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 22
        }
      ],
      output: [
        'import mlflow\nfor epoch, batch in enumerate(loader):\n    loss = step(batch)\n    mlflow.log_metric("loss", loss, step=epoch)'
      ]
    },
    {
      name: 'an epoch loop around a loop over metric names still makes a history per key',
      cells: [
        'import mlflow\nfor epoch in range(3):\n    for name in ("loss", "acc"):\n        mlflow.log_metric(name, scores[name])'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 26
        }
      ],
      // the step is the counter of the loop that gives each key its history
      output: [
        'import mlflow\nfor epoch in range(3):\n    for name in ("loss", "acc"):\n        mlflow.log_metric(name, scores[name], step=epoch)'
      ]
    },
    {
      name: 'an inner range loop that varies the key gives no step: the epoch loop around it does',
      cells: [
        'import mlflow\nfor epoch in range(3):\n    for k in range(len(names)):\n        mlflow.log_metric(f"{names[k]}", scores[k])'
      ],
      errors: [{ message: 'without step=', cell: 1, line: 4, column: 9 }],
      output: [
        'import mlflow\nfor epoch in range(3):\n    for k in range(len(names)):\n        mlflow.log_metric(f"{names[k]}", scores[k], step=epoch)'
      ]
    },
    {
      name: 'a name assigned in the loop but not from the loop variable does not vary the key',
      cells: [
        'import mlflow\nfor epoch in range(3):\n    name = "loss"\n    loss = train(epoch)\n    mlflow.log_metric(name, loss)'
      ],
      errors: [{ message: 'without step=', cell: 1, line: 5, column: 5 }],
      output: [
        'import mlflow\nfor epoch in range(3):\n    name = "loss"\n    loss = train(epoch)\n    mlflow.log_metric(name, loss, step=epoch)'
      ]
    },
    {
      name: 'a run around the loop (not inside it) still gets a history',
      cells: [
        'import mlflow\nwith mlflow.start_run():\n    while training:\n        mlflow.log_metric("loss", next_loss())'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 26
        }
      ],
      output: null
    },
    {
      name: 'a while loop has no certain step: no fix',
      cells: [
        'import mlflow\nwhile training:\n    mlflow.log_metric("loss", next_loss())'
      ],
      errors: [
        {
          message: 'without step=',
          cell: 1,
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 22
        }
      ],
      output: null
    },
    {
      cells: [
        'import mlflow',
        'for batch in loader:\n    loss = step(batch)\n    mlflow.log_metric("loss", loss)'
      ],
      errors: [
        {
          message: 'mlflow.log_metric() in a loop without step=',
          messageId: 'noStep',
          cell: 2,
          line: 3,
          column: 5
        }
      ]
    }
  ]
});
