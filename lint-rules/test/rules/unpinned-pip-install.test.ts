import rule from '../../src/rules/unpinned-pip-install';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // databrickslabs/dqx tests/e2e/notebooks/pii_detection_notebook.py (round 16): the build under
      // test, by a PEP 508 direct reference whose URL the job passes through a widget
      name: 'a direct reference whose URL a placeholder fills in is pinned to what it names',
      text: '# Databricks notebook source\n\ndbutils.widgets.text("test_library_ref", "", "Test Library Ref")\n%pip install \'databricks-labs-dqx @ {dbutils.widgets.get("test_library_ref")}\' pytest==8.3.4\n\n# COMMAND ----------\n\n%pip install \'databricks-labs-dqx[anomaly] @ {ref}\' "mylib @ $WHEEL_URL" \'other @ ${OTHER}\'\n',
      path: 'pii_detection_notebook.py'
    },
    {
      name: 'a commented install that a percent script says was run, or to uncomment, is prose',
      text: '# %%\n# %pip install -r requirements.txt was run before\n# !pip install pandas  # uncomment on Colab\nx = 1\n'
    },
    {
      name: 'install lines inside a triple-quoted string are instructions, not commands',
      cells: [
        'help_text = """\nTo set up, run:\n!pip install pandas\n%pip install numpy\n"""\nprint(help_text)'
      ]
    },
    {
      // issue #15: a library's own docs and examples installing the library (catboost's
      // tutorials, Oracle's samples); names compared as PEP 503 normalises them
      name: "the project's own packages, as ownPackages names them, may be installed unpinned",
      cells: [
        '!pip install catboost\n%pip install -U CatBoost[widget]',
        '%pip install --upgrade Oracle_ADS \'oracle.ads>=2.0\' "catboost @ git+https://github.com/catboost/catboost@master"'
      ],
      options: { ownPackages: ['catboost', 'oracle-ads'] }
    },
    {
      // the project's own checkout (editable or not) is the code at the checked-out commit:
      // not the index's newest, so no pin applies
      name: 'an install of the local project folder, editable or not, is not reported',
      cells: ['%pip install -e .\n!pip install .\n%pip install -e ".[dev]"']
    },
    {
      // the near miss of R6: a release tag with a pre-release or post part is a tag
      name: 'an archive or VCS ref that is a release version with a pre/post/dev number pins',
      cells: [
        '%pip install https://github.com/o/a/archive/v1.2.0rc1.zip https://github.com/o/b/archive/2.0.0-beta.1.tar.gz https://codeload.github.com/o/c/zip/1.4.post2 git+https://github.com/o/d@v0.3.0.dev1 https://github.com/o/e/archive/refs/tags/2.x.zip'
      ]
    },
    {
      // /tmp/rv23 N5: a VCS URL's `@refs/tags/x` pins as the archive's `archive/refs/tags/x` does
      name: 'a VCS ref refs/tags/... pins, as its archive form does',
      cells: [
        '%pip install git+https://github.com/o/a.git@refs/tags/v1.0 "b @ git+https://github.com/o/b@refs/tags/2.x" git+https://github.com/o/c@20240101'
      ]
    },
    { cells: ['%pip install pandas==2.2.2 scikit-learn==1.5.0'] },
    {
      // the near miss of the branch archive: a tag's or a commit's archive names one tree
      name: 'a direct reference to a tag or commit archive is pinned',
      cells: [
        '%pip install "mylib @ https://github.com/org/mylib/archive/refs/tags/v1.2.0.zip" https://github.com/o/c/archive/0123456789abcdef0123456789abcdef01234567.tar.gz "e @ https://github.com/o/e/archive/v2.0.zip"',
        // near misses of the zipball/tarball and other-branch archives: a release's or a
        // commit's, a tag by its ref, and a file that merely sits in a folder named zip
        '!pip install https://github.com/o/f/zipball/v1.2.0 https://api.github.com/repos/o/g/tarball/3f2a9c1 https://github.com/o/h/archive/refs/tags/stable.zip https://example.org/dl/zip/pkg-latest.zip'
      ]
    },
    { cells: ['%pip install -r requirements.txt'] },
    {
      // dalloliogm/kaggle_competitions ariel-resnet-ensemble: a code competition's offline install; round 12
      name: 'an offline install from local wheels only: the version is what those files hold',
      cells: [
        '!pip install --no-index --find-links=/kaggle/input/ariel-2024-pqdm pqdm',
        '%pip install -q --no-index -f ../wheels torch torchvision',
        "!pip install --no-index --find-links 'C:\\\\wheels' --find-links=./more xgboost"
      ]
    },
    {
      // fabric-samples' LLM notebook: the words after the pipe are grep's, not packages
      name: 'a shell pipe or redirection ends the arguments',
      cells: [
        "%pip install openai==0.28.1 | grep -v 'already satisfied'\n!pip install -q torch==2.3.0 > /dev/null && echo done"
      ]
    },
    {
      cells: [
        '%pip install ./dist/mypkg-0.1-py3-none-any.whl git+https://github.com/a/b@v1.0'
      ]
    },
    {
      name: 'ranges allowed by option',
      cells: ['%pip install "numpy>=1.26"'],
      options: { allowRanges: true }
    },
    {
      // PEP 508 with blanks, quoted as one shell word (packaging's Requirement reads them alike)
      name: 'a quoted pin or direct reference with blanks',
      cells: [
        '%pip install \'numpy == 1.26.4\' "pkg @ https://example.org/pkg-1.0-py3-none-any.whl"',
        '!pip install \'torch===2.1.0\' "x[extra] @ git+https://github.com/o/x@v1.4"'
      ]
    }
  ],
  invalid: [
    {
      // issue #15's near misses: a name the project only prefixes, and another package on the
      // same line, stay reported
      name: 'ownPackages exempts only those names, not a longer name or the rest of the line',
      cells: ['!pip install catboost catboost-extra pandas catboost_tutorials'],
      options: { ownPackages: ['CatBoost', ''] },
      errors: [
        { message: '"catboost-extra" is installed without a version', cell: 1 },
        { message: '"pandas" is installed without a version', cell: 1 },
        {
          message: '"catboost_tutorials" is installed without a version',
          cell: 1
        }
      ]
    },
    {
      // /tmp/rv21 R6: a maintenance branch named like a version (`2.x`, `1.0-dev`) moves as
      // commits land; only a tag or commit names one tree
      name: 'an archive or VCS URL of a branch named like a version is not pinned',
      cells: [
        '%pip install https://github.com/o/r/archive/2.x.zip https://codeload.github.com/o/r/zip/3.x https://github.com/o/r/archive/1.0-dev.zip',
        "!pip install git+https://github.com/o/s@1.x 'q @ git+https://github.com/o/q.git@v2.1-stable' https://gitlab.com/o/t/-/archive/4.0-maint/t.zip"
      ],
      errors: [
        {
          message: '"https://github.com/o/r/archive/2.x.zip" is installed',
          cell: 1
        },
        {
          message: '"https://codeload.github.com/o/r/zip/3.x" is installed',
          cell: 1
        },
        {
          message: '"https://github.com/o/r/archive/1.0-dev.zip" is installed',
          cell: 1
        },
        { message: '"git+https://github.com/o/s@1.x" is installed', cell: 2 },
        {
          message:
            '"q @ git+https://github.com/o/q.git@v2.1-stable" is installed',
          cell: 2
        },
        {
          message:
            '"https://gitlab.com/o/t/-/archive/4.0-maint/t.zip" is installed',
          cell: 2
        }
      ]
    },
    {
      // /tmp/rv23 N5: a single-number tag (`v1`, `2`) is by convention a moving major tag (GitHub
      // Actions' `v4`) or a maintenance branch; a release names two numbers at least. A ref
      // under refs/tags/ with nothing after it, or refs/heads/x, is no tag
      name: 'a VCS or archive ref that is a single number is not pinned',
      cells: [
        "%pip install git+https://github.com/o/a@v1 'b @ git+https://github.com/o/b.git@1' https://github.com/o/c/archive/2024.zip git+https://github.com/o/d@refs/heads/v1.0 git+https://github.com/o/e@refs/tags/"
      ],
      errors: [
        { message: '"git+https://github.com/o/a@v1" is installed', cell: 1 },
        {
          message: '"b @ git+https://github.com/o/b.git@1" is installed',
          cell: 1
        },
        {
          message: '"https://github.com/o/c/archive/2024.zip" is installed',
          cell: 1
        },
        {
          message: '"git+https://github.com/o/d@refs/heads/v1.0" is installed',
          cell: 1
        },
        {
          message: '"git+https://github.com/o/e@refs/tags/" is installed',
          cell: 1
        }
      ]
    },
    {
      // session 19's review: GitHub's zipball/tarball links (no ref: the default branch) and the
      // archive of any branch, not only main/master (develop, a release or feature branch),
      // follow commits as they land, as a VCS URL's `@branch` does
      name: 'zipball/tarball links and archives of other branches are not pinned',
      cells: [
        "%pip install https://github.com/o/a/zipball/main 'b @ https://api.github.com/repos/o/b/tarball' https://github.com/o/c/archive/release-2.1.zip https://github.com/o/d/archive/refs/heads/release/2.1.tar.gz https://codeload.github.com/o/e/zip/feature-x"
      ],
      errors: [
        {
          message: '"https://github.com/o/a/zipball/main" is installed',
          cell: 1
        },
        {
          message:
            '"b @ https://api.github.com/repos/o/b/tarball" is installed',
          cell: 1
        },
        {
          message:
            '"https://github.com/o/c/archive/release-2.1.zip" is installed',
          cell: 1
        },
        {
          message:
            '"https://github.com/o/d/archive/refs/heads/release/2.1.tar.gz" is installed',
          cell: 1
        },
        {
          message:
            '"https://codeload.github.com/o/e/zip/feature-x" is installed',
          cell: 1
        }
      ]
    },
    {
      // review of session 18's exemptions: a branch's archive is that branch's newest commit
      name: 'a direct reference to a branch archive (GitHub, codeload, GitLab) is not pinned',
      cells: [
        '%pip install "mylib @ https://github.com/org/mylib/archive/refs/heads/main.zip"',
        "!pip install 'b @ https://codeload.github.com/o/b/zip/refs/heads/dev' https://github.com/o/c/archive/master.tar.gz 'd @ https://gitlab.com/o/d/-/archive/main/d-main.zip'"
      ],
      errors: [
        {
          message:
            '"mylib @ https://github.com/org/mylib/archive/refs/heads/main.zip" is installed without a version',
          cell: 1
        },
        {
          message:
            '"b @ https://codeload.github.com/o/b/zip/refs/heads/dev" is installed without a version',
          cell: 2
        },
        {
          message:
            '"https://github.com/o/c/archive/master.tar.gz" is installed without a version',
          cell: 2
        },
        {
          message:
            '"d @ https://gitlab.com/o/d/-/archive/main/d-main.zip" is installed without a version',
          cell: 2
        }
      ]
    },
    {
      // the near-miss: a placeholder that is a version, or no `@` at all, leaves it unpinned; a
      // direct reference to a VCS branch is a branch's newest commit
      name: 'a placeholder beside the name without a direct reference, and a branch URL, stay reported',
      cells: [
        "%pip install 'databricks-labs-dqx{extras}' 'x>={low}' 'y @ git+https://github.com/o/y@main'"
      ],
      errors: [
        {
          message:
            '"databricks-labs-dqx{extras}" is installed without a version',
          cell: 1
        },
        { message: '"x>={low}" sets only a lower bound', cell: 1 },
        {
          message:
            '"y @ git+https://github.com/o/y@main" is installed without a version',
          cell: 1
        }
      ]
    },
    {
      // review of s16-chdir: --no-index ignores indexes only; a folder the notebook fills itself
      name: 'offline but fetched anyway: a VCS or URL spec, a find-links variable, a folder pip download fills',
      cells: [
        '!pip install --no-index -f /kaggle/input/w git+https://github.com/huggingface/transformers',
        '!pip install --no-index --find-links $WHEELS xgboost',
        '!pip install --no-index --find-links {WHEELS} lightgbm'
      ],
      errors: [
        {
          message: 'installed without a version',
          cell: 1,
          line: 1,
          column: 44,
          endLine: 1,
          endColumn: 91
        },
        {
          message: '"xgboost" is installed without a version',
          cell: 2,
          line: 1,
          column: 46,
          endLine: 1,
          endColumn: 53
        },
        {
          message: '"lightgbm" is installed without a version',
          cell: 3,
          line: 1,
          column: 47,
          endLine: 1,
          endColumn: 55
        }
      ]
    },
    {
      name: 'a wheel folder the notebook downloads into first is the newest on the day',
      cells: [
        '!pip download torch -d wheels',
        '!pip install --no-index --find-links wheels torch'
      ],
      errors: [
        {
          message: '"torch" is installed without a version',
          cell: 2,
          line: 1,
          column: 45,
          endLine: 1,
          endColumn: 50
        }
      ]
    },
    {
      name: 'not offline from local files: no --no-index, a find-links URL, or no find-links at all',
      cells: [
        '!pip install --find-links=/kaggle/input/wheels pqdm',
        '!pip install --no-index -f https://download.pytorch.org/whl/torch_stable.html torch',
        '!pip install --no-index --find-links=/w -f http://h/simple x',
        '!pip install --no-index y'
      ],
      errors: [
        {
          message: '"pqdm" is installed without a version',
          cell: 1,
          line: 1,
          column: 48,
          endLine: 1,
          endColumn: 52
        },
        {
          message: '"torch" is installed without a version',
          cell: 2,
          line: 1,
          column: 79,
          endLine: 1,
          endColumn: 84
        },
        {
          message: '"x" is installed without a version',
          cell: 3,
          line: 1,
          column: 60,
          endLine: 1,
          endColumn: 61
        },
        {
          message: '"y" is installed without a version',
          cell: 4,
          line: 1,
          column: 25,
          endLine: 1,
          endColumn: 26
        }
      ]
    },
    {
      // review R3 nb105_git (lq3 many-model-forecasting): a VCS URL without a commit or a
      // release tag installs the default branch's newest state; a branch moves too
      name: 'a VCS URL on no commit or release tag is not pinned',
      cells: [
        '%pip install "mmf_sa[foundation] @ git+https://github.com/org/mmf.git"',
        '%pip install git+https://github.com/org/mmf.git@main',
        '%pip install git+https://github.com/org/mmf.git@3f2a9c1d0b5e4f6a7b8c9d0e1f2a3b4c5d6e7f80 "x @ git+https://github.com/o/x@v1.2.0"'
      ],
      errors: [
        {
          message: 'mmf_sa[foundation] @ git+https://github.com/org/mmf.git',
          cell: 1
        },
        { message: 'git+https://github.com/org/mmf.git@main', cell: 2 }
      ]
    },
    {
      name: "PEP 440 with blanks: 'numpy >= 1.24' is a lower bound, '!=1.0' only excludes",
      cells: [
        "%pip install 'numpy >= 1.24' \"pandas < 3\" 'scipy != 1.11.0' requests!=2.0,!=2.1"
      ],
      errors: [
        {
          message: '"numpy >= 1.24" sets only a lower bound',
          messageId: 'lowerBound',
          cell: 1,
          line: 1,
          column: 14,
          endColumn: 29
        },
        {
          message: '"pandas < 3" allows a range of versions',
          messageId: 'range',
          cell: 1,
          line: 1,
          column: 30
        },
        {
          message: '"scipy != 1.11.0" only excludes versions',
          messageId: 'exclusionsOnly',
          cell: 1,
          line: 1,
          column: 43
        },
        {
          message: '"requests!=2.0,!=2.1" only excludes versions',
          messageId: 'exclusionsOnly',
          cell: 1,
          line: 1,
          column: 61
        }
      ]
    },
    {
      name: 'allowRanges accepts a range, not exclusions alone',
      options: { allowRanges: true },
      cells: ['%pip install numpy>=1.24 scipy!=1.11.0'],
      errors: [
        {
          message: '"scipy!=1.11.0" only excludes versions',
          cell: 1,
          line: 1,
          column: 26
        }
      ]
    },
    {
      name: 'a %pip install jupytext commented out in a percent script runs',
      text: '# %%\n# %pip install requests\n',
      errors: [{ message: 'requests', cell: 1, line: 1 }]
    },
    {
      name: 'an install after a one-line string still runs',
      cells: ['note = """set-up"""\n%pip install pandas'],
      errors: [
        { message: '"pandas" is installed without a version', cell: 1, line: 2 }
      ]
    },
    {
      name: 'a requirements file without -r; the fix adds it',
      cells: ['%pip install requirements.txt'],
      errors: [
        {
          message: 'without -r pip looks for a package',
          messageId: 'fileWithoutFlag',
          cell: 1,
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 30
        }
      ],
      output: ['%pip install -r requirements.txt']
    },
    {
      name: 'pins to the installed version when it is known (the lab, --pin-from-env)',
      cells: ['%pip install pandas "numpy<2" Scikit_Learn[alldeps]'],
      options: {
        installedVersions: {
          pandas: '2.2.2',
          numpy: '1.26.4',
          'scikit-learn': '1.5.0'
        }
      },
      errors: [
        {
          message: '"pandas"',
          cell: 1,
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 20
        },
        {
          message: '"numpy<2"',
          cell: 1,
          line: 1,
          column: 21,
          endLine: 1,
          endColumn: 30
        },
        {
          message: '"Scikit_Learn[alldeps]"',
          cell: 1,
          line: 1,
          column: 31,
          endLine: 1,
          endColumn: 52
        }
      ],
      output: [
        '%pip install pandas==2.2.2 "numpy<2" Scikit_Learn[alldeps]==1.5.0'
      ]
    },
    {
      cells: ['%pip install pandas scikit-learn==1.5.0 mlflow>=2'],
      errors: [
        {
          message: '"pandas" is installed without a version',
          messageId: 'unpinned',
          cell: 1,
          line: 1,
          column: 14
        },
        {
          message: '"mlflow>=2" sets only a lower bound',
          messageId: 'lowerBound',
          cell: 1,
          line: 1,
          column: 41
        }
      ]
    },
    {
      // round 9: databricks-blogposts' 02_agent.py and 01 ETL Silver Layer.py; a lower bound is
      // a version, but not one version: say so instead of "without a version"
      name: 'lower bounds and ranges are named as such, a bare name as without a version',
      cells: [
        '%pip install -U -qqqq mlflow-skinny langchain>0.2.16 numpy>=1.24 torch!=2.0.0,>=1.13\n%pip install "numpy<2" pydantic~=2.5 ray>=2,<3 dask==2024.*'
      ],
      errors: [
        {
          message: '"mlflow-skinny" is installed without a version',
          messageId: 'unpinned',
          cell: 1,
          line: 1,
          column: 23
        },
        {
          message:
            '"langchain>0.2.16" sets only a lower bound, so the version installed changes as new releases come out',
          messageId: 'lowerBound',
          cell: 1,
          line: 1,
          column: 37
        },
        {
          message: '"numpy>=1.24" sets only a lower bound',
          messageId: 'lowerBound',
          cell: 1,
          line: 1,
          column: 54
        },
        {
          message: '"torch!=2.0.0,>=1.13" sets only a lower bound',
          messageId: 'lowerBound',
          cell: 1,
          line: 1,
          column: 66
        },
        {
          message: '"numpy<2" allows a range of versions',
          messageId: 'range',
          cell: 1,
          line: 2,
          column: 14
        },
        {
          message: '"pydantic~=2.5" allows a range of versions',
          messageId: 'range',
          cell: 1,
          line: 2,
          column: 24
        },
        {
          message: '"ray>=2,<3" allows a range of versions',
          messageId: 'range',
          cell: 1,
          line: 2,
          column: 38
        },
        {
          message: '"dask==2024.*" allows a range of versions',
          messageId: 'range',
          cell: 1,
          line: 2,
          column: 48
        }
      ]
    },
    {
      // rounds 21 and 22 (numpyro's docs notebooks): pip rejects `==<version>` after a URL; a
      // VCS URL is pinned by a tag or commit after `@` (a branch's ref replaced, a fragment
      // kept), an archive URL by a release's archive and its hash
      name: 'the pin a VCS or archive URL takes',
      cells: [
        "!pip install -q numpyro@git+https://github.com/pyro-ppl/numpyro git+https://github.com/a/b.git#egg=b 'y @ git+https://github.com/o/y.git@main' git+ssh://git@github.com/o/z\n%pip install https://github.com/o/c/archive/master.tar.gz"
      ],
      errors: [
        {
          message:
            '"numpyro@git+https://github.com/pyro-ppl/numpyro" is installed without a version; pin it (e.g. numpyro@git+https://github.com/pyro-ppl/numpyro@<tag or commit>) or',
          messageId: 'unpinned',
          cell: 1,
          line: 1
        },
        {
          message:
            '(e.g. git+https://github.com/a/b.git@<tag or commit>#egg=b)',
          messageId: 'unpinned',
          cell: 1,
          line: 1
        },
        {
          message: '(e.g. y @ git+https://github.com/o/y.git@<tag or commit>)',
          messageId: 'unpinned',
          cell: 1,
          line: 1
        },
        {
          message: '(e.g. git+ssh://git@github.com/o/z@<tag or commit>)',
          messageId: 'unpinned',
          cell: 1,
          line: 1
        },
        {
          message:
            '"https://github.com/o/c/archive/master.tar.gz" is installed without a version; point it at a release\'s or tag\'s archive and add #sha256=<hash> (pip checks it)',
          messageId: 'unpinnedArchive',
          cell: 1,
          line: 2
        }
      ]
    },
    {
      name: 'shell pip, continuation lines, index url option skipped',
      cells: [
        'import os\n!pip install -q --index-url https://x.org/simple \\\n    xgboost'
      ],
      errors: [{ message: '"xgboost"', cell: 1, line: 3, column: 5 }]
    },
    {
      name: 'the install on a later line of the cell, with `install` in a comment above',
      cells: [
        '# install what the notebook needs\nimport os\n%pip install pandas'
      ],
      errors: [{ message: '"pandas"', cell: 1, line: 3, column: 14 }]
    }
  ]
});
