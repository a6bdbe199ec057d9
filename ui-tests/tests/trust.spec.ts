import { expect, test } from '@jupyterlab/galata';

import { openPicker } from './helpers/compute';
import { saveInLab } from './helpers/contents';

/**
 * Workspace trust in Chromium against the real server extension: a project file that asks
 * for a compute target is held back; the lab says so once, with what it would set and a
 * Trust button; trusting applies it without a reload (the picker lists the target).
 */
// The file is in place before the lab loads, as after a `git clone`: one page load.
test.use({ autoGoto: false });

const CONFIG = {
  rules: { NB101: 'off' },
  compute: {
    targets: [
      {
        name: 'trust-demo',
        kind: 'local',
        kernel: 'python3',
        displayName: 'trust-demo'
      }
    ]
  }
};

test('the notice says what an untrusted nbcraft.json asks for, and Trust applies it', async ({
  page,
  tmpPath
}) => {
  // Content no earlier spec trusted (each spec's nbcraft.json differs).
  await page.contents.uploadContent(
    JSON.stringify({ ...CONFIG, promote: { testsDir: `t-${Date.now()}` } }),
    'text',
    'nbcraft.json'
  );
  // the file browser in Galata's per-test `tmpPath` (emptied for every attempt), where the
  // notebook below is made; the project file itself must be the root's (only its compute counts)
  await page.goto(`tree/${tmpPath}`);
  const notice = page
    .locator('.Toastify__toast')
    .filter({ hasText: 'asks to set' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(
    'nbcraft.json asks to set 1 target: trust-demo on local kernel python3. Held back until you trust it.'
  );

  // Held back: the status bar says so, first (the item is cut at its end).
  await page.notebook.createNew('trust-demo.ipynb', { kernel: 'python3' });
  const status = page.locator('.jp-nbcraft-compute-status');
  await expect(status).toContainText('Held back');
  await notice.screenshot({ path: '../docs/screenshots/trust-notice.png' });
  // nbcraft's status items leave room for JupyterLab's own: in the walk, the long
  // "Compute: … · Tracking: http://… · project settings held back" pushed the notification
  // bell and the file name off the status bar. The whole text stays in the tooltip.
  // (At the README screenshots' width; at Galata's default 1024 px JupyterLab's own items
  // and a long notebook name leave no room.)
  const viewport = { width: 1440, height: 900 };
  await page.setViewportSize(viewport);
  const bell = await page.locator('.jp-Notification-Status').boundingBox();
  expect(bell).not.toBeNull();
  expect(bell!.x + bell!.width).toBeLessThanOrEqual(viewport.width);
  // And none of nbcraft's own items is cut at that width: "held back" is two words there
  // (the whole phrase cut the lint and MLflow items to "nbcra…" and "MLflow: sa…").
  await expect
    .poll(() =>
      page
        .locator('#jp-main-statusbar .jp-nbcraft-StatusItem')
        .evaluateAll(items =>
          items
            .filter(item => item.scrollWidth > item.clientWidth + 1)
            .map(item => item.textContent)
        )
    )
    .toEqual([]);
  expect(await status.getAttribute('title')).toContain(
    'project settings held back'
  );

  // Details: everything the file would set; "Not now" keeps it held back.
  await notice.getByRole('button', { name: 'Details…' }).click();
  const details = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Trust nbcraft.json?' });
  await expect(details).toContainText(
    'nbcraft.json at the Jupyter root asks to set 1 compute target: trust-demo (local) on local kernel python3.'
  );
  await details.getByRole('button', { name: 'Not now' }).click();
  await expect(status).toContainText('Held back');
  // the first notice closed with the Details click; wait until its exit animation has taken it
  // out of the page, or the count below could see it beside the new one
  await expect(notice).toHaveCount(0);

  // The picker lists the file's targets as held back (a warning, with the way to trust),
  // not as a red "invalid / config error": nothing is wrong with the file.
  const picker = await openPicker(page);
  const held = picker.locator('.jp-nbcraft-compute-target.jp-mod-held-back');
  await expect(held.locator('.jp-nbcraft-compute-state')).toHaveText(
    'held back'
  );
  await expect(held.locator('.jp-nbcraft-compute-kind')).toHaveText(
    'not trusted'
  );
  await expect(held.locator('.jp-nbcraft-compute-detail')).toContainText(
    'held back: the file is not trusted, so 1 target is not used; trust it'
  );
  await expect(
    picker.locator('.jp-nbcraft-compute-target.jp-mod-unreachable')
  ).toHaveCount(0);
  // nothing else to switch to: the dialog has a plain Close
  await picker.getByRole('button', { name: 'Close' }).click();

  // The command palette's command asks again.
  await page.evaluate(async () => {
    await (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('nbcraft:trust-project-config');
  });
  await expect(notice).toHaveCount(1);
  await notice.getByRole('button', { name: 'Trust', exact: true }).click();
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: 'Trusted nbcraft.json' })
  ).toHaveCount(1);
  await expect(status).not.toContainText('Held back');
  // Trusted: the palette no longer offers to trust it, and offers to stop trusting it.
  const offered = () =>
    page.evaluate(() => {
      const commands = (
        window as unknown as {
          jupyterapp: { commands: { isVisible(id: string): boolean } };
        }
      ).jupyterapp.commands;
      return [
        commands.isVisible('nbcraft:trust-project-config'),
        commands.isVisible('nbcraft:revoke-project-config')
      ];
    });
  await expect.poll(offered).toEqual([false, true]);

  // No reload: the picker lists the target, reachable, with its generated kernelspec.
  const dialog = await openPicker(page);
  const target = dialog.locator(
    '.jp-nbcraft-compute-target[data-target="trust-demo"]'
  );
  await expect(target.locator('.jp-nbcraft-compute-state')).toHaveText(
    'reachable'
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a project file added or changed mid-session is noticed without a reload', async ({
  page,
  tmpPath
}) => {
  // The lab is open with no project file at the root.
  if (await page.contents.fileExists('nbcraft.json')) {
    await page.contents.deleteFile('nbcraft.json');
  }
  await page.goto(`tree/${tmpPath}`);
  await page.notebook.createNew('mid-session.ipynb', { kernel: 'python3' });
  const status = page.locator('.jp-nbcraft-compute-status');
  await expect(status).not.toContainText('Held back');
  const notices = page
    .locator('.Toastify__toast')
    .filter({ hasText: 'asks to set' });
  await expect(notices).toHaveCount(0);

  // Saved in the lab (the contents API's fileChanged): the notice and the status at once.
  const stamp = Date.now();
  await saveInLab(
    page,
    'nbcraft.json',
    JSON.stringify({ ...CONFIG, promote: { testsDir: `m-${stamp}` } })
  );
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('nbcraft.json asks to set 1 target');
  await expect(status).toContainText('Held back');
  await notices.getByRole('button', { name: 'Not now' }).click();
  await expect(notices).toHaveCount(0);

  // Changed outside the lab (git pull, another editor): read again when the window gets
  // the focus back; the new content is asked about.
  const changed = {
    ...CONFIG,
    compute: {
      targets: [
        ...CONFIG.compute.targets,
        { name: 'second', kind: 'local', kernel: 'python3' }
      ]
    },
    promote: { testsDir: `m-${stamp}-2` }
  };
  await page.contents.uploadContent(
    JSON.stringify(changed),
    'text',
    'nbcraft.json'
  );
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('2 targets');
  await notices.getByRole('button', { name: 'Not now' }).click();

  // A nested project's file that sets what only the root's can: a hint, not silence.
  await page.contents.createDirectory(`${tmpPath}/nested`);
  const nested = `${tmpPath}/nested/nbcraft.json`;
  await saveInLab(page, nested, JSON.stringify(CONFIG));
  // JupyterLab cuts a notification's text at 140 characters, and tmpPath is long: the path and
  // what it sets are what the start of the hint must say
  await expect(
    page.locator('.Toastify__toast').filter({
      hasText: `${nested} sets compute, which nbcraft reads only`
    })
  ).toHaveCount(1);

  // Removed in the lab: nothing held back any more.
  await page.evaluate(async () => {
    await (
      window as unknown as {
        jupyterapp: {
          serviceManager: {
            contents: { delete(path: string): Promise<void> };
          };
        };
      }
    ).jupyterapp.serviceManager.contents.delete('nbcraft.json');
  });
  await expect(status).not.toContainText('Held back');
});
