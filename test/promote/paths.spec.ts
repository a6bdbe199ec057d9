import { readFileSync } from 'fs';
import { join } from 'path';
import {
  DEFAULT_SETTINGS,
  defaultModulePath,
  defaultTestsDir,
  findProjectConfig,
  findProjectPackage,
  isSafeRelativePath,
  notebookStem,
  parseProjectConfig
} from '../../src/promote/paths';
import { english } from '../../src/core/translatable';
import { FolderReader, parentFolders } from '../../src/core/folderReader';
import { MemoryContents } from './memoryContents';
import { marked } from '../core/markedTranslator';

describe('notebookStem', () => {
  it('turns notebook names into importable module names', () => {
    expect(notebookStem('work/Feature Eng.ipynb')).toBe('feature_eng');
    expect(notebookStem('01-load data.ipynb')).toBe('load_data_01');
    expect(notebookStem('import.ipynb')).toBe('import_');
    expect(notebookStem('True.ipynb')).toBe('true_');
    expect(notebookStem('match.ipynb')).toBe('match_');
    expect(notebookStem('%%%.ipynb')).toBe('notebook');
  });
});

describe('findProjectConfig', () => {
  const reader =
    (files: Record<string, string>) =>
    (path: string): Promise<string | null> =>
      Promise.resolve(files[path] ?? null);

  it('reads [tool.nbcraft] of a pyproject.toml, as nbcraft promote does', async () => {
    const project = await findProjectConfig(
      'proj/notebooks/Churn.ipynb',
      reader({
        // no [tool.nbcraft] here: the search goes on upwards
        'proj/notebooks/pyproject.toml': '[project]\nname = "nb"\n',
        'proj/pyproject.toml':
          '[project]\nname = "proj"\n\n[tool.nbcraft.promote]\nmoduleDir = "src/proj"\ntestsDir = "tests/unit"\n',
        'nbcraft.json': '{"promote": {"moduleDir": "elsewhere"}}'
      })
    );
    expect(project).toEqual({
      root: 'proj',
      file: 'proj/pyproject.toml',
      promote: { moduleDir: 'src/proj', testsDir: 'tests/unit' }
    });
    expect(
      defaultModulePath('proj/notebooks/Churn.ipynb', project, DEFAULT_SETTINGS)
    ).toBe('src/proj/churn.py');
  });

  it('prefers nbcraft.json to pyproject.toml in one folder, and uses the defaults without either', async () => {
    const both = await findProjectConfig(
      'a/x.ipynb',
      reader({
        'a/nbcraft.json': '{"promote": {"moduleDir": "from_json"}}',
        'a/pyproject.toml': '[tool.nbcraft.promote]\nmoduleDir = "from_toml"\n'
      })
    );
    expect(both.promote.moduleDir).toBe('from_json');
    expect(await findProjectConfig('a/x.ipynb', reader({}))).toEqual({
      root: '',
      promote: {}
    });
  });

  it('reports a broken pyproject.toml with its file and line and keeps the defaults', async () => {
    const project = await findProjectConfig(
      'proj/x.ipynb',
      reader({ 'proj/pyproject.toml': '[tool.nbcraft]\nextends = \n' })
    );
    expect(project.root).toBe('proj');
    expect(project.promote).toEqual({});
    expect(project.problem?.(english)).toMatch(/^proj\/pyproject\.toml:2/);
  });
});

describe('defaultModulePath', () => {
  it('uses promote.moduleDir of nbcraft.json when there is one', () => {
    const project = parseProjectConfig(
      'proj/nbcraft.json',
      '{"promote": {"moduleDir": "src/mypkg", "testsDir": "tests/unit"}}'
    );
    expect(project.root).toBe('proj');
    expect(
      defaultModulePath(
        'proj/notebooks/Churn Model.ipynb',
        project,
        DEFAULT_SETTINGS
      )
    ).toBe('src/mypkg/churn_model.py');
    expect(defaultTestsDir(project, DEFAULT_SETTINGS)).toBe('tests/unit');
  });
  it('else fills the settings template, with the project folder as package', () => {
    const project = { root: 'my-project', promote: {} };
    expect(
      defaultModulePath('my-project/eda.ipynb', project, DEFAULT_SETTINGS)
    ).toBe('src/my_project/eda.py');
    expect(
      defaultModulePath(
        'eda.ipynb',
        { root: '', promote: {} },
        { ...DEFAULT_SETTINGS, packageName: 'team' }
      )
    ).toBe('src/team/eda.py');
    expect(
      defaultTestsDir(
        { root: '', promote: {} },
        { ...DEFAULT_SETTINGS, testsDir: 'checks' }
      )
    ).toBe('checks');
  });
});

describe('parseProjectConfig', () => {
  it('reports invalid JSON with the file and keeps the defaults', () => {
    const project = parseProjectConfig('nbcraft.json', '{"promote": ');
    expect(project.promote).toEqual({});
    expect(project.problem?.(english)).toMatch(
      /^nbcraft\.json:1:\d+: invalid JSON/
    );
  });
  it('reads the file as nbcraft lint and promote do: a BOM is fine, a key written twice is not', () => {
    const bom = parseProjectConfig(
      'nbcraft.json',
      '\ufeff{"promote": {"moduleDir": "src/pkg"}}'
    );
    expect(bom.problem?.(english)).toBeUndefined();
    expect(bom.promote.moduleDir).toBe('src/pkg');
    const twice = parseProjectConfig(
      'nbcraft.json',
      '{"promote": {"moduleDir": "src/a", "moduleDir": "src/b"}}'
    );
    expect(twice.promote).toEqual({});
    expect(twice.problem?.(english)).toMatch(
      /^nbcraft\.json:1:\d+: promote\.moduleDir: this key appears twice/
    );
  });
  it('names the bad key and refuses folders outside the project', () => {
    const project = parseProjectConfig(
      'nbcraft.json',
      '{"promote": {"moduleDir": "../elsewhere", "testsDir": 3}}'
    );
    expect(project.promote).toEqual({});
    expect(project.problem?.(english)).toContain('promote.moduleDir');
    expect(project.problem?.(english)).toContain('promote.testsDir');
  });
});

describe('a control character in the project config', () => {
  it('is refused and shown escaped, C1 controls and U+2028 included', () => {
    const project = parseProjectConfig(
      'nbcraft.json',
      '{"promote": {"moduleDir": "src/\\u0085pkg", "testsDir": "te\\u2028sts"}}'
    );
    expect(project.promote).toEqual({});
    expect(project.problem?.(english)).toBe(
      'nbcraft.json: promote.moduleDir: `src/\\u0085pkg` is a path with a control character; ' +
        'remove the invisible character (a pasted tab or line break), shown escaped in the path; ' +
        'nbcraft.json: promote.testsDir: `te\\u2028sts` is a path with a control character; ' +
        'remove the invisible character (a pasted tab or line break), shown escaped in the path'
    );
  });
});

describe('an invisible or direction-changing character in the project config', () => {
  it('is refused with a true reason, shown escaped', () => {
    const project = parseProjectConfig(
      'nbcraft.json',
      '{"promote": {"testsDir": "te\\u200bsts"}}'
    );
    expect(project.promote).toEqual({});
    expect(project.problem?.(english)).toBe(
      'nbcraft.json: promote.testsDir: `te\\u200bsts` is a path with an invisible or direction-changing character; ' +
        'remove the character shown escaped in the path (a zero-width space, a soft hyphen or a direction mark pasted with it)'
    );
  });
});

describe('a config folder with a name ending in a dot or a space', () => {
  it('is refused with the true reason and what to do, translated, as the CLI and the preview say it', () => {
    const project = parseProjectConfig(
      'p/nbcraft.json',
      '{"promote": {"moduleDir": "src/pkg.", "testsDir": "tests "}}'
    );
    expect(project.promote).toEqual({});
    // the library's templates (lint-rules/src/promote/texts.ts) through the lab's translator
    const reason = (path: string) =>
      `«\`${path}\` has a name ending in a dot or a space»[]|` +
      '«remove the dot or space: Windows drops it, so another file would be written»[]';
    expect(project.problem?.(marked)).toBe(
      `«%1: promote.%2: %3; %4»[p/nbcraft.json|moduleDir|${reason('src/pkg.')}]; ` +
        `«%1: promote.%2: %3; %4»[p/nbcraft.json|testsDir|${reason('tests ')}]`
    );
    expect(project.problem?.(english)).toBe(
      'p/nbcraft.json: promote.moduleDir: `src/pkg.` has a name ending in a dot or a space; ' +
        'remove the dot or space: Windows drops it, so another file would be written; ' +
        'p/nbcraft.json: promote.testsDir: `tests ` has a name ending in a dot or a space; ' +
        'remove the dot or space: Windows drops it, so another file would be written'
    );
  });
});

describe('the shared table of hidden characters', () => {
  // the table the CLI and the server are tested against too (nbcraft/relative_path.py)
  const table = JSON.parse(
    readFileSync(
      join(__dirname, '../../lint-rules/test/fixtures/hidden-characters.json'),
      'utf8'
    )
  ) as Record<'control' | 'invisible' | 'allowed', string[]>;
  it.each(
    (['control', 'invisible', 'allowed'] as const).flatMap(kind =>
      table[kind].map(hex => [kind, hex] as const)
    )
  )('%s: U+%s', (kind, hex) => {
    const path = `src/te${String.fromCodePoint(parseInt(hex, 16))}sts/m.py`;
    expect(isSafeRelativePath(path)).toBe(kind === 'allowed');
  });
});

describe('a config problem', () => {
  it('is said in the lab’s language, with the file and key left as they are', () => {
    const bad = parseProjectConfig(
      'p/nbcraft.json',
      '{"promote": {"moduleDir": "../x", "testsDir": 3}}'
    );
    expect(bad.problem?.(marked)).toBe(
      '«%1: promote.%2: expected a relative folder inside the project»[p/nbcraft.json|moduleDir]; ' +
        '«%1: promote.%2: expected a relative folder inside the project»[p/nbcraft.json|testsDir]'
    );
    expect(
      parseProjectConfig('nbcraft.json', '{"promote": ').problem?.(marked)
    ).toMatch(/^«%1; using the default module path»\[nbcraft\.json:1:/);
  });
});

describe('isSafeRelativePath', () => {
  it('accepts project-relative paths only', () => {
    expect(isSafeRelativePath('src/pkg/m.py')).toBe(true);
    expect(isSafeRelativePath('/etc/passwd')).toBe(false);
    expect(isSafeRelativePath('a/../../b.py')).toBe(false);
    expect(isSafeRelativePath('C:/x.py')).toBe(false);
  });
  it('refuses control characters, as the server does', () => {
    expect(isSafeRelativePath('src/a\tb.py')).toBe(false);
    expect(isSafeRelativePath('src/a\u0000b.py')).toBe(false);
    expect(isSafeRelativePath('src/m.py\n')).toBe(false);
    // C1 controls (NEL shows as nothing) and the line and paragraph separators
    expect(isSafeRelativePath('te\u0085sts')).toBe(false);
    expect(isSafeRelativePath('tests/\u009f')).toBe(false);
    expect(isSafeRelativePath('a\u2028b')).toBe(false);
    expect(isSafeRelativePath('a\u2029b')).toBe(false);
    expect(isSafeRelativePath('caf\u00e9/\u00a0x')).toBe(true);
    expect(isSafeRelativePath('src/a\u007fb.py')).toBe(false);
  });
  it('refuses names Windows would write without their trailing dot or space', () => {
    expect(isSafeRelativePath('src/pkg./m.py')).toBe(false);
    expect(isSafeRelativePath('src/pkg /m.py')).toBe(false);
    expect(isSafeRelativePath('src/m.py ')).toBe(false);
    expect(isSafeRelativePath('./src/m.py')).toBe(true);
  });
});

describe('findProjectPackage', () => {
  /** A project `repo-main` whose pyproject.toml names the project `forecasting`. */
  function project(extra: Record<string, string> = {}) {
    const memory = new MemoryContents();
    memory.folders.add('repo-main');
    memory.files.set('repo-main/nb.ipynb', '{}');
    memory.files.set(
      'repo-main/pyproject.toml',
      '[project]\nname = "forecasting"\n'
    );
    for (const [path, text] of Object.entries(extra)) {
      for (const folder of parentFolders(path)) {
        memory.folders.add(folder);
      }
      memory.files.set(path, text);
    }
    const reader = new FolderReader(memory.access, {
      existingPath: 'repo-main/nb.ipynb'
    });
    return {
      memory,
      find: () =>
        findProjectPackage(
          { root: 'repo-main', promote: {} },
          'root',
          path => reader.readText(path),
          path => reader.kind(path).then(kind => kind === 'file')
        )
    };
  }

  it("names the package after pyproject.toml's [project] name, not the folder", async () => {
    const { find, memory } = project();
    await expect(find()).resolves.toBe('forecasting');
    expect(
      defaultModulePath(
        'repo-main/nb.ipynb',
        { root: 'repo-main', promote: {} },
        DEFAULT_SETTINGS,
        'root',
        await find()
      )
    ).toBe('src/forecasting/nb.py');
    // what is missing is read from the listings: no 404 in the console
    expect(memory.misses).toEqual([]);
  });

  it('prefers the existing package of the folder’s name when there is one', async () => {
    const { find } = project({ 'repo-main/repo_main/__init__.py': '' });
    await expect(find()).resolves.toBe('repo_main');
  });
});
