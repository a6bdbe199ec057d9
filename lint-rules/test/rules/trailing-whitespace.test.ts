import rule from '../../src/rules/trailing-whitespace';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { cells: ['x = 1\ny = 2', { md: 'line break  \nin markdown' }] },
    {
      // fabric-samples' practice notebook: a %%chat cell is a prompt, its spaces are text
      name: 'the body of an unknown cell magic or %%writefile',
      cells: [
        '%%chat \nWhat does this dataset hold? ',
        '%%writefile notes.txt\nkeep  \n'
      ]
    },
    {
      // azureml-examples' db_copilot notebook: a prompt template's lines are its data
      name: 'spaces inside a triple-quoted string',
      cells: ['prompt = """\n  <Response>  \n  \n{api_prompt_text}\n"""']
    }
  ],
  invalid: [
    {
      cells: ['x = 1   \ny = 2\t'],
      errors: [
        {
          message: 'Trailing whitespace',
          messageId: 'trailing',
          cell: 1,
          line: 1,
          column: 6
        },
        { message: 'Trailing whitespace', cell: 1, line: 2, column: 6 }
      ],
      output: ['x = 1\ny = 2']
    }
  ]
});
