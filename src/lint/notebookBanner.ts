/**
 * A line above the notebook for what belongs to no cell: notices (broken config, non-Python
 * kernel, a cell that does not parse) and notebook-level findings. Hidden when empty.
 */
import type { Finding } from '@nbcraft/lint-rules';
import { Widget } from '@lumino/widgets';

import type { NotebookLintReport } from './lintReport';
import { translateFinding } from './messages';
import type { LintTranslation } from './messages';

export class NotebookLintBanner extends Widget {
  constructor(
    private readonly jumpTo: (finding: Finding) => void,
    private readonly trans: LintTranslation
  ) {
    super();
    this.addClass('jp-nbcraft-lint-banner');
    this.hide();
  }

  render(report: NotebookLintReport): void {
    const node = this.node;
    node.replaceChildren();
    for (const notice of report.notices) {
      const line = document.createElement('div');
      line.className = `jp-nbcraft-lint-notice jp-nbcraft-lint-notice-${notice.kind}`;
      line.textContent = notice.message;
      node.append(line);
    }
    for (const finding of report.notebookLevel) {
      const line = document.createElement('div');
      line.className = `jp-nbcraft-lint-notebook-finding jp-nbcraft-lint-row-${finding.severity}`;
      line.textContent = `${finding.severity === 'error' ? '✖' : '⚠'} ${finding.ruleCode} ${translateFinding(finding, this.trans)}`;
      line.onclick = () => {
        this.jumpTo(finding);
      };
      node.append(line);
    }
    if (node.childElementCount > 0) {
      this.show();
    } else {
      this.hide();
    }
  }
}
