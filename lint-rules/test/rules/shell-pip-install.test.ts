import rule from '../../src/rules/shell-pip-install';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a commented !pip a percent script says to uncomment is prose',
      text: '# %%\n# !pip install pandas  # uncomment on Colab\nx = 1\n'
    },
    {
      name: 'install lines inside a triple-quoted string are instructions, not commands',
      cells: [
        'help_text = """\nTo set up, run:\n!pip install pandas\n%pip install numpy\n"""\nprint(help_text)'
      ]
    },
    { cells: ['%pip install pandas==2.2.2'] },
    { name: 'bash cell', cells: ['%%bash\npip install x==1'] },
    {
      // azureml-examples' text-generation-streaming notebook: automagic runs it as %pip
      name: 'a bare pip install is automagic %pip',
      cells: ['pip install -U huggingface_hub==0.24.0']
    },
    {
      // donnemartin/data-science-ipython-notebooks, commands/misc (round 8): tools for the shell
      // commands that follow, never imported: the shell's pip puts them on their PATH
      name: 'command-line tools installed for the ! commands after them, imported by no cell',
      cells: [
        '# Install\n!pip install pelican\n!pip install markdown\n!pip install ghp-import',
        '!pelican-quickstart',
        '!make devserver\n!ghp-import output'
      ]
    },
    {
      // the same repository's python-data/unit_tests (round 8): nose runs as !nosetests
      name: 'a test runner installed for the shell and run there in a later cell',
      cells: [
        '!pip install nose',
        '%%file tests/test_type_util.py\nfrom nose.tools import assert_equal\n',
        '!nosetests tests/test_type_util.py -v'
      ]
    }
  ],
  invalid: [
    {
      // review R3 nb111: the package is imported (importlib), so %pip is what the kernel needs
      name: 'a !pip package imported by importlib and run as a tool',
      cells: [
        '!pip install black',
        "import importlib\nblack = importlib.import_module('black')",
        '!black --version'
      ],
      errors: [{ message: '"!pip install"', cell: 1 }],
      output: [
        '%pip install black',
        "import importlib\nblack = importlib.import_module('black')",
        '!black --version'
      ]
    },
    {
      // review R3 nb111: the package is imported (__import__), so %pip is what the kernel needs
      name: 'a !pip package imported by __import__ and run as a tool',
      cells: [
        '!pip install mlflow',
        "mlflow = __import__('mlflow')",
        '!mlflow --version'
      ],
      errors: [{ message: '"!pip install"', cell: 1 }],
      output: [
        '%pip install mlflow',
        "mlflow = __import__('mlflow')",
        '!mlflow --version'
      ]
    },
    {
      // review R3 nb111: the package is imported (an import after a ;), so %pip is what the kernel needs
      name: 'a !pip package imported by an import after a ; and run as a tool',
      cells: [
        '!pip install pelican',
        'x = 1; import pelican',
        '!pelican-quickstart'
      ],
      errors: [{ message: '"!pip install"', cell: 1 }],
      output: [
        '%pip install pelican',
        'x = 1; import pelican',
        '!pelican-quickstart'
      ]
    },
    {
      name: 'a package a cell imports, even with shell commands after it; no shell command after it',
      cells: [
        '!pip install boto\n!ls',
        'import boto.ec2\nec2 = boto.ec2.connect_to_region("us-east-1")',
        '!pip install black\n!pip install isort',
        '!echo done\n!pip install ruff'
      ],
      errors: [
        { message: '"!pip install"', cell: 1, line: 1, column: 1 },
        { message: '"!pip install"', cell: 3, line: 1, column: 1 },
        { message: '"!pip install"', cell: 3, line: 2, column: 1 },
        { message: '"!pip install"', cell: 4, line: 2, column: 1 }
      ],
      output: [
        '%pip install boto\n!ls',
        'import boto.ec2\nec2 = boto.ec2.connect_to_region("us-east-1")',
        '%pip install black\n%pip install isort',
        '!echo done\n%pip install ruff'
      ]
    },
    {
      name: 'an install after a string closes on the line above still runs',
      cells: ['note = """\nset-up\n"""\n!pip install pandas==2.2.2'],
      errors: [{ message: '"!pip install"', cell: 1, line: 4, column: 1 }],
      output: ['note = """\nset-up\n"""\n%pip install pandas==2.2.2']
    },
    {
      cells: ['import sys\n!pip install pandas==2.2.2'],
      errors: [
        {
          message: '"!pip install" may install into a different Python',
          messageId: 'shellPip',
          cell: 1,
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 5
        }
      ],
      output: ['import sys\n%pip install pandas==2.2.2']
    }
  ]
});
