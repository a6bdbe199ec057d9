import rule from '../../src/rules/databricks-unbounded-collect';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      cells: [
        'pdf = spark.table("t").limit(1000).toPandas()\nrows = spark.sql("select count(*) from t").collect()\nx = df.toPandas()'
      ]
    },
    {
      // Azure-Samples/Synapse's Delta Lake guides and the Delta Lake tech talk: the log, not the rows
      name: "reading a Delta table's transaction log",
      cells: [
        '[line.value for line in spark.read.text(path + "/_delta_log/").collect()]\nspark.read.format("json").load(deltaLogPath + "/00000000000000000014.json").collect()'
      ]
    }
  ],
  invalid: [
    {
      name: 'the unsafe fix limits the rows',
      cells: ['pdf = spark.table("sales").toPandas()'],
      errors: [
        {
          message: '.toPandas() pulls every row',
          cell: 1,
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 36
        }
      ],
      unsafe: true,
      output: ['pdf = spark.table("sales").limit(1000).toPandas()']
    },
    {
      cells: ['pdf = spark.table("main.sales.orders").toPandas()'],
      errors: [
        {
          message: '.toPandas() pulls every row',
          messageId: 'unbounded',
          cell: 1,
          line: 1,
          column: 40
        }
      ]
    }
  ]
});
