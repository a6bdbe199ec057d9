/**
 * A line above the notebook for what belongs to no cell: notices (broken config, non-Python
 * kernel, a cell that does not parse) and notebook-level findings. Hidden when empty.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Finding } from '@nbcraft/lint-rules';
import { Widget } from '@lumino/widgets';

import type { NotebookLintReport } from './lintReport';
import { translateFinding } from './messages';
import { noticeText } from './notices';

export class NotebookLintBanner extends Widget {
  constructor(
    private readonly jumpTo: (finding: Finding) => void,
    private readonly trans: TranslationBundle
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
      line.textContent = noticeText(notice, this.trans);
      node.append(line);
    }
    for (const finding of report.notebookLevel) {
      const line = document.createElement('div');
      line.className = `jp-nbcraft-lint-notebook-finding jp-nbcraft-lint-row-${finding.severity}`;
      // The severity's glyph is coloured (a shape, not colour alone); the text is not.
      const glyph = document.createElement('span');
      glyph.className = 'jp-nbcraft-lint-severity';
      glyph.setAttribute('aria-hidden', 'true');
      glyph.textContent = finding.severity === 'error' ? '✖ ' : '⚠ ';
      line.append(
        glyph,
        `${finding.ruleCode} ${translateFinding(finding, this.trans)}`
      );
      line.setAttribute('role', 'button');
      line.tabIndex = 0;
      line.onclick = () => {
        this.jumpTo(finding);
      };
      line.onkeydown = event => {
        if (event.key === 'Enter') {
          event.preventDefault();
          this.jumpTo(finding);
        }
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
