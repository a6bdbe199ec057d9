import { expect, type IJupyterLabPageFixture } from '@jupyterlab/galata';

/**
 * Trust the nbcraft.json a spec just uploaded to the Jupyter root, on purpose: a project
 * file's compute targets and tracking server act only once the user trusted that exact
 * content. This does what the lab's notice does (GET then POST /nbcraft/trust with the hash
 * shown); trust.spec.ts tests the notice itself.
 */
export async function trustProjectConfig(
  page: IJupyterLabPageFixture
): Promise<void> {
  const shown = await page.request.get('/nbcraft/trust');
  expect(shown.ok()).toBe(true);
  const state = (await shown.json()) as { path: string; sha256: string };
  const trusted = await page.request.post('/nbcraft/trust', {
    data: { path: state.path, sha256: state.sha256 }
  });
  expect(trusted.status()).toBe(200);
}
