/**
 * Galata's `test`, with what a failed test needs to be explained afterwards: every request
 * the page saw answered 404 and every dialog JupyterLab showed (its text, and the file
 * browser's folder at that moment), attached to the failed test's report.
 *
 * Why: promote.spec.ts once waited its whole time-out behind a "Directory not found" dialog
 * (the file browser's answer to a 404 on the folder it shows), then passed on retry, and
 * nothing said which folder or request. A passing test attaches nothing.
 */
import { test as base } from '@jupyterlab/galata';

/** The console line the page's observer writes for each new dialog. */
const DIALOG = 'nbcraft-ui-evidence dialog:';

export const test = base.extend<{ failureEvidence: null }>({
  failureEvidence: [
    async ({ context }, use, testInfo) => {
      const lines: string[] = [];
      const note = (line: string) =>
        lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
      // Before the page exists, so the dialogs of the first load are seen too.
      await context.addInitScript(marker => {
        const seen = new WeakSet<Element>();
        new MutationObserver(() => {
          for (const dialog of Array.from(
            document.querySelectorAll('.jp-Dialog')
          )) {
            if (seen.has(dialog)) {
              continue;
            }
            seen.add(dialog);
            const folder = Array.from(
              document.querySelectorAll(
                '.jp-FileBrowser .jp-BreadCrumbs-item[data-path]'
              )
            ).pop();
            console.log(
              `${marker} ${JSON.stringify(
                dialog.textContent.slice(0, 300)
              )} (file browser in "${folder?.getAttribute('data-path') ?? ''}")`
            );
          }
        }).observe(document, { childList: true, subtree: true });
      }, DIALOG);
      context.on('response', response => {
        if (response.status() === 404) {
          const url = new URL(response.url());
          note(
            `404 ${response.request().method()} ${url.pathname}${url.search}`
          );
        }
      });
      context.on('console', message => {
        if (message.text().startsWith(DIALOG)) {
          note(message.text().slice(DIALOG.length).trim());
        }
      });
      await use(null);
      if (testInfo.status !== testInfo.expectedStatus && lines.length) {
        await testInfo.attach('404s and dialogs', {
          body: lines.join('\n'),
          contentType: 'text/plain'
        });
      }
    },
    { auto: true }
  ]
});
