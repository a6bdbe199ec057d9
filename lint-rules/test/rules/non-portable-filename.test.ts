import rule from '../../src/rules/non-portable-filename';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    { path: 'dir with space/eda_v2-final.ipynb', cells: [] },
    {
      name: 'a long but ordinary name (70 characters)',
      cells: ['x = 1'],
      path: 'train-a-gradient-boosted-model-on-the-nyc-taxi-data-with-automl-v2.ipynb'
    },
    {
      // Synapse and Fabric samples: spaces and accents work in Jupyter, git and every file system
      name: 'spaces, accents and parentheses',
      path: 'SYN/MachineLearning/AzureSearchIndex - Met Artworks (v2) Données.ipynb',
      cells: []
    }
  ],
  invalid: [
    {
      path: 'Q1: revenue | final?.ipynb',
      cells: [],
      errors: [
        {
          message:
            'characters that Windows cannot store (":", "|", "?"), so the repository does not check out there',
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
