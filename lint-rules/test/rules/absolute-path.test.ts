import rule from '../../src/rules/absolute-path';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      name: 'paths of a deployment or job container, and platform container paths',
      cells: [
        'deployment = ManagedOnlineDeployment(name="blue", environment_variables={"MODEL_DIR": "/var/models/v1"})\njob = command(code="./src", command="python train.py --out /data/out")\nenv = {"env": {"DATA": "/data/in"}}\nmodel_path = "/var/azureml-app/azureml-models/m/1"'
      ]
    },
    {
      name: 'a /mnt path on Databricks is a DBFS mount (databricks-legacy-dbfs-path reports it)',
      cells: ['df = spark.read.load("/mnt/raw/events")'],
      metadata: {
        'application/vnd.databricks.v1+notebook': { notebookName: 'etl' }
      }
    },
    {
      cells: [
        'df = pd.read_csv("data/train.csv")\nurl = "https://x.org/home/a"'
      ]
    },
    {
      cells: [
        'p = "/dbfs/x"\nq = "/Volumes/main/raw/files/a.csv"\nr = "/tmp/scratch"'
      ]
    },
    { name: 'comments are not strings', cells: ['# see /home/alice/notes'] },
    {
      // databricks-industry-solutions/smart-claims setup/initialize: the running user's folder
      name: 'a home folder whose user is a placeholder filled at run time',
      cells: [
        "config = {\n  'damage_severity_model_dir': '/Users/{}/car_damage_severity'.format(user),\n  'home': '/home/%s/data' % getpass.getuser(),\n  'out': '/Users/{user}/out'.format(user=u),\n}"
      ]
    },
    {
      name: 'the tail of a concatenation, and probes of the machine the notebook runs on',
      cells: [
        'train = Input(path=parent_dir + "/data/")\nout = base + "/opt/models/" + name',
        'IS_WORKBENCH = os.path.exists("/opt/deeplearning/metadata/env_version")\nif Path("/opt/conda").is_dir():\n    pass',
        'mlflow.set_experiment("/Users/{}/var".format(user))\nmlflow.set_experiment("/Users/ana@corp.com/churn")\ndbutils.fs.mount(source=src, mount_point="/mnt/%s" % name)\ndbutils.fs.rm("/Users/demo/checkpoint", recurse=True)'
      ]
    }
  ],
  invalid: [
    {
      name: "a placeholder further down a named user's home is still that user's",
      cells: ['p = "/Users/jules@databricks.com/{}".format(name)'],
      errors: [
        {
          message: 'Home-directory path "/Users/jules@databricks.com/{}"',
          cell: 1,
          line: 1,
          column: 5,
          endLine: 1,
          endColumn: 37
        }
      ]
    },
    {
      cells: [
        'df = pd.read_csv("/home/alice/data.csv")',
        'm = load(r"C:\\Users\\bob\\model.pkl")\nout = "/mnt/data/out.parquet"'
      ],
      errors: [
        {
          message: 'Home-directory path "/home/alice/data.csv"',
          messageId: 'homePath',
          cell: 1,
          line: 1,
          column: 18
        },
        {
          message: 'Home-directory path "C:\\Users\\bob\\model.pkl"',
          cell: 2,
          line: 1,
          column: 10
        },
        {
          message: 'Absolute path "/mnt/data/out.parquet"',
          messageId: 'absolutePath',
          cell: 2,
          line: 2,
          column: 7
        }
      ]
    },
    {
      name: 'a concatenation that starts with the path, and a path only passed to Path()',
      cells: [
        'f = "/data/raw/" + name\np = Path("/opt/models/m.pkl")\nok = os.path.exists(p)'
      ],
      errors: [
        { message: '"/data/raw/"', cell: 1, line: 1, column: 5 },
        { message: '"/opt/models/m.pkl"', cell: 1, line: 2, column: 10 }
      ]
    },
    {
      cells: ["open('~/keys.txt')"],
      errors: [{ message: '"~/keys.txt"', cell: 1, line: 1, column: 6 }]
    }
  ]
});
