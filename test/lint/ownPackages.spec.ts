/**
 * Issue #15 in the lab: the lab lints in the browser and reads no project metadata, so the
 * project's own packages reach unpinned-pip-install (NB105) through its `ownPackages` option in
 * the project config, found as `nbcraft lint` finds it.
 */
import { lintNotebook, readNotebook } from '@nbcraft/lint-rules';

import { locateConfig } from '../../src/lint/configLocator';
import {
  DEFAULT_LINT_SETTINGS,
  effectiveConfig
} from '../../src/lint/lintSettings';

const NOTEBOOK = JSON.stringify({
  cells: [
    {
      cell_type: 'code',
      id: 'c1',
      metadata: {},
      source: '!pip install catboost pandas catboost-extra\n',
      outputs: [],
      execution_count: null
    }
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5
});

/** the packages NB105 reports in the notebook under the config found for `path` */
async function reported(
  path: string,
  files: Record<string, string>
): Promise<string[]> {
  const located = await locateConfig(path, p =>
    Promise.resolve(files[p] ?? null)
  );
  const config = effectiveConfig(located, path, DEFAULT_LINT_SETTINGS);
  return lintNotebook(
    readNotebook(path, NOTEBOOK),
    config.resolved.rulesFor(config.relativePath)
  )
    .filter(f => f.ruleCode === 'NB105')
    .map(f => /^"([^"]+)"/.exec(f.message)?.[1] ?? f.message);
}

describe("NB105's ownPackages in the lab's project config", () => {
  it('the option in [tool.nbcraft] or nbcraft.json exempts the named packages only', async () => {
    expect(
      await reported('proj/docs/nb.ipynb', {
        'proj/pyproject.toml':
          '[project]\nname = "catboost"\n[tool.nbcraft.rules]\nNB105 = ["warn", { ownPackages = ["CatBoost"] }]\n'
      })
    ).toEqual(['pandas', 'catboost-extra']);
    expect(
      await reported('proj/nb.ipynb', {
        'proj/nbcraft.json': JSON.stringify({
          rules: { NB105: ['warn', { ownPackages: ['catboost'] }] }
        })
      })
    ).toEqual(['pandas', 'catboost-extra']);
  });

  it('without the option, the lab reports the project installing itself', async () => {
    expect(
      await reported('proj/docs/nb.ipynb', {
        'proj/pyproject.toml': '[project]\nname = "catboost"\n'
      })
    ).toEqual(['catboost', 'pandas', 'catboost-extra']);
  });
});
