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
    }
  ],
  invalid: [
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
