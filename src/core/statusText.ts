/**
 * nbcraft's status bar items as JupyterLab's own (`TextItem`): the same class, so the same
 * font and line height (they sit on JupyterLab's baseline), and, when they act on a click,
 * a button in the Tab order that Enter and Space press, as the kernel status item does.
 */
export const STATUS_TEXT_CLASS = 'jp-StatusBar-TextItem';

/**
 * An nbcraft status bar item (the widget the status bar holds): where the bar is short of
 * room, these shrink first, cut with an ellipsis (their tooltip has the whole text), so
 * JupyterLab's own items keep their place (style/base.css).
 */
export const STATUS_ITEM_CLASS = 'jp-nbcraft-StatusItem';

export function makeStatusText(node: HTMLElement): void {
  node.classList.add(STATUS_TEXT_CLASS, STATUS_ITEM_CLASS);
}

export function makeStatusButton(
  node: HTMLElement,
  onActivate: () => void
): void {
  makeStatusText(node);
  node.setAttribute('role', 'button');
  node.tabIndex = 0;
  node.addEventListener('click', onActivate);
  node.addEventListener('keydown', event => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate();
    }
  });
}
