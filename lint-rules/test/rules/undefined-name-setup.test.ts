/**
 * NB104 after a set-up call that puts names into the notebook's globals (precision round 23: 188
 * of /tmp/lq23's 216 findings sat in the 75 notebooks that call msticpy's init_notebook): a call
 * given `globals()`, or one of NAMESPACE_SETUP_CALLS (src/python/runtimeGlobals.ts), makes every
 * unresolved name uncertain from its statement on, as a star import of an unknown module does.
 * A name read above it, and a notebook with no such call, are still reported.
 */
import rule from '../../src/rules/undefined-name';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // lq23 microsoft+msticpy/docs/notebooks/PivotFunctions-Introduction.ipynb, cells 2 and 87
      // (judged FP): Host is an entity class init_notebook imports
      name: "an entity class msticpy's mp.init_notebook() imported, in a later cell",
      cells: [
        'import msticpy as mp\n\nmp.init_notebook()',
        'Host.cyber.il_upper_hash_name("host_name")'
      ]
    },
    {
      // lq23 microsoft+msticpy/docs/notebooks/Network Graph from DataFrame.ipynb, cell 2 (FP):
      // pd is read two lines below the call, in the same cell
      name: 'pd read below mp.init_notebook() in its own cell',
      cells: [
        'import msticpy as mp\nmp.init_notebook()\n\nproc_df = pd.read_csv("./data/processes_on_host.csv", index_col=0)'
      ]
    },
    {
      // lq23 Azure+Azure-Sentinel-Notebooks/Guided Investigation - Fusion Incident.ipynb, cell 23
      // (FP): EntityGraph is named in the set-up cell's extra_imports
      name: "a name from init_notebook's extra_imports (imported from msticpy)",
      cells: [
        'from msticpy import init_notebook\n\ninit_notebook(\n    extra_imports=["msticpy.vis.entity_graph_tools, EntityGraph"],\n)',
        'md("Graph of incident entities:", "bold")\ngraph = EntityGraph(incident_details)\ngraph.plot(timeline=True)'
      ]
    },
    {
      // lq23 Azure+Azure-Sentinel-Notebooks/Entity Explorer - Windows Host.ipynb, cells 4 and 37 (FP)
      name: "md after msticpy 1's nbinit.init_notebook without globals()",
      cells: [
        'from msticpy.nbtools import nbinit\nnbinit.init_notebook(additional_packages=["msticnb>=1.0"])',
        'md("Note: Different result properties are populated depending on the account type")'
      ]
    },
    {
      name: 'a call given globals() may bind any name from that cell on',
      cells: [
        'from helpers import load_settings\nload_settings(namespace=globals())',
        'print(SETTING_FROM_HELPERS)'
      ]
    },
    {
      name: 'a function defined above the set-up call, read when called after it',
      cells: [
        'def banner():\n    md("results")',
        'import msticpy as mp\nmp.init_notebook()',
        'banner()'
      ]
    },
    {
      name: 'a cell that writes into globals() still turns the check off for the notebook',
      cells: ['print(before_write)', 'globals()["x"] = 1', 'print(after_write)']
    }
  ],
  invalid: [
    {
      name: 'a name read in a cell above the set-up call is still reported',
      cells: [
        'print(pd.__version__)',
        'import msticpy as mp\nmp.init_notebook()'
      ],
      errors: [
        {
          message:
            '"pd" is not defined above this read: the set-up call `mp.init_notebook(...)` in cell 2 may put names into the notebook\'s globals, but a top-to-bottom run reaches this line first',
          messageId: 'beforeSetup',
          cell: 1,
          line: 1,
          column: 7
        }
      ]
    },
    {
      name: 'a name read above the call in its own cell is still reported',
      cells: ['md("Starting")\nimport msticpy as mp\nmp.init_notebook()'],
      errors: [
        {
          message: '"md" is not defined above this read',
          messageId: 'beforeSetup',
          cell: 1,
          line: 1,
          column: 1
        }
      ]
    },
    {
      name: 'a name read above a call given globals() is still reported',
      cells: [
        'print(early_name)',
        'from helpers import load_settings\nload_settings(globals())',
        'print(later_name)'
      ],
      errors: [
        {
          message: 'the set-up call `load_settings(...)` in cell 2',
          messageId: 'beforeSetup',
          cell: 1,
          line: 1,
          column: 7
        }
      ]
    },
    {
      name: "no set-up call: plotly's init_notebook_mode binds nothing",
      cells: [
        'from plotly.offline import init_notebook_mode\ninit_notebook_mode(connected=True)',
        'df = pd.DataFrame()'
      ],
      errors: [
        {
          message:
            '"pd" is not defined in any cell; it only exists in the kernel that ran this notebook',
          messageId: 'undefined',
          cell: 2,
          line: 1,
          column: 6
        }
      ]
    },
    {
      name: 'an init_notebook of another module is no set-up call',
      cells: ['from mylib import init_notebook\ninit_notebook()', 'md("x")'],
      errors: [{ message: '"md" is not defined in any cell', cell: 2 }]
    }
  ]
});
