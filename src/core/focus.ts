/**
 * Focus for keyboard users: the controls Tab stops at, and Tab kept inside a JupyterLab dialog.
 *
 * JupyterLab's Dialog wraps Tab only from its last button to its first control. When that
 * button is disabled (the promote dialog's "Promote" while the preview is refused or still
 * planning: `.jp-mod-error`), the focus never reaches it, so Tab from "Cancel" leaves the
 * dialog for the page behind it and the keyboard user is lost. Shift+Tab from the first
 * control leaves it the same way. This wraps both ways over the controls that can take the
 * focus now.
 */
import type { Widget } from '@lumino/widgets';

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[contenteditable="true"]',
  '[tabindex]'
].join(',');

/** The controls of `root` that Tab stops at now, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    el => el.tabIndex >= 0 && !el.closest('[hidden], [inert]')
  );
}

/**
 * Handle a Tab keydown inside `root`: at its last control Tab goes to the first, at its first
 * control Shift+Tab goes to the last. Returns whether it moved the focus.
 */
export function wrapTab(root: HTMLElement, event: KeyboardEvent): boolean {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) {
    return false;
  }
  const stops = tabbables(root);
  if (stops.length === 0) {
    return false;
  }
  const first = stops[0];
  const last = stops[stops.length - 1];
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && root.contains(active);
  const target = event.shiftKey
    ? !inside || active === first
      ? last
      : null
    : !inside || active === last
      ? first
      : null;
  if (!target) {
    return false;
  }
  event.preventDefault();
  event.stopPropagation();
  target.focus();
  return true;
}

/** Keep Tab inside `dialog` for as long as it lives (add before `launch()`). */
export function keepTabInDialog(dialog: Widget): void {
  const onKeydown = (event: KeyboardEvent) => {
    wrapTab(dialog.node, event);
  };
  dialog.node.addEventListener('keydown', onKeydown, true);
  dialog.disposed.connect(() => {
    dialog.node.removeEventListener('keydown', onKeydown, true);
  });
}

/**
 * Focus the first control of `root` inside `preferIn` (else its first control) once the
 * command palette that opened it has given the focus back, as the runs and lint panels do.
 */
export function focusFirstSoon(root: HTMLElement, preferIn: string): void {
  requestAnimationFrame(() => {
    const stops = tabbables(root);
    (stops.find(el => el.closest(preferIn)) ?? stops.at(0))?.focus();
  });
}
