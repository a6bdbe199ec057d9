/**
 * NB201 and IPython's automagic: a one-line cell `ls ../input` or `cat x.csv | head` is run by
 * IPython as `%ls ../input` (the shell aliases of IPython/core/alias.py default_aliases() on
 * POSIX, automagic on by default, InteractiveShell.transform_cell's dynamic transformations only
 * for a single-line cell). Round 11: kaggleScape script1211.ipynb cells 2 and 3.
 */
import rule from '../../src/rules/syntax-error';
import undefinedName from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // kaggleScape script1211.ipynb cells 2 and 3 (a python3 kernel on Kaggle's Linux)
      name: 'one-line cells that run a POSIX shell alias through automagic',
      cells: [
        'ls ../input',
        'cat ../input/StateNames.csv | head\n',
        '\n  ll ../input',
        'mkdir -p out/plots'
      ]
    },
    {
      name: 'one-line cells that run a line magic without % (automagic)',
      cells: ['cd ../data', 'pwd', 'history -n 1-4', 'less README.md']
    }
  ],
  invalid: [
    {
      // IPython applies automagic only to a cell that is one line: in a longer cell these are
      // the SyntaxError the kernel raises
      name: 'an alias line in a cell of more than one line (or followed by a blank line)',
      cells: ['# inputs\nls ../input', 'ls ../input\n\n', 'x = 1\ncat x.csv'],
      errors: [
        { message: /Cell does not parse/, cell: 1, line: 2 },
        { message: /Cell does not parse/, cell: 2, line: 1 },
        { message: /Cell does not parse/, cell: 3, line: 2 }
      ]
    },
    {
      // AssignmentChecker: `cat =` or `ls,` is Python (an assignment), so no automagic
      name: 'a real syntax error that starts with an alias name as a Python name',
      cells: ['cat = 1 +', 'ls, x = ('],
      errors: [
        { message: /Cell does not parse/, cell: 1, line: 1 },
        { message: /Cell does not parse/, cell: 2, line: 1 }
      ]
    },
    {
      // Windows' aliases (echo, ren, copy) are not defined on the Linux kernels notebooks run on;
      // `ls.x` is no magic (IPython's ifun is `ls.x`)
      name: 'a Windows-only alias, an attribute of an alias name',
      cells: ['echo hello', 'ls.sort key'],
      errors: [
        { message: /Cell does not parse/, cell: 1, line: 1 },
        { message: /Cell does not parse/, cell: 2, line: 1 }
      ]
    },
    {
      // automagic `time stmt` runs as `%time stmt`: its statement is Python and its errors stay
      // (review of s16-names: the whole line was blanked, hiding both)
      name: 'a statement line magic run through automagic whose statement does not parse',
      cells: [
        'time (x',
        'timeit model.fit(X_undefined',
        'prun -s cumulative f(]'
      ],
      errors: [
        { message: /Cell does not parse/, cell: 1 },
        { message: /Cell does not parse/, cell: 2 },
        { message: /Cell does not parse/, cell: 3 }
      ]
    },
    {
      // prefilter.is_shadowed: a variable named ls takes the name from the alias
      name: 'an alias line in a notebook that binds the alias name as a variable',
      cells: ['ls = sorted(files)', 'ls ../input'],
      errors: [
        {
          message: /'ls' is a variable of this notebook/,
          cell: 2,
          line: 1,
          column: 1
        }
      ]
    }
  ]
});

runRuleTests(undefinedName, {
  valid: [
    {
      // the shell words of an automagic line are no Python names
      name: 'no undefined names read from an automagic line',
      cells: ['cat ../input/a.csv | head', 'cd data']
    },
    {
      // `%time y = f()` binds y, and so does its automagic form
      name: 'a name bound by the statement of an automagic time line',
      cells: ['def f():\n    return 1', 'time y = f()', 'print(y)']
    }
  ],
  invalid: [
    {
      // the statement of automagic `time`/`prun` is read as that of `%time`/`%prun` is
      name: 'an undefined name in the statement of an automagic statement magic',
      cells: [
        'time y = undefined_fn(1)',
        'print(y)',
        '  prun -s cumulative train(undefined_thing)'
      ],
      errors: [
        {
          message: /"undefined_fn" is not defined/,
          cell: 1,
          line: 1,
          column: 10
        },
        { message: /"train" is not defined/, cell: 3, line: 1, column: 22 },
        {
          message: /"undefined_thing" is not defined/,
          cell: 3,
          line: 1,
          column: 28
        }
      ]
    }
  ]
});
