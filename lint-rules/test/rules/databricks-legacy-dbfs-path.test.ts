import rule from '../../src/rules/databricks-legacy-dbfs-path';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a /mnt path outside Databricks is not DBFS',
      cells: ['df = pd.read_csv("/mnt/raw/events.csv")']
    },
    {
      cells: [
        'df = spark.read.csv("/Volumes/main/raw/files/a.csv")\np = "s3://bucket/dbfs/x"'
      ]
    }
  ],
  invalid: [
    {
      name: 'a /mnt path handed to Spark in a Databricks notebook',
      cells: ['df = spark.read.load("/mnt/raw/events")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      },
      errors: [
        {
          message: 'Legacy DBFS mount "/mnt/raw/events"',
          messageId: 'mountPath',
          cell: 1,
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 39
        }
      ]
    },
    {
      cells: [
        'pdf = pd.read_csv("/dbfs/FileStore/data.csv")\ndf = spark.read.parquet("dbfs:/mnt/raw/events")',
        'dbutils.fs.mount(source=src, mount_point="/mnt/x")'
      ],
      errors: [
        {
          message: 'Legacy DBFS FUSE path "/dbfs/FileStore/data.csv"',
          messageId: 'fusePath',
          cell: 1,
          line: 1,
          column: 20
        },
        {
          message: 'Legacy DBFS mount "dbfs:/mnt/raw/events"',
          messageId: 'mountPath',
          cell: 1,
          line: 2,
          column: 26
        },
        {
          message: 'dbutils.fs.mount() creates a legacy DBFS mount',
          messageId: 'mountCall',
          cell: 2,
          line: 1,
          column: 1
        },
        // a notebook that calls dbutils.fs is a Databricks notebook: its bare /mnt is a mount
        {
          message: 'Legacy DBFS mount "/mnt/x"',
          messageId: 'mountPath',
          cell: 2,
          line: 1,
          column: 42
        }
      ]
    }
  ]
});
