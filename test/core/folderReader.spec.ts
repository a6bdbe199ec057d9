import { FolderReader, LARGE_LISTING } from '../../src/core/folderReader';
import { MemoryContents } from '../promote/memoryContents';

describe('FolderReader', () => {
  it('answers missing files from one listing per folder, and reads the rest', async () => {
    const memory = new MemoryContents();
    for (const folder of ['proj', 'proj/src']) {
      memory.folders.add(folder);
    }
    memory.files.set('proj/pyproject.toml', '[project]\n');
    const reader = new FolderReader(memory.access);
    const asked = [
      'proj/nbcraft.json',
      'proj/pyproject.toml',
      'proj/src/pkg/feat.py',
      'proj/tests/test_feat.py',
      'nbcraft.json',
      'proj/src'
    ];
    const texts = await Promise.all(asked.map(path => reader.readText(path)));
    expect(texts).toEqual([null, '[project]\n', null, null, null, null]);
    expect(memory.misses).toEqual([]);
    // the root and proj listed once each (src too: the module's folder), one file read
    expect(memory.gets.sort()).toEqual([
      '',
      'proj',
      'proj/pyproject.toml',
      'proj/src'
    ]);
    expect(await reader.kind('proj/src')).toBe('directory');
    expect(await reader.kind('proj/src/pkg')).toBeNull();
  });

  it('finds a name that differs only in case or Unicode normalization, on a case-insensitive file system', async () => {
    const memory = new MemoryContents(true);
    for (const folder of ['proj', 'proj/src', 'proj/src/pkg']) {
      memory.folders.add(folder);
    }
    memory.files.set('proj/Feat.py', 'def other():\n    pass\n');
    // as macOS lists it: decomposed (e + combining acute)
    memory.files.set('proj/cafe\u0301.py', 'CAFE = 1\n');
    const reader = new FolderReader(memory.access);
    expect(await reader.readText('proj/feat.py')).toBe(
      'def other():\n    pass\n'
    );
    expect(await reader.readText('proj/caf\u00e9.py')).toBe('CAFE = 1\n');
    expect(await reader.kind('proj/Src/Pkg')).toBe('directory');
    expect(await reader.kind('proj/Src/Pkg/feat.py')).toBeNull();
    expect(memory.misses).toEqual([]);
  });
  it('asks the server about a case clash on a case-sensitive file system, once, and finds it free', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    memory.files.set('proj/Feat.py', 'def other():\n    pass\n');
    const reader = new FolderReader(memory.access);
    expect(await reader.readText('proj/feat.py')).toBeNull();
    expect(await reader.kind('proj/feat.py')).toBeNull();
    expect(await reader.readText('proj/Feat.py')).toBe(
      'def other():\n    pass\n'
    );
    // the one 404 accepted: only the server knows whether its file system folds case
    expect(memory.misses).toEqual(['proj/feat.py']);
  });
  it('keeps no failed listing: a 403 is thrown, and the next read lists again', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    memory.files.set('proj/pyproject.toml', '[project]\n');
    memory.failures.set('proj', 403);
    const reader = new FolderReader(memory.access);
    await expect(reader.readText('proj/pyproject.toml')).rejects.toMatchObject({
      response: { status: 403 }
    });
    expect(await reader.readText('proj/pyproject.toml')).toBe('[project]\n');
    expect(memory.gets.filter(path => path === 'proj')).toHaveLength(2);
  });
  it('answers nothing under a folder that is a file, without asking for it', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    memory.files.set('proj/src', 'not a folder\n');
    const reader = new FolderReader(memory.access);
    expect(await reader.kind('proj/src')).toBe('file');
    expect(await reader.kind('proj/src/pkg')).toBeNull();
    expect(await reader.readText('proj/src/pkg/feat.py')).toBeNull();
    expect(await reader.readText('proj/src')).toBe('not a folder\n');
    expect(memory.misses).toEqual([]);
  });
  it('keeps its listings: a file added later is seen by a new reader only', async () => {
    const memory = new MemoryContents();
    memory.folders.add('proj');
    const reader = new FolderReader(memory.access);
    expect(await reader.readText('proj/nbcraft.json')).toBeNull();
    memory.files.set('proj/nbcraft.json', '{}\n');
    expect(await reader.readText('proj/nbcraft.json')).toBeNull();
    expect(
      await new FolderReader(memory.access).readText('proj/nbcraft.json')
    ).toBe('{}\n');
  });
  it("lists the notebook's folders directly, not the Jupyter root above them", async () => {
    const memory = new MemoryContents();
    for (const folder of ['home', 'home/proj', 'home/proj/src']) {
      memory.folders.add(folder);
    }
    memory.files.set('home/proj/nb.ipynb', '{}');
    memory.files.set('home/proj/pyproject.toml', '[project]\n');
    const reader = new FolderReader(memory.access, {
      existingPath: 'home/proj/nb.ipynb'
    });
    expect(await reader.readText('home/proj/pyproject.toml')).toBe(
      '[project]\n'
    );
    expect(await reader.readText('home/proj/src/pkg/feat.py')).toBeNull();
    expect(await reader.kind('home/proj')).toBe('directory');
    expect(memory.gets.sort()).toEqual([
      'home/proj',
      'home/proj/pyproject.toml',
      'home/proj/src'
    ]);
    expect(memory.misses).toEqual([]);
  });
  it('lists a folder of more than LARGE_LISTING entries once; later readers ask for each path', async () => {
    const memory = new MemoryContents();
    memory.folders.add('big');
    for (let i = 0; i <= LARGE_LISTING; i++) {
      memory.files.set(`big/f${i}.csv`, '');
    }
    memory.files.set('big/setup.cfg', '[tool:pytest]\n');
    expect(await new FolderReader(memory.access).readText('big/x.py')).toBe(
      null
    );
    memory.gets = [];
    memory.misses = [];
    const later = new FolderReader(memory.access);
    expect(await later.readText('big/setup.cfg')).toBe('[tool:pytest]\n');
    expect(await later.readText('big/x.py')).toBe(null);
    expect(memory.gets).not.toContain('big');
    expect(memory.misses).toEqual(['big/x.py']);
  });
});
