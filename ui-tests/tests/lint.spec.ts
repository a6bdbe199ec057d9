import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as path from 'path';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- the lab's globals and the CLI's JSON */

/**
 * Live linting in a real JupyterLab: markers and hover text on the cells, a quick fix, the
 * diagnostics panel (filter, jump), findings that follow edits, the same findings as the CLI,
 * and a broken config reported once while the notebook keeps working.
 */
const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'lint');
const CLI = path.resolve(
  __dirname,
  '..',
  '..',
  'lint-rules',
  'bin',
  'nbcraft.js'
);

test.use({ autoGoto: true });

async function openFixture(
  page: any,
  tmpPath: string,
  name: string,
  kernelMissing = false
) {
  await page.contents.uploadFile(
    path.join(FIXTURES, name),
    `${tmpPath}/${name}`
  );
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  if (kernelMissing) {
    // the kernel is not installed here (the R fixture): JupyterLab asks; open without one
    const noKernel = page.locator('.jp-Dialog button', {
      hasText: 'No Kernel'
    });
    await noKernel.waitFor({ timeout: 30000 });
    await noKernel.click();
    return; // galata's activate waits for a kernel
  }
  await page.notebook.activate(name);
}

/** The CLI's findings as "code@cell:line:col" (1-based, as `nbcraft lint` prints them). */
function cliFindings(file: string): string[] {
  let out: string;
  try {
    out = execFileSync('node', [CLI, 'lint', '--format', 'json', file], {
      encoding: 'utf-8'
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(out) as { messages: any[] }[];
  return result.messages
    .map(m => `${m.ruleCode}@cell ${m.cell}:${m.line}:${m.column}`)
    .sort();
}

async function panelFindings(page: any): Promise<string[]> {
  const rows = page.locator('.jp-nbcraft-lint-row');
  const n = await rows.count();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const code = await rows.nth(i).getAttribute('data-rule');
    const where = await rows
      .nth(i)
      .locator('.jp-nbcraft-lint-location')
      .textContent();
    out.push(`${code}@${where}`);
  }
  return out.sort();
}

test('markers, hover, panel, jump, fix and live updates on a notebook with known findings', async ({
  page,
  tmpPath
}) => {
  const consoleLines: string[] = [];
  page.on('console', message => consoleLines.push(message.text()));
  await openFixture(page, tmpPath, 'lint-demo.ipynb');

  // markers on the cells: NB104 (error) in the 5th cell
  const cell5 = page.locator('.jp-Notebook .jp-Cell').nth(4);
  const mark = cell5.locator('.jp-nbcraft-lint-NB104');
  await expect(mark).toBeVisible();
  await expect(page.locator('.jp-nbcraft-lint-status')).toHaveText(/✖ 1 ⚠ 4/);

  // hover: the message, the rule code and id linking to the docs
  // A re-lint that lands while the tooltip is open replaces the diagnostics and closes it,
  // so hover again until one tooltip shows all three at once.
  const tooltip = page.locator('.cm-tooltip-lint');
  const link = tooltip.locator('a.jp-nbcraft-lint-rule', { hasText: 'NB104' });
  await expect(async () => {
    await mark.hover();
    await expect(tooltip).toContainText('"offset" is not defined in any cell', {
      timeout: 3000
    });
    await expect(link).toHaveText('NB104 undefined-name', { timeout: 3000 });
    await expect(link).toHaveAttribute(
      'href',
      /docs\/rules\/undefined-name\.md$/,
      { timeout: 3000 }
    );
  }).toPass({ timeout: 30000 });
  await page.screenshot({ path: '../docs/screenshots/lint-hover.png' });

  // the panel lists the same findings as `nbcraft lint` on the same file
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('nbcraft:lint-open-panel')
  );
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(5);
  expect(await panelFindings(page)).toEqual(
    cliFindings(path.join(FIXTURES, 'lint-demo.ipynb'))
  );

  // filter by severity, then by category
  await page
    .locator('.jp-nbcraft-lint-filter-severity select')
    .selectOption('error');
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(1);
  await page
    .locator('.jp-nbcraft-lint-filter-severity select')
    .selectOption('');
  await page
    .locator('.jp-nbcraft-lint-filter-category select')
    .selectOption('code-quality');
  await expect(page.locator('.jp-nbcraft-lint-row')).toHaveCount(2);
  await page
    .locator('.jp-nbcraft-lint-filter-category select')
    .selectOption('');
  await page.screenshot({ path: '../docs/screenshots/lint-panel.png' });

  // click -> jump to the cell and line
  await page.locator('.jp-nbcraft-lint-row[data-rule="NB104"]').click();
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget?.content
            ?.activeCellIndex
      )
    )
    .toBe(4);

  // quick fix from the hover: f-string without placeholders in the 4th cell, right after
  // typing in that cell (the typing and the fix must stay two steps of its undo history)
  await page.notebook.activate('lint-demo.ipynb');
  const typedCell = page
    .locator('.jp-Notebook .jp-Cell')
    .nth(3)
    .locator('.cm-content');
  await typedCell.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# checked');
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toBe('print(f"ready")\nrows = [1, 2, 3]\n# checked');
  const fstring = page
    .locator('.jp-Notebook .jp-Cell')
    .nth(3)
    .locator('.jp-nbcraft-lint-NB207');
  await fstring.hover();
  const fixButton = page.locator('.cm-tooltip-lint button', { hasText: 'Fix' });
  await expect(fixButton).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/lint-quick-fix.png' });
  await fixButton.click();
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toBe('print("ready")\nrows = [1, 2, 3]\n# checked');
  await expect(page.locator('.jp-nbcraft-lint-NB207')).toHaveCount(0);
  // the fix is one step of the editor's own history: Ctrl+Z in the editor restores exactly the
  // text before the fix (the typing stays), Ctrl+Shift+Z applies it again
  await typedCell.click();
  await page.keyboard.press('Control+z');
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toBe('print(f"ready")\nrows = [1, 2, 3]\n# checked');
  await page.keyboard.press('Control+Shift+z');
  await expect
    .poll(() => page.notebook.getCellTextInput(3))
    .toBe('print("ready")\nrows = [1, 2, 3]\n# checked');

  // edit a cell: defining `offset` removes the undefined-name error
  await page.notebook.setCell(
    4,
    'code',
    'offset = 1\ntotal = sum(rows) + offset\ntotal'
  );
  await expect(page.locator('.jp-nbcraft-lint-NB104')).toHaveCount(0);
  await expect(page.locator('.jp-nbcraft-lint-status')).toHaveText(/✖ 0/);
  await expect(
    page.locator('.jp-nbcraft-lint-row[data-rule="NB104"]')
  ).toHaveCount(0);

  // every lint ran in the Web Worker: each report from the worker records this measure, and
  // the main-thread fallback (which says so in the console) never happened
  const workerReports = await page.evaluate(
    () => performance.getEntriesByName('nbcraft-lint-worker').length
  );
  const lints = await page.evaluate(
    () => performance.getEntriesByName('nbcraft-lint-total').length
  );
  expect(workerReports).toBeGreaterThanOrEqual(3);
  expect(workerReports).toBe(lints);
  expect(consoleLines.filter(l => /lint worker|main thread/.test(l))).toEqual(
    []
  );
});

test('a broken config file is reported once, naming the file; the notebook keeps working', async ({
  page,
  tmpPath
}) => {
  await openFixture(page, tmpPath, 'lint-demo.ipynb');
  await expect(page.locator('.jp-nbcraft-lint-NB104')).toHaveCount(1);
  // the config appears next to the open notebook (written by another tool: re-lint by command)
  await page.contents.uploadContent(
    '{\n  "rules": {"NB999": "warn"}\n}\n',
    'text',
    `${tmpPath}/nbcraft.json`
  );
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('nbcraft:lint-notebook')
  );
  const banner = page.locator(
    '.jp-nbcraft-lint-banner .jp-nbcraft-lint-notice-config'
  );
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText(
    `${tmpPath}/nbcraft.json: rules.NB999: unknown rule "NB999"`
  );
  await expect(page.locator('.jp-nbcraft-lint-mark')).toHaveCount(0);
  await page.screenshot({ path: '../docs/screenshots/lint-config-error.png' });

  // the editor works; fixing the config brings the findings back, switched as configured
  await page.notebook.setCell(
    1,
    'code',
    'import os\nimport json\nconfig = json.loads("{}")'
  );
  await page.contents.uploadContent(
    '{"rules": {"NB205": "off"}}\n',
    'text',
    `${tmpPath}/nbcraft.json`
  );
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('nbcraft:lint-notebook')
  );
  await expect(banner).toHaveCount(0);
  await expect(page.locator('.jp-nbcraft-lint-NB104')).toHaveCount(1);
  await expect(page.locator('.jp-nbcraft-lint-NB205')).toHaveCount(0);
});

test('a cell that does not parse and a non-Python kernel each give one clear message', async ({
  page,
  tmpPath
}) => {
  await openFixture(page, tmpPath, 'lint-syntax-error.ipynb');
  const notices = page.locator(
    '.jp-nbcraft-lint-banner .jp-nbcraft-lint-notice'
  );
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('Cell 3 does not parse');
  await expect(page.locator('.jp-nbcraft-lint-NB201')).toHaveCount(1);

  await openFixture(page, tmpPath, 'lint-r-kernel.ipynb', true);
  await expect(
    page.locator('.jp-NotebookPanel:visible .jp-nbcraft-lint-notice-kernel')
  ).toContainText('kernel language is "r"');
});
