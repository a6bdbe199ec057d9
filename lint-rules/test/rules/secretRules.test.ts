/**
 * The secret rules share one test of all their needles per text (support/secrets.ts): a text is
 * scanned by a rule's own pattern only when it holds a needle of a rule enabled in that lint.
 * These cases run several secret rules in one lint, as the recommended config does.
 */
import { lintNotebook } from '../../src/engine/engine';
import { readNotebook } from '../../src/notebook/read';
import { findRule } from '../../src/rules';
import { notebookText } from './ruleTester';

const token = 'dapi' + '0123456789abcdef0123456789abcdef';
const pem = '-----BEGIN RSA ' + 'PRIVATE KEY-----';
const accountKey = 'AccountKey=' + 'A'.repeat(40) + 'b1'.repeat(23) + '==';

function lint(ids: string[], cells: Parameters<typeof notebookText>[0]) {
  const rules = ids.map(id => {
    const rule = findRule(id);
    if (!rule) {
      throw new Error(`no rule ${id}`);
    }
    return { rule, severity: rule.meta.defaultSeverity, options: {} };
  });
  return lintNotebook(
    readNotebook('case.ipynb', notebookText(cells)),
    rules
  ).map(
    f =>
      `${f.ruleId} cell ${(f.cell ?? -1) + 1}${f.output !== undefined ? ` output ${f.output + 1}` : ''}`
  );
}

const secretRules = [
  'databricks-token',
  'azure-storage-key',
  'private-key',
  'api-key'
];

const cells = [
  'x = 1',
  {
    code: `conn = "${accountKey}"`,
    count: 1,
    outputs: [
      { output_type: 'stream', name: 'stdout', text: ['nothing here\n'] },
      { output_type: 'stream', name: 'stdout', text: [`${pem}\n`] }
    ]
  },
  {
    code: `token = "${token}"`,
    count: 2,
    outputs: [{ output_type: 'stream', name: 'stdout', text: [`${token}\n`] }]
  }
];

describe('secret rules linted together', () => {
  it('each finds its own secret, in sources and outputs of the same cells', () => {
    // in file order: a cell's outputs come before its source in Jupyter's key order
    expect(lint(secretRules, cells)).toEqual([
      'private-key cell 2 output 2',
      'azure-storage-key cell 2',
      'databricks-token cell 3 output 1',
      'databricks-token cell 3'
    ]);
  });

  it('finds the same with each rule alone, and nothing with rules whose needles are absent', () => {
    expect(secretRules.flatMap(id => lint([id], cells)).sort()).toEqual(
      lint(secretRules, cells).sort()
    );
    expect(lint(['api-key', 'aws-access-key'], cells)).toEqual([]);
  });
});
