import rule from '../../src/rules/databricks-user-workspace-path';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['%run ./utils/helpers\nexp = "/Shared/churn"'] },
    {
      // amesar/mlflow-examples llama2/Common: the docstring shows what the function returns
      name: 'a docstring or a comment documents a path, nothing uses it',
      cells: [
        'def mk_path(path):\n    """\n    Returns:\n      non-repo: \'/Workspace/Users/andre@databricks.com/work/questions.csv\'\n    """\n    return os.path.join(base, path)',
        '# was: /Users/jules@databricks.com/exp\nexp = "/Shared/exp"'
      ]
    }
  ],
  invalid: [
    {
      // the cut round 23 found in NB602 (a path with a space, named to the space) checked here:
      // a workspace folder named with a space is one path, the whole literal
      name: 'a workspace path with a space in a string literal is the whole literal',
      cells: [
        'nb = "/Workspace/Users/alice@corp.com/Customer LTV/01 prep"\ndbutils.notebook.run(nb, 60)'
      ],
      errors: [
        {
          message:
            '"/Workspace/Users/alice@corp.com/Customer LTV/01 prep" points into',
          cell: 1,
          line: 1,
          column: 7,
          endColumn: 59
        }
      ]
    },
    {
      name: 'a string that is a statement but not the first of its body is no docstring',
      cells: ['def f():\n    x = 1\n    "/Users/ana@corp.com/churn"'],
      errors: [
        {
          message: '"/Users/ana@corp.com/churn"',
          cell: 1,
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 31
        }
      ]
    },
    {
      cells: [
        'mlflow.set_experiment("/Users/alice@corp.com/churn")',
        '%run /Workspace/Users/bob@corp.com/lib/setup'
      ],
      errors: [
        {
          message:
            '"/Users/alice@corp.com/churn" points into one user\'s workspace folder',
          messageId: 'userPath',
          cell: 1,
          line: 1,
          column: 24
        },
        {
          message: '"/Workspace/Users/bob@corp.com/lib/setup"',
          cell: 2,
          line: 1,
          column: 6
        }
      ]
    }
  ]
});
