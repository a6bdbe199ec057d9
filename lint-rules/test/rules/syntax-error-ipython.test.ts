/**
 * NB201 and IPython syntax rounds 17 and 18 found read as Python: a cell magic stacked under
 * `%%capture` (round 17: azureml-ops-recipes' query_log_analytics.ipynb cell 9, `%%capture` over
 * `%%kql`; `%%capture` runs its body with `run_cell`, so the body's own first-line cell magic
 * takes the rest) and IPython's wildcard help search (round 18: Bios8366
 * Section0_1-IPython_and_Jupyter.ipynb cell 13, `plt.*plot*?`: the HelpEnd transformer reads
 * name parts `[\w*]+`), and round 19's call escapes (`;`, `,`, `/` at a statement's start).
 */
import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a KQL, SQL or shell cell magic under %%capture or %%time',
      cells: [
        '%%capture\n%%kql\nAppTraces\n| where TimeGenerated > ago(1d)\n| take 10',
        '%%capture out\n\n%%sql\nSELECT * FROM t WHERE a <> 1',
        '%%time\n%%bash\nls -la | wc -l'
      ]
    },
    {
      // round 19: rhiever's notebooks end plotting cells with a lone `;` line, which IPython's
      // ESC_QUOTE2 escape runs as `("")`; `,f a` and `/f a` are its other call escapes
      name: "IPython's call escapes: a lone ';' line, ';f a b', ',f a b', '/f a b'",
      cells: [
        'import matplotlib.pyplot as plt\nplt.title("Iris")\n;',
        'def f(*a):\n    return a\n;f a b\n,f a b\n/f 1 2',
        'for i in range(2):\n    ;print hello world'
      ]
    },
    {
      name: "IPython's wildcard help search, at either end of the line",
      cells: [
        'import matplotlib.pyplot as plt\nplt.*plot*?',
        'import numpy as np\n?np.*load*',
        'np.*load*??'
      ]
    }
  ],
  invalid: [
    {
      // %%python runs its body as a script in a subprocess: no IPython transformer there
      name: 'a cell magic line under %%python is Python, and a syntax error',
      cells: ['%%python\n%%kql\nAppTraces | take 10'],
      errors: [{ message: 'does not parse', cell: 1 }]
    },
    {
      name: 'the Python body of %%capture over %%time is still checked',
      cells: ['%%capture\n%%time\nx = (1,'],
      errors: [{ message: 'does not parse', cell: 1, line: 3 }]
    },
    {
      // a star that is no help search: a multiplication with a stray `?` in the middle
      name: 'a product with a question mark inside the line is reported',
      cells: ['y = a * b ? c'],
      errors: [{ message: 'does not parse', cell: 1 }]
    }
  ]
});
