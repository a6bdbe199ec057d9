/** The status-bar item: the current notebook's error and warning counts; a click opens the panel. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { makeStatusButton } from '../core/statusText';
import type { NotebookLintReport } from './lintReport';

export class LintStatusItem extends Widget {
  constructor(
    private readonly trans: TranslationBundle,
    onClick: () => void
  ) {
    super();
    this.addClass('jp-nbcraft-lint-status');
    this.node.title = trans.__('nbcraft lint: open the diagnostics panel');
    makeStatusButton(this.node, onClick);
  }

  showReport(report: NotebookLintReport | null): void {
    if (!report) {
      this.node.textContent = '';
      this.node.removeAttribute('aria-label');
      return;
    }
    const { error, warning } = report.counts;
    const notice = report.notices.length ? ' ⓘ' : '';
    this.node.textContent =
      this.trans.__('nbcraft ✖ %1 ⚠ %2', error, warning) + notice;
    // The glyphs are shapes for the eye; a screen reader hears the words.
    this.node.setAttribute(
      'aria-label',
      [
        this.trans.__('nbcraft lint'),
        this.trans._n('%1 error', '%1 errors', error),
        this.trans._n('%1 warning', '%1 warnings', warning),
        ...(report.notices.length
          ? [this.trans._n('%1 notice', '%1 notices', report.notices.length)]
          : [])
      ].join(', ')
    );
    this.node.dataset.errors = String(error);
    this.node.dataset.warnings = String(warning);
  }
}
