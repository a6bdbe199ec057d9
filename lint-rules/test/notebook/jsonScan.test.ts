/**
 * scanNotebookJson on text JSON.parse accepted (`validated`) skips the values nobody locates
 * (metadata, outputs) by counting brackets and jumping over strings; it must find exactly what
 * the validating scan finds, character by character.
 */
import * as fs from 'fs';
import { scanNotebookJson } from '../../src/notebook/jsonScan';
import { corpusDirs, notebookFiles } from '../corpusDirs';

const tricky = JSON.stringify(
  {
    metadata: {
      note: 'brackets in strings ] } [ { and quotes " \\" \\\\',
      nested: [[], {}, [{ a: [1, -2.5e3, true, false, null] }], '\\\\"']
    },
    cells: [
      {
        cell_type: 'code',
        execution_count: 1,
        id: 'a"b',
        metadata: { tags: ['x]'], '}': '{' },
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['"]}\\\n', '\\'] },
          { output_type: 'execute_result', data: { 'text/plain': ['[1]'] } }
        ],
        source: ['print("]}")\n', "x = '\\\\'"]
      },
      { cell_type: 'markdown', metadata: {}, source: 'one "string" ]' },
      7,
      { cell_type: 'raw', source: [], metadata: [{}, []] }
    ],
    nbformat: 4,
    nbformat_minor: 5
  },
  null,
  1
);

describe('scanNotebookJson on validated text', () => {
  it('locates what the validating scan locates, with brackets and quotes inside strings', () => {
    for (const text of [
      tricky,
      tricky.replace(/\n */g, ''),
      `\ufeff${tricky}\n`
    ]) {
      expect(scanNotebookJson(text, true)).toEqual(
        scanNotebookJson(text, false)
      );
    }
  });

  it('locates the same in every corpus notebook', () => {
    let read = 0;
    for (const dir of corpusDirs()) {
      for (const file of notebookFiles(dir).filter(f => f.endsWith('.ipynb'))) {
        const text = fs.readFileSync(file, 'utf8');
        try {
          JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        } catch {
          continue; // not valid JSON: only the validating scan reads it
        }
        expect({ file, at: scanNotebookJson(text, true) }).toEqual({
          file,
          at: scanNotebookJson(text, false)
        });
        read++;
      }
    }
    expect(read).toBeGreaterThan(20);
  });
});
