import rule from '../../src/rules/api-key';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'import sklearn\nname = "sk-learn-pipeline-model-version"\ntoken = os.environ["HF_TOKEN"]'
      ]
    }
  ],
  invalid: [
    {
      cells: [
        'login(token="hf_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")',
        'client = OpenAI(api_key="sk-proj-' + 'Ab12Cd34Ef56Gh78Ij90Kl12")'
      ],
      errors: [
        {
          message: 'Hard-coded API key (hf_a…',
          messageId: 'inSource',
          cell: 1,
          line: 1,
          column: 14
        },
        { message: 'Hard-coded API key (sk-p…', cell: 2, line: 1, column: 26 }
      ]
    }
  ]
});
