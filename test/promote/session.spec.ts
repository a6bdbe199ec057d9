/**
 * The preview as the dialog builds it, with the real planner of @nbcraft/lint-rules:
 * existing files read, diffs computed, conflicts offered, refusals passed through.
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { planPromotion } from '@nbcraft/lint-rules';

import type { PlanFunction } from '../../src/promote/session';
import {
  buildPreview,
  expectedTestPath,
  notebookFromModel,
  writesFor,
  type PreviewInputs
} from '../../src/promote/session';
import { formatUnified } from '../../src/promote/diff';
import { describeHint, describeReason } from '../../src/promote/reasonText';

const plan: PlanFunction = planPromotion;

function code(id: string, source: string) {
  return {
    cell_type: 'code',
    id,
    metadata: {},
    execution_count: null,
    outputs: [],
    source
  };
}

const nbformat = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: {
      name: 'python3',
      language: 'python',
      display_name: 'Python 3'
    }
  },
  cells: [
    code('c0', 'import math\nxs = [1, 4, 9]\nk = 2'),
    {
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: '## Scale the values'
    },
    code(
      'c2',
      'scaled = [math.sqrt(x) * k for x in xs]\ntotal = sum(scaled)\ntotal'
    ),
    code('c3', 'print(round(total, 3))'),
    code('c4', 'from os import *\nz = getcwd()')
  ]
};

function inputs(overrides: Partial<PreviewInputs> = {}): PreviewInputs {
  return {
    notebook: notebookFromModel('work/demo.ipynb', nbformat),
    cells: [2],
    root: 'work',
    modulePath: 'nbpkg/demo.py',
    testsDir: 'tests',
    onConflict: 'fail',
    ...overrides
  };
}

/** A language pack's bundle, as the lab loads it: every template comes back translated. */
function frenchBundle(): TranslationBundle {
  const english = nullTranslator.load('nbcraft');
  return {
    ...english,
    __: (msgid: string, ...args: unknown[]) =>
      english.__(`FR[${msgid}]`, ...args)
  };
}

function reader(files: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    read: (path: string) => {
      asked.push(path);
      return Promise.resolve(path in files ? files[path] : null);
    }
  };
}

describe('buildPreview', () => {
  it('plans a new module and test, reading both paths under the project root first', async () => {
    const files = reader({});
    const state = await buildPreview(inputs(), plan, files.read);
    expect(files.asked).toEqual([
      'work/nbpkg/demo.py',
      'work/tests/test_demo.py',
      // the pytest config files pytest itself would read in the project folder
      'work/pytest.ini',
      'work/pyproject.toml',
      'work/tox.ini',
      'work/setup.cfg'
    ]);
    expect(state.canAccept).toBe(true);
    if (!state.result.ok) {
      throw new Error('expected a plan');
    }
    expect(state.result.params).toEqual(['k', 'xs']);
    expect(state.result.returns).toEqual(['total']);
    expect(state.moduleDiff?.isNewFile).toBe(true);
    expect(
      formatUnified(state.moduleDiff!, 'nbpkg/demo.py', 'nbpkg/demo.py')
    ).toContain('+def scale_the_values(k, xs):');
    const { plan: writes, initFolders } = writesFor(state);
    expect(writes.files.map(f => f.path)).toEqual([
      'work/nbpkg/demo.py',
      'work/tests/test_demo.py',
      'work/pyproject.toml'
    ]);
    // nbpkg.demo imports from the project folder itself: "." on pytest's pythonpath
    expect(writes.files[2].text).toBe(
      '[tool.pytest.ini_options]\npythonpath = ["."]\n'
    );
    expect(writes.files[2].expectedBefore).toBeNull();
    expect(initFolders).toEqual(['work/nbpkg']);
  });

  it('a src layout puts "src" on the pythonpath of the existing pyproject.toml, once', async () => {
    const pyproject = '[project]\nname = "work"\n';
    const state = await buildPreview(
      inputs({ modulePath: 'src/mypkg/demo.py' }),
      plan,
      reader({ 'work/pyproject.toml': pyproject }).read
    );
    expect(state.pythonpath).toMatchObject({
      ok: true,
      file: 'pyproject.toml',
      entry: 'src',
      changed: true
    });
    const { plan: writes } = writesFor(state);
    const config = writes.files.find(f => f.role === 'pytest-config');
    expect(config?.text).toBe(
      '[project]\nname = "work"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    );
    expect(config?.expectedBefore).toBe(pyproject);

    const again = await buildPreview(
      inputs({ modulePath: 'src/mypkg/demo.py' }),
      plan,
      reader({ 'work/pyproject.toml': config!.text }).read
    );
    expect(again.pythonpath).toMatchObject({ ok: true, changed: false });
    expect(
      writesFor(again).plan.files.some(f => f.role === 'pytest-config')
    ).toBe(false);
  });

  it('refuses, naming the file, when the pytest config cannot take the entry', async () => {
    const state = await buildPreview(
      inputs({ modulePath: 'src/mypkg/demo.py' }),
      plan,
      reader({
        'work/pytest.ini': '[pytest]\npythonpath =\n    lib\n    other\n'
      }).read
    );
    expect(state.canAccept).toBe(false);
    expect(!state.result.ok && state.result.reasons[0].message).toMatch(
      /^pytest\.ini:2: /
    );
  });

  it('re-plans with the function name the user typed', async () => {
    const state = await buildPreview(
      inputs({ functionName: ' scale ' }),
      plan,
      reader({}).read
    );
    expect(state.result.ok && state.result.functionName).toBe('scale');
    expect(
      state.result.ok && state.result.replacementCells[0].source
    ).toContain('scale(k, xs)');
  });

  it('diffs against an existing module and offers replace / rename on a same-name conflict', async () => {
    const first = await buildPreview(inputs(), plan, reader({}).read);
    if (!first.result.ok) {
      throw new Error('expected a plan');
    }
    const edited = first.result.moduleText.replace(
      'sum(scaled)',
      'sum(scaled) + 1'
    );
    const files = { 'work/nbpkg/demo.py': edited };
    const conflict = await buildPreview(inputs(), plan, reader(files).read);
    expect(conflict.conflict).toBe(true);
    expect(conflict.canAccept).toBe(false);

    const replaced = await buildPreview(
      inputs({ onConflict: 'replace' }),
      plan,
      reader(files).read
    );
    expect(replaced.canAccept).toBe(true);
    expect(replaced.moduleDiff?.isNewFile).toBe(false);
    expect(replaced.moduleDiff?.removed).toBeGreaterThan(0);

    const renamed = await buildPreview(
      inputs({ onConflict: 'rename' }),
      plan,
      reader(files).read
    );
    expect(renamed.result.ok && renamed.result.functionName).not.toBe(
      'scale_the_values'
    );
  });

  it('passes refusals through with their reason, and blocks accepting', async () => {
    const state = await buildPreview(
      inputs({ cells: [4] }),
      plan,
      reader({}).read
    );
    expect(state.canAccept).toBe(false);
    expect(!state.result.ok && state.result.reasons.map(r => r.code)).toContain(
      'star-import'
    );
  });

  it('refuses module paths outside the project before planning', async () => {
    const files = reader({});
    const state = await buildPreview(
      inputs({ modulePath: '../evil.py' }),
      plan,
      files.read
    );
    expect(!state.result.ok && state.result.reasons[0].code).toBe(
      'bad-module-path'
    );
    expect(files.asked).toEqual([]);
    const notPython = await buildPreview(
      inputs({ modulePath: 'nbpkg/demo.txt' }),
      plan,
      files.read
    );
    expect(
      !notPython.result.ok && notPython.result.reasons[0].message
    ).toContain('not a Python module path');
  });

  it('refuses a control character in the module path or tests folder with the reason the server gives', async () => {
    // the server's reason for the same path: nbcraft/relative_path.py `refusal`, asserted
    // through the promote route in nbcraft/tests/promote/test_existing_route.py
    const files = reader({});
    for (const [asked, shown] of [
      [{ modulePath: 'nbpkg/de\tmo.py' }, 'nbpkg/de\\u0009mo.py'],
      [{ modulePath: 'nbpkg/demo.py\u0001' }, 'nbpkg/demo.py\\u0001'],
      [{ testsDir: 'tests/\u007funit' }, 'tests/\\u007funit']
    ] as const) {
      const state = await buildPreview(inputs(asked), plan, files.read);
      const reason = !state.result.ok ? state.result.reasons[0] : null;
      expect(reason?.code).toBe('bad-module-path');
      expect(reason?.message).toBe(
        `\`${shown}\` is a path with a control character`
      );
      expect(reason?.message).not.toContain('leaves the project');
      // the server's words for the same path (nbcraft/relative_path.py what_to_do)
      expect(reason?.hint).toMatch(
        /^remove the invisible character \(a pasted tab or line break\)/
      );
      expect(state.canAccept).toBe(false);
    }
    expect(files.asked).toEqual([]);
    // translated, as the other refusals are
    const french = frenchBundle();
    const state = await buildPreview(
      inputs({ testsDir: 'te\tsts' }),
      plan,
      files.read,
      french
    );
    const reason = !state.result.ok ? state.result.reasons[0] : null;
    // the library's words, translated by the dialog (reasonText.ts), the path as it was
    expect(reason && describeReason(reason, french)).toBe(
      'FR[`te\\u0009sts` is a path with a control character]'
    );
    expect(reason && describeHint(reason, french)).toMatch(/^FR\[.*\]$/);
  });

  it('refuses an invisible or direction-changing character (te\\u200bsts shows as tests) with a true reason', async () => {
    const files = reader({});
    for (const [asked, shown] of [
      [{ testsDir: 'te\u200bsts' }, 'te\\u200bsts'],
      [{ modulePath: 'nbpkg/de\u202emo.py' }, 'nbpkg/de\\u202emo.py'],
      [{ testsDir: 'tests/\u00adunit' }, 'tests/\\u00adunit']
    ] as const) {
      const state = await buildPreview(inputs(asked), plan, files.read);
      const reason = !state.result.ok ? state.result.reasons[0] : null;
      expect(reason?.code).toBe('bad-module-path');
      expect(reason?.message).toBe(
        `\`${shown}\` is a path with an invisible or direction-changing character`
      );
      expect(reason?.hint).toMatch(/^remove the character shown escaped/);
      expect(state.canAccept).toBe(false);
    }
    expect(files.asked).toEqual([]);
  });

  it('refuses a C1 control or a line separator inside the tests folder or module path (te\\u0085sts shows as tests)', async () => {
    const files = reader({});
    for (const [asked, shown] of [
      [{ testsDir: 'te\u0085sts' }, 'te\\u0085sts'],
      [{ testsDir: 'tests/\u009bunit' }, 'tests/\\u009bunit'],
      [{ modulePath: 'nbpkg/de\u2028mo.py' }, 'nbpkg/de\\u2028mo.py'],
      [{ testsDir: 'te\u2029sts' }, 'te\\u2029sts']
    ] as const) {
      const state = await buildPreview(inputs(asked), plan, files.read);
      const reason = !state.result.ok ? state.result.reasons[0] : null;
      expect(reason?.message).toBe(
        `\`${shown}\` is a path with a control character`
      );
      expect(state.canAccept).toBe(false);
    }
    expect(files.asked).toEqual([]);
  });

  it('refuses a name ending in a dot or a space in the words the CLI uses', async () => {
    const files = reader({});
    for (const [asked, shown] of [
      [{ testsDir: 'tests./unit' }, 'tests./unit'],
      [{ modulePath: 'nbpkg /demo.py' }, 'nbpkg /demo.py']
    ] as const) {
      const state = await buildPreview(inputs(asked), plan, files.read);
      const reason = !state.result.ok ? state.result.reasons[0] : null;
      // the library's text (`nbcraft promote --tests 'tests.'` says it too), translated
      expect(reason?.texts?.message.id).toBe('trailingDotOrSpacePath');
      expect(reason?.message).toBe(
        `\`${shown}\` has a name ending in a dot or a space`
      );
      expect(state.canAccept).toBe(false);
    }
    expect(files.asked).toEqual([]);
  });

  it('reads, plans and writes the tests folder it checked: trimmed once', async () => {
    for (const testsDir of ['tests\t', 'tests ', ' tests', 'tests\u2028']) {
      const files = reader({});
      const state = await buildPreview(inputs({ testsDir }), plan, files.read);
      expect(state.canAccept).toBe(true);
      expect(files.asked).toContain('work/tests/test_demo.py');
      expect(files.asked.every(path => path === path.trim())).toBe(true);
      if (!state.result.ok) {
        throw new Error('expected a plan');
      }
      expect(state.result.testPath).toBe('tests/test_demo.py');
      const written = writesFor(state).plan;
      expect(JSON.stringify(written)).toContain('"work/tests/test_demo.py"');
      expect(JSON.stringify(written)).not.toMatch(/tests(\\t|\\u2028| )/);
    }
  });

  it('shows a planner crash as a refusal instead of throwing', async () => {
    const crashing: PlanFunction = () => {
      throw new Error('boom');
    };
    const state = await buildPreview(inputs(), crashing, reader({}).read);
    expect(!state.result.ok && state.result.reasons[0].message).toContain(
      'boom'
    );
  });
});

describe('expectedTestPath', () => {
  it('follows the planner naming', () => {
    expect(expectedTestPath('src/pkg/feat.py', 'tests/unit')).toBe(
      'tests/unit/test_feat.py'
    );
  });

  it('says its own refusals and their place in the lab language', async () => {
    const french = frenchBundle();
    const state = await buildPreview(
      inputs({ modulePath: 'nbpkg/demo.txt' }),
      plan,
      reader({}).read,
      french
    );
    const reason = !state.result.ok ? state.result.reasons[0] : null;
    expect(reason?.message).toBe(
      'FR["%1" is not a Python module path]'.replace('%1', 'nbpkg/demo.txt')
    );
    expect(reason?.hint).toBe(
      'FR[give a path ending in .py, e.g. src/mypkg/features.py]'
    );
    expect(
      describeReason(
        { code: 'star-import', message: 'm', hint: 'h', cell: 2, line: 0 },
        french
      )
    ).toBe('FR[cell 3, line 1: m]');
    expect(
      describeReason(
        { code: 'star-import', message: 'm', hint: 'h', cell: 2 },
        french
      )
    ).toBe('FR[cell 3: m]');
  });
});
