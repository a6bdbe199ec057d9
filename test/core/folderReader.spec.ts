import { FolderReader } from '../../src/core/folderReader';
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
});
