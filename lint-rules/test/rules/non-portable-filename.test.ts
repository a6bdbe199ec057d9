import rule from '../../src/rules/non-portable-filename';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { path: 'dir with space/eda_v2-final.ipynb', cells: [] },
    {
      name: 'a long but ordinary name (70 characters)',
      cells: ['x = 1'],
      path: 'train-a-gradient-boosted-model-on-the-nyc-taxi-data-with-automl-v2.ipynb'
    }
  ],
  invalid: [
    {
      path: 'Données clients.ipynb',
      cells: [],
      errors: [
        {
          message: 'non-portable characters ("é", space)',
          messageId: 'characters',
          cell: null
        }
      ]
    },
    {
      path: `${'a'.repeat(30)}.ipynb`,
      cells: [],
      options: { maxLength: 20 },
      errors: [
        {
          message: 'is 36 characters long (limit 20)',
          messageId: 'tooLong',
          cell: null
        }
      ]
    }
  ]
});
