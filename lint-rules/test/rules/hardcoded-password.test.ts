import rule from '../../src/rules/hardcoded-password';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
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
    }
  ],
  invalid: [
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
