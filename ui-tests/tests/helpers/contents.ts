import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

/**
 * Save a text file through the lab's own contents manager, as the editor's Save does: the
 * lab's `fileChanged` signal fires (Galata's `page.contents` goes to the server directly,
 * as a change outside the lab would).
 */
export async function saveInLab(
  page: IJupyterLabPageFixture,
  path: string,
  content: string
): Promise<void> {
  await page.evaluate(
    async ([file, text]) => {
      const app = (
        window as unknown as {
          jupyterapp: {
            serviceManager: {
              contents: { save(p: string, o: object): Promise<unknown> };
            };
          };
        }
      ).jupyterapp;
      await app.serviceManager.contents.save(file, {
        type: 'file',
        format: 'text',
        content: text
      });
    },
    [path, content]
  );
}
