/**
 * Tab stays inside a JupyterLab dialog whose accept button is disabled (the promote dialog
 * while its preview is refused): JupyterLab's own Dialog wraps only from an enabled last
 * button, so without nbcraft's wrap Tab from Cancel left the dialog (seen by keyboard in the
 * lab: the focus ended on the page's body).
 */
import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { keepTabInDialog, tabbables } from '../../src/core/focus';

function tab(shift = false): void {
  const event = new KeyboardEvent('keydown', {
    key: 'Tab',
    shiftKey: shift,
    bubbles: true,
    cancelable: true
  });
  (document.activeElement ?? document.body).dispatchEvent(event);
}

function body(): Widget {
  const widget = new Widget();
  widget.node.innerHTML = `
    <input class="fn" aria-label="Function name">
    <input class="tests" aria-label="Tests folder">
    <span class="jp-mod-error" hidden></span>`;
  return widget;
}

describe('a dialog whose accept button is disabled', () => {
  let dialog: Dialog<unknown>;
  let closed: Promise<unknown>;

  beforeEach(async () => {
    dialog = new Dialog({
      title: 'Promote to module',
      body: body(),
      buttons: [
        Dialog.cancelButton({ label: 'Cancel' }),
        Dialog.okButton({ label: 'Promote' })
      ],
      focusNodeSelector: '.fn'
    });
    keepTabInDialog(dialog);
    closed = dialog.launch();
    await dialog.ready;
    // JupyterLab's Dialog re-checks `.jp-mod-error` in its body on input events, as the
    // promote dialog tells it once React has rendered.
    dialog.node
      .querySelector('.fn')!
      .dispatchEvent(new Event('input', { bubbles: true }));
  });

  afterEach(async () => {
    dialog.reject();
    await closed;
  });

  function names(): string[] {
    return tabbables(dialog.node).map(
      el => el.getAttribute('aria-label') ?? el.textContent.trim()
    );
  }

  it('has Promote disabled, so Cancel is the last stop', () => {
    const accept =
      dialog.node.querySelector<HTMLButtonElement>('.jp-mod-accept')!;
    expect(accept.disabled).toBe(true);
    expect(names().slice(-1)).toEqual(['Cancel']);
    expect(names()).toContain('Function name');
  });

  it('wraps Tab from Cancel back into the dialog', () => {
    const cancel =
      dialog.node.querySelector<HTMLButtonElement>('.jp-mod-reject')!;
    cancel.focus();
    expect(document.activeElement).toBe(cancel);
    tab();
    expect(dialog.node.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toBe(tabbables(dialog.node)[0]);
  });

  it('wraps Shift+Tab from the first control to Cancel', () => {
    tabbables(dialog.node)[0].focus();
    tab(true);
    expect(document.activeElement).toBe(
      dialog.node.querySelector('.jp-mod-reject')
    );
  });

  it('leaves Tab between two controls to the browser', () => {
    const fn = dialog.node.querySelector<HTMLInputElement>('.fn')!;
    fn.focus();
    tab();
    expect(document.activeElement).toBe(fn);
  });
});
