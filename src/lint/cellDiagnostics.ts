/**
 * Draws findings in the cell editors with @codemirror/lint: underlines, a hover with the rule
 * code linked to its docs and the quick fixes, and an optional gutter. The extension is
 * registered once through IEditorExtensionRegistry; each cell editor then follows its cell's
 * entry in a `CellDiagnosticsStore` that the lint sessions fill.
 */
import type { Diagnostic } from '@codemirror/lint';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { ViewPlugin } from '@codemirror/view';
import { nullTranslator } from '@jupyterlab/translation';
import { LineIndex, type Finding } from '@nbcraft/lint-rules';
import { Signal } from '@lumino/signaling';

import { findingRange } from './findingRanges';
import { translateFinding } from './messages';
import type { LintTranslation } from './messages';

/** An action offered in a finding's hover (a quick fix, "Promote to module..."). */
export interface FindingAction {
  label: string;
  apply: () => void;
}

export interface CellDiagnosticsEntry {
  /** the source the findings were computed on */
  source: string;
  findings: readonly Finding[];
}

/** Findings per cell model, shared by every open notebook's session and every cell editor. */
export class CellDiagnosticsStore {
  private entries = new WeakMap<object, CellDiagnosticsEntry>();
  private _gutter = true;
  readonly changed = new Signal<this, void>(this);

  constructor(
    /** the actions a finding offers in its hover */
    readonly actionsFor: (
      finding: Finding,
      cellModel: object
    ) => FindingAction[],
    readonly trans: LintTranslation = nullTranslator.load('nbcraft')
  ) {}

  get gutter(): boolean {
    return this._gutter;
  }

  set gutter(value: boolean) {
    if (value !== this._gutter) {
      this._gutter = value;
      this.changed.emit();
    }
  }

  get(cellModel: object): CellDiagnosticsEntry | undefined {
    return this.entries.get(cellModel);
  }

  /** Sets the findings of several cells at once, then tells the editors. */
  update(updates: Iterable<[object, CellDiagnosticsEntry | null]>): void {
    for (const [cell, entry] of updates) {
      if (entry) {
        this.entries.set(cell, entry);
      } else {
        this.entries.delete(cell);
      }
    }
    this.changed.emit();
  }
}

function renderMessage(
  finding: Finding,
  message: string,
  trans: LintTranslation
): HTMLElement {
  const root = document.createElement('div');
  root.className = 'jp-nbcraft-lint-message';
  const text = document.createElement('span');
  text.textContent = message;
  const link = document.createElement('a');
  link.className = 'jp-nbcraft-lint-rule';
  link.href = finding.docsUrl;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = `${finding.ruleCode} ${finding.ruleId}`;
  link.title = trans.__('Open the rule documentation');
  root.append(text, ' ', link);
  return root;
}

/** The CodeMirror diagnostics of one cell (positions from the cell source the lint saw). */
export function toDiagnostics(
  entry: CellDiagnosticsEntry,
  actions: (finding: Finding) => FindingAction[],
  trans: LintTranslation = nullTranslator.load('nbcraft')
): Diagnostic[] {
  const lines = new LineIndex(entry.source);
  return entry.findings.map(finding => {
    const { from, to } = findingRange(finding, entry.source, lines);
    const message = translateFinding(finding, trans);
    return {
      from,
      to,
      severity: finding.severity,
      source: 'nbcraft',
      markClass: `jp-nbcraft-lint-mark jp-nbcraft-lint-${finding.ruleCode}`,
      message: `${message} (${finding.ruleCode} ${finding.ruleId})`,
      renderMessage: () => renderMessage(finding, message, trans),
      actions: actions(finding).map(action => ({
        name: action.label,
        apply: () => {
          action.apply();
        }
      }))
    };
  });
}

/** The editor extension for a cell model (registered through IEditorExtensionRegistry). */
export function cellDiagnosticsExtension(
  store: CellDiagnosticsStore,
  cellModel: object
): Extension {
  const gutter = new Compartment();
  const follower = ViewPlugin.define(view => {
    let applied: CellDiagnosticsEntry | undefined;
    let gutterOn = store.gutter;
    let pending = false;
    let destroyed = false;
    const sync = () => {
      pending = false;
      if (destroyed) {
        return;
      }
      if (gutterOn !== store.gutter) {
        gutterOn = store.gutter;
        view.dispatch({
          effects: gutter.reconfigure(gutterOn ? lintGutter() : [])
        });
      }
      const entry = store.get(cellModel);
      // findings computed on another text than the editor's are left to the next lint;
      // CodeMirror keeps mapping the previous ones through the edits meanwhile
      if (
        entry !== applied &&
        (!entry || entry.source === view.state.doc.toString())
      ) {
        applied = entry;
        view.dispatch(
          setDiagnostics(
            view.state,
            entry
              ? toDiagnostics(
                  entry,
                  f => store.actionsFor(f, cellModel),
                  store.trans
                )
              : []
          )
        );
      }
    };
    const onChange = () => {
      // never dispatch inside another editor update
      if (!pending) {
        pending = true;
        setTimeout(sync, 0);
      }
    };
    store.changed.connect(onChange);
    onChange();
    return {
      destroy() {
        destroyed = true;
        store.changed.disconnect(onChange);
      }
    };
  });
  return [gutter.of(store.gutter ? lintGutter() : []), follower];
}
