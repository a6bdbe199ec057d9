/**
 * The default package promoted modules go into: the project's own name for it, not its
 * folder's (make lab's copy of the sample is in `diabetes-sample/`, but a checkout may be in
 * `repo-main/`): an existing package, then `[project] name`, then the folder.
 */
import {
  defaultModulePath,
  packageFoldersToCheck,
  projectPackageName
} from '../../src/promote';

const none = new Set<string>();

describe('projectPackageName', () => {
  it('takes the normalized [project] name over the folder name', () => {
    expect(
      projectPackageName(
        'repo-main',
        '[project]\nname = "Sales.Forecasting"\n',
        none
      )
    ).toBe('sales_forecasting');
  });

  it('prefers an existing package named after the project, src layout or flat', () => {
    const pyproject = '[project]\nname = "forecasting"\n';
    expect(packageFoldersToCheck('repo-main', pyproject)).toEqual([
      'src/forecasting',
      'forecasting',
      'src/repo_main',
      'repo_main'
    ]);
    expect(
      projectPackageName('repo-main', pyproject, new Set(['forecasting']))
    ).toBe('forecasting');
    // the folder's name only as an existing package: a leftover repo_main/ is one
    expect(
      projectPackageName('repo-main', pyproject, new Set(['src/repo_main']))
    ).toBe('repo_main');
  });

  it('takes the first package [tool.setuptools] lists', () => {
    expect(
      projectPackageName(
        'repo-main',
        '[project]\nname = "forecasting"\n[tool.setuptools]\npackages = ["fc_core.io", "fc_extra"]\n',
        none
      )
    ).toBe('fc_core');
  });

  it('looks where [tool.setuptools.packages.find] says, for its include names', () => {
    const pyproject =
      '[project]\nname = "forecasting"\n[tool.setuptools.packages.find]\nwhere = ["lib"]\ninclude = ["fc*"]\n';
    expect(packageFoldersToCheck('repo-main', pyproject)).toEqual([
      'lib/fc',
      'lib/forecasting',
      'lib/repo_main'
    ]);
    expect(
      projectPackageName('repo-main', pyproject, new Set(['lib/fc']))
    ).toBe('fc');
    expect(projectPackageName('repo-main', pyproject, none)).toBe(
      'forecasting'
    );
  });

  it('falls back to the folder without a usable pyproject.toml', () => {
    expect(projectPackageName('my-proj', null, none)).toBe('my_proj');
    expect(projectPackageName('my-proj', 'not [toml', none)).toBe('my_proj');
    expect(projectPackageName('my-proj', '[project]\nname = 3\n', none)).toBe(
      'my_proj'
    );
    expect(projectPackageName('', null, none)).toBe('notebooks');
  });

  it('keeps a declared or existing package name as written', () => {
    // the review's cases: each was lower-cased or rewritten to a package nobody declared
    for (const name of ['MyPkg', '_core', 'a__b', 'match']) {
      const pyproject = `[tool.setuptools]\npackages = ["${name}"]\n`;
      const chosen = projectPackageName('repo-main', pyproject, none);
      expect(chosen).toBe(name);
      expect(
        defaultModulePath({
          notebookPath: 'nb.ipynb',
          projectName: 'repo-main',
          projectPackage: chosen
        })
      ).toBe(`src/${name}/nb.py`);
    }
    // an existing src/MyPkg/ found through [project] name or find's include
    expect(
      projectPackageName(
        'repo',
        '[project]\nname = "MyPkg"\n',
        new Set(['src/MyPkg'])
      )
    ).toBe('MyPkg');
    expect(
      projectPackageName(
        'repo',
        '[tool.setuptools.packages.find]\nwhere = ["src"]\ninclude = ["MyPkg*"]\n',
        new Set(['src/MyPkg'])
      )
    ).toBe('MyPkg');
    // a project folder named like its package
    expect(packageFoldersToCheck('_core', null)).toEqual([
      'src/_core',
      '_core',
      'src/core',
      'core'
    ]);
    expect(projectPackageName('_core', null, new Set(['src/_core']))).toBe(
      '_core'
    );
    // a keyword is no package name: the next choice is taken
    expect(
      projectPackageName(
        'repo',
        '[tool.setuptools]\npackages = ["class"]\n',
        none
      )
    ).toBe('repo');
    // a new package is still named by the normalized [project] name
    expect(
      projectPackageName('repo', '[project]\nname = "MyPkg"\n', none)
    ).toBe('mypkg');
  });

  it('looks only inside the project for find.where, and ignores a huge [project] name', () => {
    expect(
      packageFoldersToCheck(
        'repo',
        '[project]\nname = "p"\n[tool.setuptools.packages.find]\nwhere = ["../../..", "/etc", ".git", "C:/x", "lib/../..", "src"]\n'
      )
    ).toEqual(['src/p', 'src/repo']);
    expect(
      projectPackageName(
        'repo',
        `[project]\nname = "${'b'.repeat(300)}"\n`,
        none
      )
    ).toBe('repo');
  });
});
