import { defaultConfig } from '@nbcraft/lint-rules';
import { deserialize, serialize } from 'v8';

import type { LocatedConfig } from '../../src/lint/configLocator';
import { LiveNotebookLinter } from '../../src/lint/liveLinter';
import {
  InlineLintRunner,
  RequestEncoder,
  RequestHandler
} from '../../src/lint/lintRunner';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lintSettings';
import { chainNotebook, editCell } from './helpers';

/** Node's structured clone (what postMessage does to a request); jsdom has no structuredClone. */
function structuredClone<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}

const noConfig: LocatedConfig = {
  file: null,
  baseDir: '',
  settings: {},
  text: null
};

describe('lint requests (what crosses to the worker)', () => {
  it('sends only the cells that changed since the last request', () => {
    const encoder = new RequestEncoder();
    const nb = chainNotebook(20);
    const first = encoder.encode(nb, 's', noConfig, DEFAULT_LINT_SETTINGS, 1);
    expect(first.cells.filter(c => 'unchanged' in c)).toHaveLength(0);
    const second = encoder.encode(
      editCell(nb, 7, 'v7 = 1'),
      's',
      noConfig,
      DEFAULT_LINT_SETTINGS,
      1
    );
    expect(
      second.cells.filter(c => !('unchanged' in c)).map(c => c.id)
    ).toEqual(['c7']);
    // a structured clone is what postMessage does: the request must survive it
    expect(structuredClone(second)).toEqual(second);
  });

  it('gives the worker side the same findings as linting directly', () => {
    const encoder = new RequestEncoder();
    const handler = new RequestHandler();
    const direct = new LiveNotebookLinter();
    let nb = chainNotebook(30);
    for (const edit of [undefined, 'w10 = 1', 'v10 = undefined_thing']) {
      if (edit) {
        nb = editCell(nb, 10, edit);
      }
      const response = handler.handle(
        structuredClone(
          encoder.encode(nb, 's', noConfig, DEFAULT_LINT_SETTINGS, 1)
        )
      );
      expect(response.findings).toEqual(
        direct.lint(nb, defaultConfig().rules).findings
      );
    }
  });

  it('answers a request that changes nothing without linting again', () => {
    const encoder = new RequestEncoder();
    const handler = new RequestHandler();
    const lint = jest.spyOn(LiveNotebookLinter.prototype, 'lint');
    try {
      const nb = editCell(chainNotebook(10), 4, 'v4 = undefined_thing');
      const send = (input: typeof nb, version = 1) =>
        handler.handle(
          structuredClone(
            encoder.encode(input, 's', noConfig, DEFAULT_LINT_SETTINGS, version)
          )
        );
      const first = send(nb);
      expect(first.findings.map(f => f.ruleId)).toContain('undefined-name');
      expect(send(nb)).toBe(first);
      expect(lint).toHaveBeenCalledTimes(1);
      // a config change, a reordering or an edit each lint again
      expect(send(nb, 2).findings).toEqual(first.findings);
      expect(lint).toHaveBeenCalledTimes(2);
      const reordered = { ...nb, cells: [...nb.cells].reverse() };
      send(reordered, 2);
      expect(lint).toHaveBeenCalledTimes(3);
      const fixed = send(editCell(reordered, 5, 'v4 = 4'), 2);
      expect(lint).toHaveBeenCalledTimes(4);
      expect(fixed.findings.map(f => f.ruleId)).not.toContain('undefined-name');
    } finally {
      lint.mockRestore();
    }
  });

  it('turns config changes and failures into reports, never exceptions', async () => {
    const runner = new InlineLintRunner();
    const nb = chainNotebook(3);
    const off = await runner.lint(
      nb,
      's',
      { ...noConfig, settings: { extends: 'none' } },
      DEFAULT_LINT_SETTINGS,
      2
    );
    expect(off.findings).toEqual([]);
    const handler = new RequestHandler();
    expect(() =>
      handler.handle({
        session: 'x',
        path: 'a.ipynb',
        metadata: {},
        cells: [{ id: 'nope', unchanged: true }],
        configVersion: 1,
        located: noConfig,
        settings: DEFAULT_LINT_SETTINGS
      })
    ).toThrow('unknown cell nope');
  });
});
