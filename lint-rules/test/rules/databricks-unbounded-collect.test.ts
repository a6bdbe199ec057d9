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
    },
    {
      // dbdemos' computer-vision explainer, fabric-toolbox's SemanticModelAudit: one file,
      // one model's columns
      name: 'a chain filtered to one value of a key column',
      cells: [
        'test = spark.read.table("training_dataset_augmented").where("filename = \'010.JPG\'").toPandas()',
        'stats = (\n    spark.read.table(names["stats"])\n    .filter(\n        (col("ModelUuid") == context["uuid"]) &\n        (col("AsOfDate") == context["date"])\n    )\n    .select("TableName", "ColumnName")\n    .collect()\n)',
        'row = spark.table("users").filter(F.col(\'user_id\') == uid).collect()\none = spark.table("t").where(df.request_key == k).toPandas()'
      ]
    },
    {
      // dbdemos' iot-platform loader: the states the turbines are in
      name: 'the distinct values of one column that is no key',
      cells: [
        "states = spark.read.json(folder).select('state').distinct().collect()\nkinds = spark.table('t').select(col(\"kind\")).distinct().collect()"
      ]
    },
    {
      // PacktPublishing/Essential-PySpark-for-Scalable-Data-Analytics Chapter11
      // databricks-charts-graphs.py: the distinct product descriptions of one country, for a
      // word cloud (round 11)
      name: 'the distinct values of one column, filtered between the select and the distinct',
      cells: [
        'lst = (spark.read\n               .table("feature_store.retail_features")\n               .select("description")\n               .where("country_code == \'EN\'")\n               .distinct().toPandas()["description"].tolist())',
        'kinds = spark.table("t").select( "kind" ).filter(col("kind").isNotNull()).distinct().collect()'
      ]
    },
    {
      // round 17 (a dbdemos-style embedding check): the min and max of one column are one row
      name: 'a select of aggregate columns only',
      cells: [
        'row = spark.table("docs").select(F.min(F.size("embedding")), F.max(F.size("embedding"))).collect()[0]',
        'n = spark.read.table("t").select(count("*").alias("n")).toPandas()\nstats = (spark.table("t")\n  .where("paid = 1")\n  .select(F.avg("amount"), F.stddev("amount"))\n  .collect())'
      ]
    }
  ],
  invalid: [
    {
      // a window keeps every row; a join, explode or another select after the aggregate can
      // make rows again; a select mixing a plain column is no aggregate of the whole table
      name: 'selects that only look like aggregates',
      cells: [
        'a = spark.table("t").select(F.max("x").over(w)).toPandas()',
        'b = spark.table("t").select(F.max("x")).crossJoin(spark.table("u")).collect()',
        'c = spark.table("t").select(F.max("x").alias("m")).select(F.explode(F.array("m", "m"))).toPandas()',
        'd = spark.table("t").select("id", F.upper("name")).collect()',
        // review of s20 (D3): one row that holds every value of the column
        'e = spark.table("events").select(F.collect_list("payload")).collect()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.collect() pulls every row', cell: 2 },
        { message: '.toPandas() pulls every row', cell: 3 },
        { message: '.collect() pulls every row', cell: 4 },
        { message: '.collect() pulls every row', cell: 5 }
      ]
    },
    {
      // an equality on a column that is no key, an inequality on a key, and the distinct ids
      // of a table can each be as many rows as the table
      name: 'filters and distincts that do not bound the rows',
      cells: [
        'a = spark.table("t").where("country = \'US\'").toPandas()',
        'b = spark.table("t").filter(col("id") != 3).collect()',
        'c = spark.table("t").select("customer_id").distinct().collect()',
        'd = spark.table("t").filter(col("paid") == 1).toPandas()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.collect() pulls every row', cell: 2 },
        { message: '.collect() pulls every row', cell: 3 },
        { message: '.toPandas() pulls every row', cell: 4 }
      ]
    },
    {
      // review of s13-prec2: an equality read outside the filter's own argument (a join's
      // condition, a withColumn), an OR that lets more in, a distinct that is not the chain's
      // end or that feeds a join, the distinct values of a column that identifies a user
      name: 'key equalities and distincts that do not bound the chain',
      cells: [
        'a = spark.table("orders").filter(col("amount") > 0).join(o, df.id == o.id).toPandas()',
        'b = spark.table("orders").filter("amount > 0").withColumn("anon", F.col("user_id") == 0).toPandas()',
        'c = spark.table("orders").where("order_id = 3 OR country = \'US\'").toPandas()',
        'd = spark.table("orders").filter((col("order_id") == 3) | (col("paid") == 1)).collect()',
        'e = spark.table("orders").join(spark.table("vip").select("country").distinct(), "country").toPandas()',
        'f = spark.table("users").select("email").distinct().collect()',
        'g = spark.table("orders").filter(col("order_id") == 3).join(items, "order_id").toPandas()',
        'h = spark.table("users").select("email").where("country = \'US\'").distinct().collect()',
        'i = spark.table("orders").select("country").where("paid = 1").withColumn("n", F.lit(1)).distinct().toPandas()'
      ],
      errors: [
        { message: '.toPandas() pulls every row', cell: 1 },
        { message: '.toPandas() pulls every row', cell: 2 },
        { message: '.toPandas() pulls every row', cell: 3 },
        { message: '.collect() pulls every row', cell: 4 },
        { message: '.toPandas() pulls every row', cell: 5 },
        { message: '.collect() pulls every row', cell: 6 },
        { message: '.toPandas() pulls every row', cell: 7 },
        { message: '.collect() pulls every row', cell: 8 },
        { message: '.toPandas() pulls every row', cell: 9 }
      ]
    },
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
