import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

import type { LocatedConfig } from '../../src/lint/configLocator';
import {
  parseVersionsReply,
  unpinnedPackages,
  versionsExpression
} from '../../src/lint/kernelVersions';
import { RequestEncoder, RequestHandler } from '../../src/lint/lintRunner';
import { DEFAULT_LINT_SETTINGS } from '../../src/lint/lintSettings';
import type { NotebookInput } from '../../src/lint/notebookSnapshot';
import { REPO } from './helpers';

const noConfig: LocatedConfig = {
  file: null,
  baseDir: '',
  settings: {},
  text: null
};

function notebook(source: string): NotebookInput {
  return {
    path: 'pin.ipynb',
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'P' }
    },
    cells: [
      {
        id: 'a',
        cellType: 'code',
        source,
        executionCount: null,
        outputs: [],
        metadata: {}
      }
    ]
  };
}

function lint(input: NotebookInput) {
  const handler = new RequestHandler();
  const request = new RequestEncoder().encode(
    input,
    's',
    noConfig,
    DEFAULT_LINT_SETTINGS,
    1
  );
  return handler.handle(request).findings.filter(f => f.ruleCode === 'NB105');
}

describe('pin from the kernel', () => {
  it('asks only for bare names of unpinned findings without a fix', () => {
    const input = notebook(
      '%pip install Scikit_Learn ray[tune] numpy==1.26.4 "pandas>=2" ./local.whl'
    );
    const findings = lint(input);
    expect(findings.length).toBeGreaterThanOrEqual(3);
    expect(unpinnedPackages(findings, input.cells)).toEqual([
      'ray',
      'scikit-learn'
    ]);
  });

  it('builds an expression with checked names only', () => {
    const expr = versionsExpression(['pandas', 'x"); import os; ("', 'ray']);
    expect(expr).toContain('{"pandas", "ray"}');
    expect(expr).not.toContain('import os');
    expect(versionsExpression(['one'])).toContain('{"one",}');
  });

  it('reads the repr of the JSON string and drops what is not a version', () => {
    expect(
      parseVersionsReply({
        status: 'ok',
        data: {
          'text/plain': `'{"scikit-learn": "1.5.2", "Ray": "2.9.0", "evil": "1; rm -rf /"}'`
        }
      })
    ).toEqual({ 'scikit-learn': '1.5.2', ray: '2.9.0' });
    expect(parseVersionsReply({ status: 'error', ename: 'X' })).toBeNull();
    expect(
      parseVersionsReply({ status: 'ok', data: { 'text/plain': '42' } })
    ).toBeNull();
  });

  const python = path.join(REPO, '.venv', 'bin', 'python');
  (existsSync(python) ? it : it.skip)(
    "a real Python evaluates the expression to the installed versions (the kernel's user_expressions)",
    () => {
      const expr = versionsExpression(['pytest', 'no-such-package-nbcraft']);
      const repr = execFileSync(python, ['-c', `print(repr(${expr}))`], {
        encoding: 'utf8'
      }).trim();
      const installed = execFileSync(
        python,
        ['-c', 'import importlib.metadata as m; print(m.version("pytest"))'],
        { encoding: 'utf8' }
      ).trim();
      expect(
        parseVersionsReply({ status: 'ok', data: { 'text/plain': repr } })
      ).toEqual({ pytest: installed });
    }
  );

  it('the next lint offers the pinned line once the versions are known', () => {
    const input = notebook('%pip install scikit-learn');
    expect(lint(input)[0].fix).toBeUndefined();
    const pinned = lint({
      ...input,
      pinVersions: { 'scikit-learn': '1.5.2' }
    });
    expect(pinned).toHaveLength(1);
    expect(pinned[0].fix?.edits).toEqual([
      { cell: 0, from: 25, to: 25, text: '==1.5.2' }
    ]);
  });
});
