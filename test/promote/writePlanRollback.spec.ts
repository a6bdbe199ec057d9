/**
 * A refused promotion's roll-back (executeWrites): what it could not delete or put back is
 * named, and a folder it made is removed only when something can say it holds nothing.
 * (Split from writePlan.spec.ts.)
 */
import { ServerConnection } from '@jupyterlab/services';
import { emptyFolderRemover } from '../../src/promote/emptyFolder';
import type { RemoveEmptyFolder } from '../../src/promote/writePlan';
import { executeWrites, planWrites } from '../../src/promote/writePlan';
import { files, MemoryContents, temporaries } from './memoryContents';

/** The server's remover, its route answering each request with `answer()`. */
function removerAnswering(answer: () => Response) {
  return emptyFolderRemover({
    driveName: () => '',
    serverSettings: ServerConnection.makeSettings({
      baseUrl: 'http://127.0.0.1:9/',
      fetch: () => Promise.resolve(answer())
    })
  });
}

describe('executeWrites rolls back', () => {
  /** A project whose test file cannot be made (disk full), after the module was. */
  function diskFullAtTheTest(): MemoryContents {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    const save = memory.access.save;
    memory.access.save = (path, model) =>
      path.includes('test_feat.py')
        ? Promise.reject(new Error('disk full'))
        : save(path, model);
    return memory;
  }
  it('names the files and folders it created and could not delete on a roll-back', async () => {
    // deleting the module made before the refusal fails too: an in-memory server, as
    // these tests run as root and cannot be refused for real
    const memory = diskFullAtTheTest();
    const remove = memory.access.delete;
    memory.access.delete = path =>
      path === 'proj/src/pkg/feat.py'
        ? Promise.reject(new Error('Permission denied'))
        : remove(path);
    const refused = executeWrites(
      memory.access,
      planWrites(files),
      [],
      'proj/nb.ipynb',
      memory.removeEmptyFolder
    );
    await expect(refused).rejects.toThrow(
      /^disk full Promote had created proj\/src\/pkg\/feat\.py(, [^ ]+)* and could not delete it again \(Permission denied(; [^)]*)?\): remove it yourself\. /
    );
    // the module is still there, and so are the folders holding it, named as well
    expect(memory.files.get('proj/src/pkg/feat.py')).toBe(files.moduleText);
    await expect(refused).rejects.toThrow(
      /the folder proj\/src\/pkg, proj\/src and left it, as it holds what promote did not make or could not delete/
    );
  });
  it('leaves a folder it made that another process put a file in since, and names it', async () => {
    // the server deletes a folder with what it holds (send2trash, rmtree)
    const memory = new MemoryContents();
    memory.folders.add('proj');
    const save = memory.access.save;
    memory.access.save = (path, model) => {
      if (path.includes('test_feat.py')) {
        // meanwhile, a kernel writes its output into the new package folder
        memory.files.set('proj/src/pkg/result.csv', 'a,b\n');
        return Promise.reject(new Error('disk full'));
      }
      return save(path, model);
    };
    const refused = executeWrites(
      memory.access,
      planWrites(files),
      [],
      'proj/nb.ipynb',
      memory.removeEmptyFolder
    );
    await expect(refused).rejects.toThrow(
      /^disk full Promote had created the folder proj\/src\/pkg, proj\/src and left it, as it holds what promote did not make or could not delete: check it\.$/
    );
    expect(memory.files.get('proj/src/pkg/result.csv')).toBe('a,b\n');
    // what promote made was deleted: its module and its empty tests folder
    expect(memory.files.has('proj/src/pkg/feat.py')).toBe(false);
    expect(memory.folders.has('proj/tests')).toBe(false);
  });
  /** A roll-back after the disk filled at the test file, folders removed by `remover`. */
  function refusedWith(remover?: RemoveEmptyFolder) {
    const memory = diskFullAtTheTest();
    const refused = executeWrites(
      memory.access,
      planWrites(files),
      [],
      'proj/nb.ipynb',
      remover
    );
    return { memory, refused };
  }
  /** The server's remover, its route answering `status` with `body` each time. */
  function answering(status: number, statusText: string, body: string) {
    return removerAnswering(() => new Response(body, { status, statusText }));
  }
  const LEFT =
    'Promote had created the folder proj/tests, proj/src/pkg, proj/src and left it, as it could not tell whether it holds anything else';
  it('leaves a folder it made when nothing can say it is empty, and names it with why', async () => {
    // no remover: Contents' listing cannot show a hidden .gitkeep, so none is deleted
    const unasked = refusedWith();
    // not "holds what promote did not make": nothing looked
    await expect(unasked.refused).rejects.toThrow(
      `disk full ${LEFT} (nothing here can see the hidden names a folder holds`
    );
    expect(unasked.memory.folders.has('proj/src/pkg')).toBe(true);
    expect(unasked.memory.files.has('proj/src/pkg/feat.py')).toBe(false);
    // the server could not answer (no server extension: Jupyter's own 404 page)
    const unanswered = refusedWith(
      answering(404, 'Not Found', '<html>404: Not Found</html>')
    );
    await expect(unanswered.refused).rejects.toThrow(
      `${LEFT} (the server did not say the folder was empty (HTTP 404: Not Found)`
    );
    // a contents manager that keeps no files on disk (jupyter-fs): the route answers 501
    // with its reason (nbcraft/promote/handlers.py), which the lab shows as it is
    const reason =
      "this Jupyter server's contents manager keeps no folders on disk, so nothing can remove a folder only if it is empty; remove it yourself once it is";
    const notOnDisk = refusedWith(
      answering(501, 'Not Implemented', JSON.stringify({ message: reason }))
    );
    // every folder named, the reason said once, and what to do
    await expect(notOnDisk.refused).rejects.toThrow(
      new Error(`disk full ${LEFT} (${reason}): check it.`)
    );
    // the reason is the server's own (the lab writes none of its own)...
    const otherReason = refusedWith(
      answering(
        501,
        'Not Implemented',
        JSON.stringify({ message: 'folders live in a database' })
      )
    );
    await expect(otherReason.refused).rejects.toThrow(
      new Error(`disk full ${LEFT} (folders live in a database): check it.`)
    );
    // ...and a proxy's 501 page is no contents manager's word: told as any other answer
    const proxied = refusedWith(
      answering(501, 'Not Implemented', '<html>501 Not Implemented</html>')
    );
    await expect(proxied.refused).rejects.toThrow(
      `${LEFT} (the server did not say the folder was empty (HTTP 501: Not Implemented)`
    );
    for (const { memory } of [unanswered, notOnDisk, otherReason, proxied]) {
      expect(memory.folders.has('proj/src')).toBe(true);
    }
  });
  it('reads an existing file again right before saving over it, and then removes the files and folders it created', async () => {
    const memory = new MemoryContents();
    for (const folder of ['proj', 'proj/src', 'proj/src/pkg']) {
      memory.folders.add(folder);
    }
    memory.files.set('proj/src/pkg/feat.py', 'OLD = 1\n');
    memory.beforeSave = path => {
      if (path.includes('test_feat.py.nbcraft-')) {
        memory.files.set('proj/src/pkg/feat.py', 'EDITED IN A TAB\n');
      }
    };
    const plan = planWrites({
      ...files,
      existingModuleText: 'OLD = 1\n',
      moduleText: 'OLD = 1\n\ndef f():\n    return 1\n'
    });
    await expect(
      executeWrites(
        memory.access,
        plan,
        [],
        'proj/nb.ipynb',
        memory.removeEmptyFolder
      )
    ).rejects.toThrow(
      /proj\/src\/pkg\/feat\.py changed since the preview .*nothing was written/
    );
    expect(memory.files.get('proj/src/pkg/feat.py')).toBe('EDITED IN A TAB\n');
    expect(memory.files.has('proj/tests/test_feat.py')).toBe(false);
    expect(memory.folders.has('proj/tests')).toBe(false);
    expect(temporaries(memory)).toEqual([]);
  });
});
