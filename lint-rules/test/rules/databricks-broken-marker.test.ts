import rule from '../../src/rules/databricks-broken-marker';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      text: '# Databricks notebook source\n# MAGIC %md # Title\n\n# COMMAND ----------\n\nx = 1\n'
    },
    { name: 'not a Databricks file', cells: ['# COMMAND ---\nx = 1'] },
    {
      // many-model-forecasting tests/integration_test.py: a Python cell with a %pip line, as
      // Databricks exports it
      name: 'a Python line after a %pip line in one cell (restartPython) is Python on purpose',
      path: 'integration_test.py',
      text: '# Databricks notebook source\n# MAGIC %md # Integration test\n\n# COMMAND ----------\n\n# MAGIC %pip install -r ../requirements.txt --quiet\ndbutils.library.restartPython()\n\n# COMMAND ----------\n\nx = 1\n'
    }
  ],
  invalid: [
    {
      name: 'a Python line in a %sql cell is still reported (a cell magic owns every line)',
      text: '# Databricks notebook source\n# MAGIC %sql\n# MAGIC SELECT 1\nspark.sql("x")\n',
      errors: [{ message: 'in a %sql cell', cell: null, fileLine: 4 }]
    },
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
