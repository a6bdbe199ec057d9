/**
 * The lab's side of `GET /nbcraft/promote/existing` when the answer is not the route's: a
 * server without nbcraft (404), a failing one (500), and a 200 whose body is not JSON (a
 * proxy's login page). A small real HTTP server on 127.0.0.1 stands in for each, answering
 * as told and counting what it was asked.
 */
import * as http from 'http';

import { ServerConnection } from '@jupyterlab/services';

import { FolderReader } from '../../src/core/folderReader';
import {
  existingPathAsker,
  plannedFileReader
} from '../../src/promote/plannedFiles';
import { MemoryContents } from './memoryContents';
import { freePort } from '../freePort';

let answer: { status: number; body: string } = { status: 200, body: '{}' };
const asked: string[][] = [];
const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/nbcraft/promote/existing') {
    asked.push(url.searchParams.getAll('path'));
  }
  response.writeHead(answer.status, { 'Content-Type': 'text/html' });
  response.end(answer.body);
});
let settings: ServerConnection.ISettings;

beforeAll(async () => {
  const port = await freePort();
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  settings = ServerConnection.makeSettings({
    baseUrl: `http://127.0.0.1:${port}/`
  });
});

afterAll(async () => {
  await new Promise(resolve => server.close(resolve));
});

beforeEach(() => {
  asked.length = 0;
});

function routeAnswer(paths: Record<string, unknown>) {
  return { status: 200, body: JSON.stringify({ paths }) };
}

describe('existingPathAsker', () => {
  it('asks for all the paths of one call in one request', async () => {
    answer = routeAnswer({ 'a.py': 'file', 'b.py': null, 'c.py': 'hidden' });
    const ask = existingPathAsker(settings);
    const kinds = await ask(['a.py', 'b.py', 'c.py']);
    expect([...kinds]).toEqual([
      ['a.py', 'file'],
      ['b.py', null],
      ['c.py', 'hidden']
    ]);
    expect(asked).toEqual([['a.py', 'b.py', 'c.py']]);
    // answered once: not asked again
    expect((await ask(['b.py'])).get('b.py')).toBeNull();
    expect(asked).toHaveLength(1);
  });
  it('keeps the answers for the others when the server refuses one path', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        paths: { 'tests/test_feat.py': 'file', 'src/a\tb.py': 'refused' },
        refused: { 'src/a\tb.py': 'a path with a control character' }
      })
    };
    const kinds = await existingPathAsker(settings)([
      'tests/test_feat.py',
      'src/a\tb.py'
    ]);
    expect([...kinds]).toEqual([
      ['tests/test_feat.py', 'file'],
      ['src/a\tb.py', { refused: 'a path with a control character' }]
    ]);
  });
  it('asks at most 20 paths a request (the route refuses more)', async () => {
    const paths = Array.from({ length: 45 }, (_, index) => `f${index}.py`);
    answer = routeAnswer(Object.fromEntries(paths.map(path => [path, null])));
    const kinds = await existingPathAsker(settings)(paths);
    expect(asked.map(batch => batch.length)).toEqual([20, 20, 5]);
    expect([...kinds.values()].every(kind => kind === null)).toBe(true);
  });
  it('without the server extension (404) answers unchecked, saying so, and asks no more', async () => {
    answer = { status: 404, body: 'Not Found' };
    const ask = existingPathAsker(settings);
    const unchecked = {
      unchecked:
        "the server has no /nbcraft/promote/existing (404: nbcraft's server extension is not enabled)"
    };
    expect((await ask(['a.py'])).get('a.py')).toEqual(unchecked);
    answer = routeAnswer({ 'b.py': 'file' });
    expect((await ask(['b.py'])).get('b.py')).toEqual(unchecked);
    expect(asked).toEqual([['a.py']]);
  });
  it('a 500 answers unchecked and is asked again next time', async () => {
    answer = { status: 500, body: 'boom' };
    const ask = existingPathAsker(settings);
    expect((await ask(['a.py'])).get('a.py')).toEqual({
      unchecked: 'the server answered 500'
    });
    answer = routeAnswer({ 'a.py': 'file' });
    expect((await ask(['a.py'])).get('a.py')).toBe('file');
    expect(asked).toEqual([['a.py'], ['a.py']]);
  });
  it('a 200 that is not JSON (a login page) answers unchecked, and the next ask works', async () => {
    answer = { status: 200, body: '<html>sign in</html>' };
    const ask = existingPathAsker(settings);
    expect((await ask(['a.py'])).get('a.py')).toEqual({
      unchecked: expect.stringMatching(
        /^the server's answer could not be read \(/
      )
    });
    answer = routeAnswer({ 'a.py': 'directory' });
    expect((await ask(['a.py'])).get('a.py')).toBe('directory');
  });
  it('a kind it does not know is unchecked, not taken as an answer', async () => {
    answer = routeAnswer({ 'a.py': 'symlink' });
    const ask = existingPathAsker(settings);
    const unchecked = { unchecked: 'the server gave no answer for it' };
    expect((await ask(['a.py'])).get('a.py')).toEqual(unchecked);
    expect((await ask(['a.py'])).get('a.py')).toEqual(unchecked);
    expect(asked).toHaveLength(2);
  });
  it('remembering nothing (the accept), asks again each time', async () => {
    answer = routeAnswer({ 'a.py': 'file' });
    const ask = existingPathAsker(settings, { remember: false });
    expect((await ask(['a.py'])).get('a.py')).toBe('file');
    answer = {
      status: 200,
      body: JSON.stringify({
        paths: { 'a.py': 'refused' },
        refused: { 'a.py': 'a.py is a symbolic link' }
      })
    };
    expect((await ask(['a.py'])).get('a.py')).toEqual({
      refused: 'a.py is a symbolic link'
    });
    expect(asked).toEqual([['a.py'], ['a.py']]);
  });
});

describe('the preview shows a refusal', () => {
  it("with the hidden characters of a server's reason escaped", async () => {
    // a reason naming a file called `a<LF>b` or with a direction mark: shown as it was, the
    // message read other than it is
    answer = {
      status: 200,
      body: JSON.stringify({
        paths: { 'src/feat.py': 'refused' },
        refused: { 'src/feat.py': 'a link to x\ny\u202egpj.py' }
      })
    };
    const memory = new MemoryContents();
    const read = plannedFileReader(
      new FolderReader(memory.access),
      memory.access,
      existingPathAsker(settings)
    );
    await expect(read('src/feat.py')).rejects.toThrow(
      'Promote will not write src/feat.py (a link to x\\u000ay\\u202egpj.py)'
    );
  });
});
