/**
 * Where NB108's finding sits in the file: on the error output's "ename" member, however the
 * notebook was written. A notebook saved as one line has no space after the colons, and the
 * fixed needle `"ename": "..."` missed it (found with NB307's same miss in round 20).
 */
import { resolveConfig } from '../../src/config';
import { lintNotebook } from '../../src/engine';
import { readNotebook } from '../../src/notebook/read';

const notebook = {
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# Errors'] },
    {
      cell_type: 'code',
      execution_count: 1,
      metadata: {},
      source: ['x = 1 / 0'],
      outputs: [
        {
          output_type: 'error',
          ename: 'ZeroDivisionError',
          evalue: 'division by zero',
          traceback: []
        }
      ]
    }
  ],
  metadata: { kernelspec: { name: 'python3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5
};
const config = resolveConfig({
  extends: 'none',
  rules: { NB108: 'warn' }
}).rules;

function nb108(text: string) {
  const found = lintNotebook(readNotebook('err.ipynb', text), config).filter(
    f => f.ruleCode === 'NB108'
  );
  expect(found).toHaveLength(1);
  return found[0].file;
}

describe('NB108 file position', () => {
  it('is the "ename" member in a notebook saved as one line', () => {
    const text = JSON.stringify(notebook);
    const file = nb108(text);
    const member = '"ename":"ZeroDivisionError"';
    const at = text.indexOf(member);
    expect(file).toEqual({
      line: 1,
      column: at + 1,
      endLine: 1,
      endColumn: at + member.length + 1
    });
  });

  it('and in one written by nbformat (indented, a space after the colon)', () => {
    const text = JSON.stringify(notebook, null, 1);
    const file = nb108(text);
    const lines = text.split('\n');
    expect(file.endLine).toBe(file.line);
    expect(
      lines[file.line - 1].slice(file.column - 1, file.endColumn - 1)
    ).toBe('"ename": "ZeroDivisionError"');
  });
});
