/**
 * The diagnostics panel gives the focus to its findings when its tab is activated, but never
 * takes it back from the cell a click on a finding sent it to. In the lab a mouse-down in the
 * panel asks to activate it (a message handled a frame later) and the click that follows jumps
 * to the finding's cell: the panel's deferred focus used to land after the jump and pull the
 * focus, and with it the lab's current widget, back to the panel (Galata's lint jump test).
 * A real MainAreaWidget around the panel, as in the lab.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import type { Finding } from '@nbcraft/lint-rules';
import { act } from 'react';

import { DiagnosticsPanel } from '../../src/lint/diagnosticsPanel';
import { buildReport } from '../../src/lint/lintReport';
import { makeFinding } from './helpers';

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

const trans = nullTranslator.load('nbcraft');

const REPORT = buildReport(
  'a.ipynb',
  [
    { id: 'c0', source: 'import os' },
    { id: 'c1', source: 'x = offset' }
  ],
  [
    makeFinding({ cell: 1, start: { line: 0, column: 4 } }),
    makeFinding({
      ruleCode: 'NB205',
      ruleId: 'unused-import',
      category: 'code-quality',
      severity: 'warning',
      cell: 0,
      start: { line: 0, column: 7 }
    })
  ],
  [],
  { total: 1, reanalysedCells: 2 }
);

/** Enough animation frames for posted messages and the panel's deferred focus to run. */
async function nextFrames(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await act(
      () =>
        new Promise<void>(resolve => {
          requestAnimationFrame(() => {
            resolve();
          });
        })
    );
  }
}

describe('the diagnostics panel and the focus', () => {
  let tab: MainAreaWidget<DiagnosticsPanel>;
  let editor: HTMLTextAreaElement;
  const jumped: Finding[] = [];

  /** The findings' grid cell that has the focus, if any. */
  const focusedCell = () =>
    tab.content.node.contains(document.activeElement)
      ? document.activeElement?.getAttribute('data-grid-cell')
      : undefined;

  beforeEach(() => {
    jumped.length = 0;
    editor = document.createElement('textarea');
    document.body.appendChild(editor);
    const panel = new DiagnosticsPanel(
      {
        jumpTo: f => {
          jumped.push(f);
          editor.focus(); // as the lab's jump does: the cell's editor takes the focus
        },
        applyFix: () => undefined
      },
      trans
    );
    tab = new MainAreaWidget({ content: panel });
    act(() => {
      Widget.attach(tab, document.body);
      panel.showReport(REPORT);
      MessageLoop.sendMessage(panel, Widget.Msg.UpdateRequest);
      MessageLoop.flush(); // the tab's layout messages, drawn inside act
    });
    expect(panel.node.querySelectorAll('.jp-nbcraft-lint-row')).toHaveLength(2);
    editor.focus();
  });

  afterEach(() => {
    act(() => {
      tab.dispose();
    });
    editor.remove();
  });

  it('moves the focus to the first finding when its tab is activated', async () => {
    MessageLoop.sendMessage(tab, Widget.Msg.ActivateRequest);
    await nextFrames();
    expect(focusedCell()).toBe('0:0');
  });

  it('leaves the focus in the cell a click on a finding jumped to, then takes it again when activated', async () => {
    const row = tab.content.node.querySelector<HTMLElement>(
      '.jp-nbcraft-lint-row[data-rule="NB104"]'
    );
    const cell = row?.querySelector<HTMLElement>('[data-grid-cell]');
    if (!row || !cell) {
      throw new Error('the NB104 finding is not drawn');
    }
    // The lab's order: mouse-down (the tab focuses its content and posts the panel's
    // activation; the browser focuses the clicked cell), the click jumps, frames pass.
    act(() => {
      cell.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      cell.focus();
    });
    act(() => {
      row.click();
    });
    expect(jumped.map(f => f.ruleCode)).toEqual(['NB104']);
    await nextFrames();
    expect(document.activeElement).toBe(editor);

    // Shown again later (the command, the tab): the findings take the focus as before.
    MessageLoop.sendMessage(tab, Widget.Msg.ActivateRequest);
    await nextFrames();
    expect(focusedCell()).toBe(cell.getAttribute('data-grid-cell'));
  });
});

describe('the diagnostics panel before the first findings', () => {
  const panel = () =>
    new DiagnosticsPanel(
      { jumpTo: () => undefined, applyFix: () => undefined },
      trans
    );
  const drawn = (
    p: DiagnosticsPanel,
    ...args: Parameters<DiagnosticsPanel['showReport']>
  ) => {
    act(() => {
      Widget.attach(p, document.body);
      p.showReport(...args);
      MessageLoop.sendMessage(p, Widget.Msg.UpdateRequest);
      MessageLoop.flush();
    });
    const text = p.node.textContent;
    act(() => {
      p.dispose();
    });
    return text;
  };

  it('says it is linting the open notebook, not to open one (a reload: ~8 s before the first result)', () => {
    expect(drawn(panel(), null, 'work/sample-training.ipynb')).toBe(
      'Linting work/sample-training.ipynb…'
    );
  });

  it('asks for a notebook only when none is open, and shows the findings once they come', () => {
    expect(drawn(panel(), null)).toBe(
      'Open a notebook to see its lint findings.'
    );
    expect(drawn(panel(), REPORT, 'a.ipynb')).toContain('a.ipynb — 1 error');
  });
});
