import rule from '../../src/rules/databricks-broken-marker';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      text: '# Databricks notebook source\n# MAGIC %md # Title\n\n# COMMAND ----------\n\nx = 1\n'
    },
    { name: 'not a Databricks file', cells: ['# COMMAND ---\nx = 1'] }
  ],
  invalid: [
    {
      text: '# Databricks notebook source\n# MAGIC %md\n# MAGIC # Title\nprint(1)\n\n# COMMAND ----------\n\nx = 1\n#MAGIC %sl\n',
      errors: [
        {
          message: 'Line without "# MAGIC " in a %md cell',
          messageId: 'mixedMagic',
          cell: null,
          fileLine: 4
        },
        {
          message: 'Malformed "#MAGIC %s" prefix',
          messageId: 'magicPrefix',
          cell: null,
          fileLine: 9
        }
      ]
    }
  ]
});
