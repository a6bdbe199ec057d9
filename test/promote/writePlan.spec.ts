import { PathExt } from '@jupyterlab/coreutils';
import {
  executeWrites,
  packageFolders,
  parentFolders,
  planWrites,
  WriteRefusedError
} from '../../src/promote/writePlan';
import { files, MemoryContents, temporaries } from './memoryContents';

describe('planWrites', () => {
  it('writes module and test under the project root, parents first', () => {
    const plan = planWrites(files);
    expect(plan.folders).toEqual([
      'proj',
      'proj/src',
      'proj/src/pkg',
      'proj/tests'
    ]);
    expect(plan.files.map(f => [f.path, f.role])).toEqual([
      ['proj/src/pkg/feat.py', 'module'],
      ['proj/tests/test_feat.py', 'test']
    ]);
  });
  it('leaves files that already hold the planned text alone', () => {
    const plan = planWrites({ ...files, existingModuleText: files.moduleText });
    expect(plan.unchanged).toEqual(['proj/src/pkg/feat.py']);
    expect(plan.files.map(f => f.role)).toEqual(['test']);
  });
  it('refuses paths that leave the project', () => {
    expect(() => planWrites({ ...files, modulePath: '../x.py' })).toThrow(
      WriteRefusedError
    );
  });
});

describe('packageFolders', () => {
  it('are the folders of the dotted name, not the src/ folder', () => {
    expect(parentFolders('proj/src/pkg/sub/m.py')).toEqual([
      'proj',
      'proj/src',
      'proj/src/pkg',
      'proj/src/pkg/sub'
    ]);
    expect(packageFolders('proj/src/pkg/sub/m.py', 'pkg.sub.m')).toEqual([
      'proj/src/pkg',
      'proj/src/pkg/sub'
    ]);
    expect(packageFolders('m.py', 'm')).toEqual([]);
  });
});

describe('executeWrites', () => {
  it('creates missing folders, __init__.py in new packages only, then the files', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    const result = await executeWrites(memory.access, planWrites(files), [
      'proj/src/pkg'
    ]);
    expect(result.createdFolders).toEqual([
      'proj/src',
      'proj/src/pkg',
      'proj/tests'
    ]);
    expect(memory.files.get('proj/src/pkg/__init__.py')).toBe('');
    expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
    expect(memory.files.get('proj/tests/test_feat.py')).toBe(files.testText);
  });
  it('asks the server for no path that is not there (each was a 404 in the console)', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    await executeWrites(memory.access, planWrites(files), ['proj/src/pkg']);
    expect(memory.misses).toEqual([]);
    expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
  });
  it('writes nothing when a file changed since the preview', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    memory.folders.add('proj/tests');
    memory.files.set('proj/tests/test_feat.py', 'someone else wrote this\n');
    await expect(
      executeWrites(memory.access, planWrites(files))
    ).rejects.toThrow(/changed since the preview/);
    expect(memory.saves).toEqual([]);
  });
  it('updates an existing module when it still holds what was previewed', async () => {
    const memory = new MemoryContents();
    for (const folder of ['proj', 'proj/src', 'proj/src/pkg']) {
      memory.folders.add(folder);
    }
    memory.files.set('proj/src/pkg/feat.py', 'OLD = 1\n');
    const plan = planWrites({
      ...files,
      existingModuleText: 'OLD = 1\n',
      moduleText: 'OLD = 1\n\ndef f():\n    return 1\n'
    });
    const result = await executeWrites(memory.access, plan, ['proj/src/pkg']);
    expect(memory.files.get('proj/src/pkg/feat.py')).toContain(
      'OLD = 1\n\ndef f()'
    );
    // The package folder existed: no __init__.py is invented for it.
    expect(memory.files.has('proj/src/pkg/__init__.py')).toBe(false);
    expect(result.written).toEqual([
      'proj/src/pkg/feat.py',
      'proj/tests/test_feat.py'
    ]);
  });
  it('refuses to write feat.py over Feat.py on a case-insensitive file system', async () => {
    const memory = new MemoryContents(true);
    memory.folders.add('proj');
    memory.files.set('proj/Feat.py', 'def other():\n    pass\n');
    const plan = planWrites({
      ...files,
      modulePath: 'feat.py',
      moduleName: 'feat',
      testPath: 'test_feat.py'
    });
    await expect(executeWrites(memory.access, plan)).rejects.toThrow(
      /proj\/feat\.py changed since the preview/
    );
    expect(memory.files.get('proj/Feat.py')).toBe('def other():\n    pass\n');
    expect(memory.saves).toEqual([]);
  });
  it('keeps the __init__.py of a package folder named in another case', async () => {
    const memory = new MemoryContents(true);
    for (const folder of ['proj', 'proj/src', 'proj/src/pkg', 'proj/tests']) {
      memory.folders.add(folder);
    }
    memory.files.set('proj/src/pkg/__init__.py', 'VERSION = "1"\n');
    const plan = planWrites({ ...files, modulePath: 'Src/Pkg/feat.py' });
    const result = await executeWrites(memory.access, plan, ['proj/Src/Pkg']);
    expect(result.createdFolders).toEqual([]);
    expect(memory.files.get('proj/src/pkg/__init__.py')).toBe(
      'VERSION = "1"\n'
    );
    expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
    expect(result.written).toEqual([
      'proj/Src/Pkg/feat.py',
      'proj/tests/test_feat.py'
    ]);
  });
  it("lists only the folders it writes in, not the notebook's ancestors or the root", async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    memory.files.set('proj/nb.ipynb', '{}');
    await executeWrites(
      memory.access,
      planWrites(files),
      ['proj/src/pkg'],
      'proj/nb.ipynb'
    );
    expect(memory.gets).not.toContain('');
    expect(memory.gets.filter(path => path === 'proj')).toEqual(['proj']);
    expect(memory.misses).toEqual([]);
    expect(memory.files.get('proj/src/pkg/__init__.py')).toBe('');
  });

  describe('never overwrites what it did not preview', () => {
    /** proj with its src/pkg and tests folders, as a notebook in proj sees it */
    function project(memory = new MemoryContents()): MemoryContents {
      for (const folder of ['proj', 'proj/src', 'proj/src/pkg', 'proj/tests']) {
        memory.folders.add(folder);
      }
      return memory;
    }
    /** a project whose module and test file exist, and a plan updating both */
    function updatingBoth() {
      const memory = project();
      memory.files.set('proj/src/pkg/feat.py', 'OLD = 1\n');
      memory.files.set('proj/tests/test_feat.py', 'T = 1\n');
      const plan = planWrites({
        ...files,
        existingModuleText: 'OLD = 1\n',
        existingTestText: 'T = 1\n',
        testText: 'T = 2\n'
      });
      return { memory, plan };
    }
    /** the module and test file (no pytest config) written from a notebook in proj */
    const writeFromTheNotebook = (memory: MemoryContents) =>
      executeWrites(
        memory.access,
        planWrites({ ...files, pytestConfig: undefined }),
        [],
        'proj/nb.ipynb'
      );

    it('keeps a test file hide_globs leaves out of the listing (test_*), and removes what it wrote', async () => {
      const memory = project();
      memory.files.set('proj/tests/test_feat.py', 'MY TESTS\n');
      memory.hidden = name => name.startsWith('test_');
      await expect(
        executeWrites(
          memory.access,
          planWrites(files),
          ['proj/src/pkg'],
          'proj/nb.ipynb'
        )
      ).rejects.toThrow(
        /proj\/tests\/test_feat\.py already exists .*nothing was written/
      );
      expect(memory.files.get('proj/tests/test_feat.py')).toBe('MY TESTS\n');
      // the module written before the test was refused is removed again
      expect(memory.files.has('proj/src/pkg/feat.py')).toBe(false);
      expect(temporaries(memory)).toEqual([]);
    });
    it('keeps the __init__.py of a package folder hide_globs leaves out of the listing', async () => {
      const memory = project();
      memory.files.set('proj/src/pkg/__init__.py', 'VERSION = "1"\n');
      memory.hidden = name => name === 'pkg';
      const result = await executeWrites(
        memory.access,
        planWrites(files),
        ['proj/src/pkg'],
        'proj/nb.ipynb'
      );
      expect(memory.files.get('proj/src/pkg/__init__.py')).toBe(
        'VERSION = "1"\n'
      );
      expect(result.createdFolders).toEqual([]);
      expect(result.written).toEqual([
        'proj/src/pkg/feat.py',
        'proj/tests/test_feat.py'
      ]);
      expect(temporaries(memory)).toEqual([]);
    });
    it('keeps a file created between the check and the save (by the kernel, another tab)', async () => {
      const memory = project();
      memory.beforeSave = () => {
        if (!memory.files.has('proj/src/pkg/feat.py')) {
          memory.files.set('proj/src/pkg/feat.py', 'KERNEL WROTE\n');
        }
      };
      await expect(
        executeWrites(memory.access, planWrites(files), [], 'proj/nb.ipynb')
      ).rejects.toThrow(WriteRefusedError);
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe('KERNEL WROTE\n');
      expect(memory.files.has('proj/tests/test_feat.py')).toBe(false);
      expect(temporaries(memory)).toEqual([]);
    });
    it('keeps a case twin that appears after the listing (case-insensitive file system)', async () => {
      const memory = project(new MemoryContents(true));
      memory.beforeSave = () => {
        if (!memory.files.has('proj/src/pkg/Feat.py')) {
          memory.files.set('proj/src/pkg/Feat.py', 'TWIN\n');
        }
      };
      await expect(
        executeWrites(memory.access, planWrites(files), [], 'proj/nb.ipynb')
      ).rejects.toThrow(/proj\/src\/pkg\/feat\.py already exists/);
      expect(memory.files.get('proj/src/pkg/Feat.py')).toBe('TWIN\n');
      expect(temporaries(memory)).toEqual([]);
    });
    it('writes no __init__.py into a package folder created meanwhile', async () => {
      const memory = new MemoryContents();
      memory.folders.add('proj');
      memory.beforeSave = () => {
        if (!memory.folders.has('proj/src')) {
          memory.folders.add('proj/src');
          memory.folders.add('proj/src/pkg');
          memory.files.set('proj/src/pkg/__init__.py', 'THEIRS = 1\n');
        }
      };
      const result = await executeWrites(
        memory.access,
        planWrites(files),
        ['proj/src/pkg'],
        'proj/nb.ipynb'
      );
      expect(memory.files.get('proj/src/pkg/__init__.py')).toBe('THEIRS = 1\n');
      expect(result.createdFolders).toEqual(['proj/tests']);
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
      expect(temporaries(memory)).toEqual([]);
    });
    it('refuses to update a file deleted since the check, with the same message', async () => {
      const memory = project();
      memory.files.set('proj/src/pkg/feat.py', 'OLD = 1\n');
      memory.beforeSave = () => {
        memory.files.delete('proj/src/pkg/feat.py');
      };
      const plan = planWrites({
        ...files,
        existingModuleText: 'OLD = 1\n',
        moduleText: 'OLD = 1\n\ndef f():\n    return 1\n'
      });
      await expect(
        executeWrites(memory.access, plan, [], 'proj/nb.ipynb')
      ).rejects.toThrow(/proj\/src\/pkg\/feat\.py changed since the preview/);
      expect(memory.files.has('proj/src/pkg/feat.py')).toBe(false);
      expect(memory.files.has('proj/tests/test_feat.py')).toBe(false);
    });
    it('leaves an updated file that changed again before the roll-back, and names it', async () => {
      const { memory, plan } = updatingBoth();
      // once the module is saved, a tab saves it again and the test file changes
      const get = memory.access.get;
      memory.access.get = (asked, options) => {
        if (
          asked === 'proj/tests/test_feat.py' &&
          memory.saves.includes('proj/src/pkg/feat.py')
        ) {
          memory.files.set('proj/src/pkg/feat.py', 'TAB\n');
          memory.files.set('proj/tests/test_feat.py', 'THEIRS\n');
        }
        return get(asked, options);
      };
      await expect(
        executeWrites(memory.access, plan, [], 'proj/nb.ipynb')
      ).rejects.toThrow(
        /test_feat\.py changed since the preview .* Promote had already updated proj\/src\/pkg\/feat\.py, which changed again since, so it was not restored/
      );
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe('TAB\n');
      expect(memory.files.get('proj/tests/test_feat.py')).toBe('THEIRS\n');
    });
    it("makes its temporary items beside the targets when the notebook's folder is not writable", async () => {
      // the project's folders exist; the notebook's (proj) may not be written in
      const memory = project();
      // jupyter_server answers 403 for a folder it may not write in; these tests run as
      // root, which may write anywhere, so the in-memory server refuses instead
      const save = memory.access.save;
      const refusedIn: string[] = [];
      memory.access.save = (path, model) => {
        if (PathExt.dirname(path) === 'proj') {
          refusedIn.push(path);
          return Promise.reject(
            Object.assign(new Error('Permission denied: ' + path), {
              response: { status: 403 }
            })
          );
        }
        return save(path, model);
      };
      const result = await writeFromTheNotebook(memory);
      expect(refusedIn.length).toBeGreaterThan(0);
      expect(result.written).toEqual([
        'proj/src/pkg/feat.py',
        'proj/tests/test_feat.py'
      ]);
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
      expect(memory.files.get('proj/tests/test_feat.py')).toBe(files.testText);
      expect(temporaries(memory)).toEqual([]);
    });
    it('neither tries beside the target nor leaves its temporary item after a failure that is not a 403', async () => {
      const memory = project();
      // the server made the item in the notebook's folder, then failed (a 500): no
      // permission problem, so nothing is written beside the target instead
      const save = memory.access.save;
      const tried: string[] = [];
      memory.access.save = async (path, model) => {
        tried.push(path);
        if (PathExt.dirname(path) === 'proj') {
          await save(path, model);
          throw Object.assign(new Error('Internal Server Error'), {
            response: { status: 500 }
          });
        }
        return save(path, model);
      };
      await expect(writeFromTheNotebook(memory)).rejects.toThrow(
        /Internal Server Error/
      );
      expect(tried.every(path => PathExt.dirname(path) === 'proj')).toBe(true);
      expect(temporaries(memory)).toEqual([]);
      expect(memory.files.has('proj/src/pkg/feat.py')).toBe(false);
    });
    it('asks for no DELETE of a temporary item the server refused to make (a 4xx made nothing)', async () => {
      // a read-only notebook folder: each refused save used to be followed by a DELETE of a
      // name that is not there, a 404 in the console per item
      const memory = project();
      const save = memory.access.save;
      memory.access.save = (path, model) =>
        PathExt.dirname(path) === 'proj'
          ? Promise.reject(
              Object.assign(new Error('Permission denied: ' + path), {
                response: { status: 403 }
              })
            )
          : save(path, model);
      const remove = memory.access.delete;
      const deleted: string[] = [];
      memory.access.delete = path => {
        deleted.push(path);
        return remove(path);
      };
      const result = await writeFromTheNotebook(memory);
      expect(result.written).toEqual([
        'proj/src/pkg/feat.py',
        'proj/tests/test_feat.py'
      ]);
      expect(deleted).toEqual([]);
      expect(temporaries(memory)).toEqual([]);
    });
    it('takes a rename the server did but whose answer was lost (504) as done, and rolls it back like any file it made', async () => {
      // a proxy's gateway timeout after the server renamed the module into place: an
      // in-memory server, as a lost answer cannot be had from a real one on demand
      const memory = project();
      const rename = memory.access.rename;
      memory.access.rename = async (from, to) => {
        const done = await rename(from, to);
        if (to === 'proj/src/pkg/feat.py') {
          throw Object.assign(new Error('Gateway Timeout'), {
            response: { status: 504 }
          });
        }
        return done;
      };
      const result = await writeFromTheNotebook(memory);
      expect(result.written).toEqual([
        'proj/src/pkg/feat.py',
        'proj/tests/test_feat.py'
      ]);
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
      expect(temporaries(memory)).toEqual([]);

      // the same lost answer, then the test file fails: the module is deleted again
      const failing = project();
      const renameAgain = failing.access.rename;
      failing.access.rename = async (from, to) => {
        const done = await renameAgain(from, to);
        if (to === 'proj/src/pkg/feat.py') {
          throw new Error('connection reset'); // no answer at all
        }
        return done;
      };
      const save = failing.access.save;
      failing.access.save = (path, model) =>
        path.includes('test_feat.py')
          ? Promise.reject(new Error('disk full'))
          : save(path, model);
      await expect(writeFromTheNotebook(failing)).rejects.toThrow(
        /^disk full$/
      );
      expect(failing.files.has('proj/src/pkg/feat.py')).toBe(false);
      expect(temporaries(failing)).toEqual([]);
    });
    it('names the temporary item it could not delete in the error the user sees', async () => {
      // the server makes the item, then answers 500; its DELETE fails too
      const memory = project();
      const save = memory.access.save;
      const made: string[] = [];
      memory.access.save = async (path, model) => {
        await save(path, model);
        if (path.includes('.nbcraft-')) {
          made.push(path);
          throw Object.assign(new Error('Internal Server Error'), {
            response: { status: 500 }
          });
        }
        return { path } as never;
      };
      memory.access.delete = path =>
        Promise.reject(
          Object.assign(new Error(`Service Unavailable: ${path}`), {
            response: { status: 503 }
          })
        );
      const failure = await writeFromTheNotebook(memory).then(
        () => null,
        (error: unknown) => error as Error
      );
      expect(made).toHaveLength(1);
      expect(temporaries(memory)).toEqual(made);
      expect(failure?.message).toContain('Internal Server Error');
      expect(failure?.message).toContain(
        `the temporary item ${made[0]} could not be deleted`
      );
    });
    it('leaves no temporary item beside the target when the second attempt fails after the server made it', async () => {
      // the notebook's folder refuses (403); beside the target the server makes the item,
      // then fails (a 500): that half-made item is deleted as the first attempt's would be
      const memory = project();
      memory.files.set('proj/tests/test_other.py', 'MINE = 1\n');
      const save = memory.access.save;
      const besideTarget: string[] = [];
      memory.access.save = async (path, model) => {
        if (PathExt.dirname(path) === 'proj') {
          throw Object.assign(new Error('Permission denied: ' + path), {
            response: { status: 403 }
          });
        }
        besideTarget.push(path);
        await save(path, model);
        throw Object.assign(new Error('Internal Server Error'), {
          response: { status: 500 }
        });
      };
      await expect(writeFromTheNotebook(memory)).rejects.toThrow(
        /Internal Server Error/
      );
      expect(besideTarget).toEqual([
        expect.stringMatching(/^proj\/src\/pkg\/feat\.py\.nbcraft-\w+\.tmp$/)
      ]);
      expect(temporaries(memory)).toEqual([]);
      expect(memory.files.has('proj/src/pkg/feat.py')).toBe(false);
      // nothing of the user's went with it
      expect(memory.files.get('proj/tests/test_other.py')).toBe('MINE = 1\n');
      expect([...memory.folders].sort()).toEqual(
        ['', 'proj', 'proj/src', 'proj/src/pkg', 'proj/tests'].sort()
      );
    });
    it('says which updated file it could not put back, apart from those changed again', async () => {
      const { memory, plan } = updatingBoth();
      // the test file's save fails (disk full), then so does the module's restore: an
      // in-memory server, as these tests run as root and cannot be refused a save for real
      const save = memory.access.save;
      let moduleSaves = 0;
      memory.access.save = (path, model) => {
        if (path === 'proj/src/pkg/feat.py' && ++moduleSaves === 2) {
          return Promise.reject(new Error('Permission denied'));
        }
        if (path === 'proj/tests/test_feat.py') {
          return Promise.reject(new Error('disk full'));
        }
        return save(path, model);
      };
      const refused = executeWrites(memory.access, plan, [], 'proj/nb.ipynb');
      await expect(refused).rejects.toThrow(
        /^disk full Promote had already updated proj\/src\/pkg\/feat\.py and could not put back its previous text \(Permission denied\): it still holds what promote wrote\.$/
      );
      await expect(refused).rejects.not.toThrow(/changed again/);
      expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
    });
  });
});
