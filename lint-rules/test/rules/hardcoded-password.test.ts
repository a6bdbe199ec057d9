import rule from '../../src/rules/hardcoded-password';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // near misses of positional secrets: the user's position, placeholders and names read
      // from the environment, a login of one argument, a connect() that is no known driver's,
      // and an auth tuple of variables
      name: 'positional arguments that are no secret',
      cells: [
        'server.login("me@example.org", os.environ["SMTP_PASSWORD"])\ncred = ClientSecretCredential(tenant, client, secret)\nconn = sqlite3.connect("file.db", 5.0, 0, "DEFERRED")\nr = requests.get(url, auth=(user, pwd))\nlogin("me@example.org")\nx = HTTPBasicAuth("user", "<your password>")'
      ]
    },
    {
      // round 13 (SAT 3. test_connections): 'dapijedi' is a sentinel written into the token field
      // when a service principal authenticates; a Databricks token is dapi + hex only
      name: 'a value with a Databricks token prefix that no token can have',
      cells: [
        "token = 'dapijedi'\njson_.update({'token': 'dapijedi', 'client_secret': client_secret})"
      ]
    },
    {
      // Ch4_LawOfLargeNumbers_TFP (a Colab form field the reader overwrites with their own
      // password); marvelous-databricks-course create_databricks_secrets (filler for a demo)
      name: 'placeholders a reader overwrites: camel-case instructions, filler, Colab form fields',
      cells: [
        'enter_password = "EnterYourOwnInfoHere"  #@param {type:"string"}\nDB_PASSWORD = "YourPasswordHere"\npassword = "<your password>"\ndb_password = "your_password_here"',
        'your_secret = "blabla"\napi_token = "blahblah"\nsecret = "lorem ipsum"',
        'password = "EnterYourPassword"\ntoken = "PasteYourTokenHere"'
      ]
    },
    {
      // a Unity Catalog storage credential's name, in any case (the secret stays in the cloud)
      name: "a storage credential's name is no secret",
      cells: [
        'STORAGE_CREDENTIAL = "my_storage_cred"\nstorage_credential = "field_demos_credential"'
      ]
    },
    {
      cells: [
        'password = os.environ["DB_PASSWORD"]\ntoken = ""\napi_key = "<your-key>"\nsecret = "changeme"'
      ]
    },
    { cells: ['password_hint = "first pet"'] },
    {
      name: 'an annotation or a chain without a secret string',
      cells: [
        'password: str = os.environ["DB_PASSWORD"]\npassword: str\ntoken = key = os.environ["T"]',
        'name: str = password = None\nlabel = title = "a long enough title"',
        'user, password = "administrator01", "pw"\npassword, user = "pw", "administrator01"\nuser, password = ("administrator01", "pw")'
      ]
    },
    {
      name: 'tuples whose names and values do not pair up one to one (a starred name, other lengths)',
      cells: [
        'user, *passwords = "administrator01", "hunter2222", "s3cr3t!pw"\nuser, password = "administrator01", "hunter2222", "x"\nuser, password = pair'
      ]
    },
    {
      // PacktPublishing/Azure-Databricks-Cookbook Chapter02, cells 1 and 4: values masked group
      // by group by the author
      name: 'values masked group by group, their shape kept',
      cells: [
        'storageKey = "xx-xx-xxx"  # you will get it from the portal\nclientSecret = "xx-xx-xxx-xxx"\nblobAccessKey = "xx-xxx-xxx"\npassword = "****-****"\ntoken = "XXXX_XXXX.XXXX"'
      ]
    },
    {
      // databricks-industry-solutions/clickstream-analytics "0a_Intro & Config", cell 10: the
      // start of the key names inside the secret scopes the lines above name
      name: 'the key-name prefix of a secret scope',
      cells: [
        "config['secret_scopes'] = {'read': 'clickstream-readonly'}\nconfig['secret_prefix'] = 'onlinefs'\nsecret_prefix = 'prod-'"
      ]
    },
    {
      name: 'descriptive placeholders',
      cells: ['client_secret = "my-client-secret"\npassword = "enter-password"']
    },
    {
      // microsoft/fabric-toolbox MDSyncNewRESTPIAPISP.ipynb, cell 2: placeholders in dunders
      name: 'placeholders a sample wraps in underscores',
      cells: [
        "CLIENT_ID = '__add the client id__'\nCLIENT_SECRET = '__add the client secret__'\nworkspaceId = '__put_your_workspace_here__'\npassword = '__paste value here__'\ntoken = '**changeme**'"
      ]
    },
    {
      name: 'instructions written as prose',
      cells: [
        'password = "add your client secret here"\ntoken = "paste key here"\napi_key = "fill in the token"\nsecret = "replace with your password"'
      ]
    },
    {
      name: 'form and template placeholders of tutorial notebooks',
      cells: [
        'HF_TOKEN = "[your-hugging-face-token]"  # @param {type:"string"}\nNGC_API_KEY = "[nvidia-ngc-api-key]"',
        'COHERE_API_KEY = "{API KEY}"\napi_key = "bearer <your-api-key>"\nGOOGLE_CREDENTIALS = "PATH-TO-YOUR-CREDENTIALS.json"'
      ]
    },
    {
      // databricks-solutions/devrel-examples 2024-11-27-dspy.ipynb, cell 4: an LM Studio endpoint
      name: 'a key the same line calls empty or a dummy (a local model server ignores it)',
      cells: [
        'lm_local = dspy.LM(\n    "openai/unsloth/Llama-3.2-3B-Instruct-GGUF",\n    api_base="http://localhost:1234/v1",  # local endpoint\n    api_key="whatever",  # empty api_key for local endpoint\n)\ntoken = "abcdefgh"  # dummy token for the tests\npassword = "hunter"  # placeholder, not needed locally\nclient = OpenAI(api_key="whatever")  # fake key for a local server\nopenai.api_key = "sk-local"  # not required by vLLM'
      ]
    },
    {
      name: 'the fixed keys local OpenAI-compatible servers document (vLLM, LM Studio, Ollama, llama.cpp)',
      cells: [
        'client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\nclient = OpenAI(base_url="http://localhost:1234/v1", api_key="lm-studio")\nclient = OpenAI(base_url="http://localhost:8080/v1", api_key="sk-no-key-required")\nopenai_api_key = "EMPTY"\napi_key = "not-needed"'
      ]
    },
    {
      // precision round 8, rajdump+pyspark-on-azure-databricks-academy/05 - Reading, Writing, and
      // Schemas/01 - Unity Catalog Volumes and Data Landing.py, cell 2: a Unity Catalog storage
      // credential is a named object; its secret stays in the cloud
      name: "a Unity Catalog storage credential's name, and SQL that creates or uses one",
      cells: [
        'container = "container-dev-dbx"\nstorage_credential = "ac_dev_dbx_eus2"\nadls_folder = "rideshare"',
        'spark.sql(f"""\n    CREATE EXTERNAL LOCATION IF NOT EXISTS rideshare_landing\n    URL \'abfss://{container}@acdevdbx.dfs.core.windows.net/{adls_folder}\'\n    WITH (STORAGE CREDENTIAL {storage_credential})\n""")',
        'spark.sql("CREATE STORAGE CREDENTIAL IF NOT EXISTS ac_dev_dbx_eus2 WITH (AZURE_MANAGED_IDENTITY \'/subscriptions/x/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/ac\')")',
        'w.external_locations.create(name="landing", url=url, credential_name="ac_dev_dbx_eus2")\nSTORAGE_CREDENTIAL = "uc_ext_cred_prod"\nstorageCredential = "uc_ext_cred_prod"'
      ]
    },
    {
      // the names the shared definition (support/credential-names.json) says hold none
      name: "a tokenizer's special tokens, a count of passes, a pattern, a table's key, a secret scope",
      cells: [
        'tokenizer = AutoTokenizer.from_pretrained(base, pad_token="endoftext", eos_token="im_end_marker")\npad_token = "endoftext"\nn_pass = "three_passes"',
        'pat = r".+/(models|runs)/(\\w+)"\npattern = "s3://bucket/raw/*.parquet"\npat_count = "many_times"',
        'index = vsc.create_delta_sync_index(endpoint_name=ep, primary_key="chunk_id", source_table_name=t)\nprimary_key = "unique_id"\nSORT_KEY = "timestamp"\nRESPONSE_KEY = "### Response:"',
        'secret_scope = "azureml-kv-scope"\npassword_hint = "first pet"\nconn_str_template = "DefaultEndpointsProtocol={};AccountName={};AccountKey={}"\nsecret_principal = "__UNKNOWN__"'
      ]
    },
    {
      // an attack review of the shared names: a name that holds a key only as an environment
      // variable's (any X_KEY, primary_key, storage_credential) is weak wherever it is written:
      // a word or an id under it is no key (it was reported under os.environ[...] only)
      name: 'a weak name with a value that is no key, in code or as an os.environ key',
      cells: [
        'os.environ["SORT_KEY"] = "timestamp"\nos.environ["WANDB_KEY"] = "Zq9sLq2ZrT4kW8"\nos.environ["STORAGE_CREDENTIAL"] = "ac_dev_dbx_eus2"\nos.environ.setdefault("WANDB_KEY", "Zq9sLq2ZrT4kW8")',
        'cosmos_primary_key = "chunk_id_column"\nDB_PASSWORD_TEMPLATE = "Winter2024Prod!"',
        'date_pat = r"\\d{4}-\\d{2}-\\d{2}"\nfile_pat = "*.parquet"\nurl_pat = "https://example.com/{id}"\nLINE_PAT = "^(ERROR|WARN): (.+)$"'
      ]
    },
    {
      // precision round 14, rndazurescript+FunWithAzureML/train-on-amlcompute.ipynb, cell 10:
      // Azure ML's private-registry sample fills the fields with their own names
      name: "a value that only repeats its field's name",
      cells: [
        'image_registry_details = ContainerRegistry()\nimage_registry_details.username = "username"\nimage_registry_details.password = "password"',
        'db_password = "Password"\ndbPassword = "PASSWORD"\ncfg = dict(host=h, password="password")\nsecret_token = "secret-token"'
      ]
    },
    {
      // precision round 7, solliancenet+azure-synapse-analytics-workshop-400 convert-to-hex.ipynb,
      // cell 1: the workshop's set-up replaces "#STORAGE_ACCOUNT_KEY#" before the notebook runs
      name: 'a token a deployment step substitutes (Replace Tokens, macro, batch, configure_file)',
      cells: [
        'storage_account_name = "#STORAGE_ACCOUNT_NAME#"\nstorage_account_access_key = "#STORAGE_ACCOUNT_KEY#"',
        'password = "#{DbPassword}#"\nclient_secret = "$(clientSecret)"\nDB_PASSWORD = "%DB_PASSWORD%"\napi_token = "@API_TOKEN@"',
        // dotted and numbered names: Azure Pipelines' predefined $(System.AccessToken)
        'token = "$(System.AccessToken)"\npassword = "#{ Db.Password }#"\nDB_PASSWORD = "%DB_PASSWORD_2%"'
      ]
    },
    {
      // round 21's attack review: R11, MinIO's published default pairs for a store on this machine
      // (NB504's judgement of the same pair, one owner), and R9, httpbin's demo pair that the
      // call's own URL prints
      name: "MinIO's default pairs on localhost, httpbin's demo pair",
      cells: [
        'from minio import Minio\nclient = Minio("localhost:9000", "minioadmin", "minioadmin", secure=False)\nc3 = Minio("127.0.0.1:9000", access_key="minio", secret_key="minio123", secure=False)',
        'r = requests.get("https://httpbin.org/basic-auth/user/passwd", auth=("user", "passwd"))'
      ]
    }
  ],
  invalid: [
    {
      // session 19's review: a secret passed by its documented position to a login call or a
      // client's constructor, and requests' auth=(user, password) tuple
      name: 'secrets passed by documented position, and an auth tuple',
      cells: [
        'server = smtplib.SMTP_SSL("smtp.gmail.com", 465)\nserver.login("me@example.org", "hunter2!x")',
        'cred = ClientSecretCredential("tenant-id", "client-id", "Zq8Q~abcdefghijklmnopqrstuvwxyz01234")\nconn = pymysql.connect("db.example.org", "root", "s3cr3tPass", "shop")',
        'r = requests.get(url, auth=("alice", "correcthorse"))\nftp = ftplib.FTP("ftp.example.org", "anon", "ftpPass99")'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "client_secret"', cell: 2, line: 1 },
        { message: 'Hard-coded secret in "password"', cell: 2, line: 2 },
        { message: 'Hard-coded secret in "password"', cell: 3, line: 1 },
        { message: 'Hard-coded secret in "passwd"', cell: 3, line: 2 }
      ]
    },
    {
      // near misses of the published pairs: MinIO's default pair for a remote store, another
      // pair on localhost, and an auth tuple that is not the pair the httpbin URL prints
      name: 'MinIO pairs for a remote store or not the defaults, an httpbin URL of another pair',
      cells: [
        'a = Minio("minio.team.example.com", "minioadmin", "minioadmin")\nb = Minio("localhost:9000", "minioadmin", "Sup3rS3cret9")\nc = Minio("minio.team.example.com:9000", access_key="minio", secret_key="minio123")',
        'r = requests.get("https://httpbin.org/basic-auth/user/passwd", auth=("user", "correcthorse"))'
      ],
      errors: [
        { message: 'Hard-coded secret in "secret_key"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "secret_key"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "secret_key"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "password"', cell: 2, line: 1 }
      ]
    },
    {
      // near miss of the impossible Databricks token: a hex rest may be a truncated real token
      name: 'a dapi value whose rest is hex',
      cells: ["token = 'dapi1234abcdef'"],
      errors: [{ message: 'Hard-coded secret in "token"', cell: 1 }]
    },
    {
      // review of session 18: a value that repeats its field's name, passed to a real connect or
      // login call, is the credential that call uses (a config template keeps its exemption)
      name: "a field's own name as the password of a connect or login call",
      cells: [
        'conn = psycopg2.connect(host="db", user="admin", password="password")\nsmtp.login(user="me", password="Password")'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 2 }
      ]
    },
    {
      // the near-misses: a value that is more than its field's name, a last word that is no
      // credential's name, delimiters around something that is no upper-case name
      name: "a password that only starts like its field's name, or sits between a token's delimiters",
      cells: [
        'password = "password1"\npassword_production = "production"\ndb_password = "Password!"\npassword = "passwords"',
        'password = "#Hunter22#"\npassword = "%hunter22%"\npassword = "#STORAGE#KEY#"\npassword = "$(hunter22"\npassword = "#HUNTER22"'
      ],
      errors: [
        ...['password', 'password_production', 'db_password', 'password'].map(
          (name, i) => ({
            message: `Hard-coded secret in "${name}"`,
            cell: 1,
            line: i + 1
          })
        ),
        ...[1, 2, 3, 4, 5].map(line => ({
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line
        }))
      ]
    },
    {
      // the attack review of s18-prec (/tmp/rv3/lint/p_1.ipynb): a real secret between a token
      // tool's delimiters, its inner part no variable's name (digits mixed into a word) or a key
      name: 'a secret wrapped in token delimiters is reported',
      cells: [
        'pwd = "%HUNTER22%"\nsecret = "$(hunter2)"\ntoken = "#{s3cr3tT0k3n}#"\napi_key = "@AKIAX7Q2ZV9P@"\nSECRET_KEY = "%SUPERSECRETVALUE2024%"'
      ],
      errors: [
        ['pwd', 1],
        ['secret', 2],
        ['token', 3],
        ['api_key', 4],
        ['SECRET_KEY', 5]
      ].map(([name, line]) => ({
        message: `Hard-coded secret in "${name}"`,
        cell: 1,
        line: line as number
      }))
    },
    {
      // a letters-only password beside a secret the same cell reads from a store is still a
      // password: a word sent with a stored value, and a default a stored value overrides on
      // another branch (s17-r13 hid both to leave one sentinel; reverted)
      name: 'a password written beside a store read is reported',
      cells: [
        'conn = connect(user=os.environ["U"], password="sunshinebeach")',
        'password = "sunshinebeach"\nif os.environ.get("PROD"):\n    password = os.environ["DB_PASSWORD"]\nconnect(password=password)'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "password"', cell: 2, line: 1 }
      ]
    },
    {
      // an attack review of s16-seed: camel-case passphrases that merely hold "Your" or "Here"
      // went through the whole placeholder test spaced out, and filler took any case and length
      name: 'camel-case passphrases and filler look-alikes are reported',
      cells: [
        'password = "WeLoveYourSmile"\npassword = "CorrectHorseYourStaple"\npassword = "SunsetOverYourHouse"\npassword = "MyDogIsHere"\npassword = "TheKeyIsHere"\npassword = "MeetMeHereKey"\npassword = "PutItHere"\npassword = "EnterHereNow"',
        'password = "Blahhhhh"\npassword = "foobar"\npassword = "foo-bar"\npassword = "Blahblah"\npassword = "LoremIpsum"'
      ],
      errors: [
        ...[1, 2, 3, 4, 5, 6, 7, 8].map(line => ({
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line
        })),
        ...[1, 2, 3, 4, 5].map(line => ({
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line
        }))
      ]
    },
    {
      // near misses of the masked values and the secret-scope prefix: a key character among the
      // mask, a mask with a real part, a prefix name holding a key's value
      name: 'masks with something real in them, and a key under a prefix name, are reported',
      cells: [
        'password = "xx-xx-xx9"\nclientSecret = "xx-Zq9sLq2ZrT4k"\nsecret = "xyx-xx-xxx"\nsecret_prefix = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "clientSecret"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "secret"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "secret_prefix"', cell: 1, line: 4 }
      ]
    },
    {
      // the near-misses: a real-looking password in the same form field and names; filler with
      // more after it; a camel-case phrase that gives no instruction
      name: 'real-looking secrets in the positions placeholders take are reported',
      cells: [
        'enter_password = "Tr0ub4dor&3x"  #@param {type:"string"}\nyour_secret = "blabla123!"\npassword = "MySecretPassword"\ndb_password = "CorrectHorseBatteryStaple"'
      ],
      errors: [
        { message: 'Hard-coded secret in "enter_password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "your_secret"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "db_password"', cell: 1, line: 4 }
      ]
    },
    {
      // an attack review: main reported an Azure account key under storage_credential (an 88
      // character key is no Unity Catalog object's name); primary keys of Cosmos DB and Event
      // Hubs; one word made of a key kind and key
      name: "a key's value under a name that holds a key only when its value looks like one",
      cells: [
        'storage_credential = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="\ncosmos_primary_key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="\nos.environ["SORT_KEY"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"\naccesskey = "Zq9sLq2ZrT4kW8"'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "storage_credential"',
          cell: 1,
          line: 1
        },
        {
          message: 'Hard-coded secret in "cosmos_primary_key"',
          cell: 1,
          line: 2
        },
        { message: 'Hard-coded secret in "SORT_KEY"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "accesskey"', cell: 1, line: 4 }
      ]
    },
    {
      // the local model servers' fixed keys are exempt under a key's name only: `password =
      // "Ollama"` and an MLflow password set to one are passwords
      name: "a local server's key word under a password's or token's name",
      cells: [
        'password = "Ollama"\nconnect(user="admin", password="lm-studio")\nHF_TOKEN = "not-needed"'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "HF_TOKEN"', cell: 1, line: 3 }
      ]
    },
    {
      // a personal access token's name (GitHub, Databricks, Azure DevOps): only ghp_... values
      // were caught before
      name: 'a personal access token under a pat name',
      cells: [
        'GITHUB_PAT = "Zq9sLq2ZrT4kW8"\ndatabricks_pat = "Zq9sLq2ZrT4kW8"\nADO_PAT = "Zq9sLq2ZrT4kW8"\nmyPat = "Zq9sLq2ZrT4kW8"\nclone(url, gh_pat="Zq9sLq2ZrT4kW8")'
      ],
      errors: [
        { message: 'Hard-coded secret in "GITHUB_PAT"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "databricks_pat"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "ADO_PAT"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "myPat"', cell: 1, line: 4 },
        { message: 'Hard-coded secret in "gh_pat"', cell: 1, line: 5 }
      ]
    },
    {
      // the exemptions are whole names: another word beside them keeps a secret reported, and
      // an environment variable's name (any X_KEY) holds a key when its value looks like one
      name: 'a special token, a storage credential or a key with another word, and an environment key',
      cells: [
        'hf_pad_token = "Zq9sLq2ZrT4kW8"\nstorage_credential_secret = "Zq9sLq2ZrT4kW8"\nos.environ["WANDB_KEY"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"\nstorage_account_key = "1XM/nC/u7/JAC+FRHhFoyNeo1n3ipBY86quFoY9D3ITmPRoDFx8E=="\ndbPassword = "Winter2024Prod!"'
      ],
      errors: [
        { message: 'Hard-coded secret in "hf_pad_token"', cell: 1, line: 1 },
        {
          message: 'Hard-coded secret in "storage_credential_secret"',
          cell: 1,
          line: 2
        },
        { message: 'Hard-coded secret in "WANDB_KEY"', cell: 1, line: 3 },
        {
          message: 'Hard-coded secret in "storage_account_key"',
          cell: 1,
          line: 4
        },
        { message: 'Hard-coded secret in "dbPassword"', cell: 1, line: 5 }
      ]
    },
    {
      // s14 review: a same-line comment excuses only a word-shaped value that is the last and only
      // string on its line, and only when it calls the value a dummy (not "not checked in",
      // "ignored", "unused", "empty before sharing")
      name: 'passwords whose line comment says something else, or is about another value',
      cells: [
        'DB_PASSWORD = "Winter2024Prod!"  # not checked in to git, keep local\nsmtp_password = "mailpass2024"  # TODO: empty before sharing\ntoken = "glpat-4fK9sLq2Zr"  # this notebook is ignored by .gitignore\ncreate_engine(url, password="Winter2024Prod", echo=False)  # echo not needed\nconnect(user="admin", password="S3cretPassw0rd!")  # user is a dummy\nuser, password = "bob", "Pr0dPassw0rdX"  # fake user\npassword = "correct horse battery staple 42"  # dummy\ntoken = "abcdefghijklmnopqrstuvwxyzABCDEF"  # dummy\npassword = "Tr0ub4dor&3x"  # dummy\npassword = "hunter2"  # unused\nconnect(user="admin", password="whatever")  # dummy user\npassword = "whatever"; other = 1  # dummy\nuser, password = get_user(), "whatever"  # fake user'
      ],
      errors: [
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 1,
          column: 15
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 2,
          column: 17
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 3,
          column: 9
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 4,
          column: 29
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 5,
          column: 32
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 6,
          column: 25
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 7,
          column: 12
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 8,
          column: 9
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 9,
          column: 12
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 10,
          column: 12
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 11,
          column: 32
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 12,
          column: 12
        },
        {
          message: 'Hard-coded secret',
          cell: 1,
          line: 13,
          column: 30
        }
      ]
    },
    {
      name: 'a real-looking key with "dummy" elsewhere in the cell, and a key-shaped value a comment calls a dummy',
      cells: [
        '# replace the dummy values below\napi_key = "Zx81qLmN0pQ"\nuse_dummy = True',
        'api_key = "sk-9aF3kLmQ2xZp7RtV1bNc4DwE8yHu6JiO0sGq5TlK3mXa2VbR"  # dummy key\napi_key = "sk-no-key-required-9aF3kLmQ"'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "api_key"',
          cell: 1,
          line: 2,
          column: 11
        },
        {
          message: 'Hard-coded secret in "api_key"',
          cell: 2,
          line: 1,
          column: 11
        },
        {
          message: 'Hard-coded secret in "api_key"',
          cell: 2,
          line: 2,
          column: 11
        }
      ]
    },
    {
      name: 'phrases that start or end like an instruction but name no placeholder are passphrases',
      cells: [
        'password = "Paste Orange Wombat"\npassword = "type writer monkey"\npassword = "add salt and pepper"\npassword = "fill in grey goose here"'
      ],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 2 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 3 },
        { message: 'Hard-coded secret in "password"', cell: 1, line: 4 }
      ]
    },
    {
      name: 'a value that starts or ends like an instruction but is one token with digits or symbols is a secret',
      cells: [
        'password = "add-me-123"\npassword = "Add_Admin#2024"\npassword = "paste-9f8e7d6c"\npassword = "type_R2019!x"\npassword = "s3cr3t-here"\npassword = "Welcome1_here"\npassword = "Summer_2024_here"\npassword = "replace-me-2024"\npassword = "add_9f8e7d6c5b4a"\npassword = "__P@ss_here__"'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 1,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 2,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 3,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 4,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 5,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 6,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 7,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 8,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 9,
          column: 12
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 10,
          column: 12
        }
      ]
    },
    {
      // the decoration is stripped without backtracking: 5,000 of `_`/`*` lint fast (bench/lint-secret-long.js times it)
      name: 'a long value of decoration characters and a letter is one finding',
      cells: ['password = "' + '_*'.repeat(2500) + 'a"'],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 1,
          column: 12
        }
      ]
    },
    {
      name: 'a real-looking value wrapped in underscores is still a secret',
      cells: ["CLIENT_SECRET = '__Qx8Q~aZ3kP1vR7mT2nW5yL0__'"],
      errors: [
        {
          message: 'Hard-coded secret in "CLIENT_SECRET"',
          cell: 1,
          line: 1,
          column: 17
        }
      ]
    },
    {
      name: "annotated and chained assignments (a dataclass field, `a = b = ...`), a comment before a keyword's `=`",
      cells: [
        'password: str = "hunter2secret"\nlabel: str = "hunter2secret"',
        'user = db_password = "S3cr3t!pw"\ntoken: str',
        'class Settings:\n    api_key: "str" = "k-9f8e7d6c5b"',
        'conn = connect(\n    user="admin",\n    password  # the database\'s\n    = "hunter2secret",\n)'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 1,
          column: 17,
          endLine: 1,
          endColumn: 32
        },
        {
          message: 'Hard-coded secret in "db_password"',
          cell: 2,
          line: 1,
          column: 22
        },
        {
          message: 'Hard-coded secret in "api_key"',
          cell: 3,
          line: 2,
          column: 22
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 4,
          line: 4,
          column: 7
        }
      ]
    },
    {
      cells: [
        'db_password = "S3cr3t!pw"',
        'conn = connect(host="h", password="hunter22")\nos.environ["API_KEY"] = "k-9f8e7d6c5b"'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "db_password"',
          messageId: 'assigned',
          cell: 1,
          line: 1,
          column: 15
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line: 1,
          column: 35
        },
        {
          message: 'Hard-coded secret in "API_KEY"',
          cell: 2,
          line: 2,
          column: 25
        }
      ]
    },
    {
      name: 'keyword strings after other calls, nested, spaced and prefixed (the per-cell prefilter)',
      cells: [
        'a = f(x)\nconn = connect(host=h, password = rb"hunter2222")\nb = g(1)(token="abcdefgh")',
        'outer(inner(secret="s3cr3t-value"), n=1).login(api_key = u\'k-0123456789\')'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 2,
          column: 35
        },
        {
          message: 'Hard-coded secret in "token"',
          cell: 1,
          line: 3,
          column: 16
        },
        {
          message: 'Hard-coded secret in "secret"',
          cell: 2,
          line: 1,
          column: 20
        },
        {
          message: 'Hard-coded secret in "api_key"',
          cell: 2,
          line: 1,
          column: 58
        }
      ]
    },
    {
      // the per-cell prefilter leaves out `= "` whose plainly written keyword is no secret's
      // name (host, sep): the secret's own keyword must stay findable however it is written
      name: 'secret keywords written across lines and after a continuation',
      cells: [
        'conn = connect(host="h", password=\\\n    "hunter2222")',
        'conn = connect(\n    sep=",",\n    token\n    = "abcdefgh99")'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 2,
          column: 5
        },
        {
          message: 'Hard-coded secret in "token"',
          cell: 2,
          line: 4,
          column: 7
        }
      ]
    },
    {
      name: 'a tuple value: under one secret name it is all secret; with names, each pairs with its value',
      cells: [
        'password = "hunter2222", "other-value"\ncredentials = "admin", "hunter2222"\ntoken = "k-9f8e7d6c5b",',
        'user, password = "administrator01", "hunter2222"\n(user, password) = [get_user(), "hunter2222"]\nname = user, password = "administrator01", "hunter2222"'
      ],
      errors: [
        {
          message: 'Hard-coded secret in "password"',
          cell: 1,
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 24
        },
        {
          message: 'Hard-coded secret in "credentials"',
          cell: 1,
          line: 2,
          column: 24
        },
        {
          message: 'Hard-coded secret in "token"',
          cell: 1,
          line: 3,
          column: 9
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line: 1,
          column: 37
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line: 2,
          column: 33
        },
        {
          message: 'Hard-coded secret in "password"',
          cell: 2,
          line: 3,
          column: 44
        }
      ]
    },
    {
      name: 'a keyword named with letters beyond ASCII',
      options: { namePattern: '^mot_de_passé$' },
      cells: ['conn = connect(host="h", mot_de_passé="hunter2222")'],
      errors: [
        {
          message: 'Hard-coded secret in "mot_de_passé"',
          cell: 1,
          line: 1,
          column: 39
        }
      ]
    },
    {
      name: 'a pattern that matches the end of a non-ASCII keyword only as a whole',
      options: { namePattern: '^é' },
      cells: ['conn = connect(host="h", épw="hunter2222")'],
      errors: [
        {
          message: 'Hard-coded secret in "épw"',
          cell: 1,
          line: 1,
          column: 30
        }
      ]
    }
  ]
});
