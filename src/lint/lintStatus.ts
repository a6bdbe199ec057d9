/** The status-bar item: the current notebook's error and warning counts; a click opens the panel. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import type { NotebookLintReport } from './lintReport';

export class LintStatusItem extends Widget {
  constructor(
    private readonly trans: TranslationBundle,
    onClick: () => void
  ) {
    super();
    this.addClass('jp-nbcraft-lint-status');
    this.node.title = trans.__('nbcraft lint: open the diagnostics panel');
    this.node.onclick = onClick;
  }

  showReport(report: NotebookLintReport | null): void {
    if (!report) {
      this.node.textContent = '';
      return;
    }
    const { error, warning } = report.counts;
    const notice = report.notices.length ? ' ⓘ' : '';
    this.node.textContent =
      this.trans.__('nbcraft ✖ %1 ⚠ %2', error, warning) + notice;
    this.node.dataset.errors = String(error);
    this.node.dataset.warnings = String(warning);
  }
}
