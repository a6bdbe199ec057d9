/**
 * The diagnostics panel: every finding of the current notebook, filterable by severity,
 * category and text, sortable by column; a click jumps to the cell and line.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { RULE_CATEGORIES } from '@nbcraft/lint-rules';
import type { Finding, RuleCategory, Severity } from '@nbcraft/lint-rules';
import * as React from 'react';

import { filterFindings, findingLocation, sortFindings } from './lintReport';
import type { FindingSortKey, NotebookLintReport } from './lintReport';
import { translateCategory, translateFinding } from './messages';

export interface DiagnosticsPanelCallbacks {
  jumpTo(finding: Finding): void;
  applyFix(finding: Finding): void;
}

interface ListingProps extends DiagnosticsPanelCallbacks {
  report: NotebookLintReport | null;
  trans: TranslationBundle;
}

function DiagnosticsListing(props: ListingProps): React.ReactElement {
  const { report, trans } = props;
  const [severity, setSeverity] = React.useState<Severity | ''>('');
  const [category, setCategory] = React.useState<RuleCategory | ''>('');
  const [text, setText] = React.useState('');
  const [sortKey, setSortKey] = React.useState<FindingSortKey>('position');
  const [descending, setDescending] = React.useState(false);

  if (!report) {
    return (
      <div className="jp-nbcraft-lint-panel-empty">
        {trans.__('Open a notebook to see its lint findings.')}
      </div>
    );
  }
  const shown = sortFindings(
    filterFindings(report.findings, {
      severities: new Set(severity ? [severity] : []),
      categories: new Set(category ? [category] : []),
      text,
      message: f => translateFinding(f, trans)
    }),
    sortKey,
    descending
  );
  const header = (key: FindingSortKey, label: string) => (
    <th
      className={`jp-nbcraft-lint-sortable${sortKey === key ? ' jp-mod-sorted' : ''}`}
      onClick={() => {
        if (key === sortKey) {
          setDescending(!descending);
        } else {
          setSortKey(key);
          setDescending(false);
        }
      }}
      title={trans.__('Sort by %1', label)}
    >
      {label}
      {sortKey === key ? (descending ? ' ▼' : ' ▲') : ''}
    </th>
  );
  return (
    <div className="jp-nbcraft-lint-panel-body">
      <div className="jp-nbcraft-lint-panel-title">
        {report.path} —{' '}
        {trans.__(
          '%1 errors, %2 warnings',
          report.counts.error,
          report.counts.warning
        )}
      </div>
      {report.notices.map((notice, i) => (
        <div
          key={i}
          className={`jp-nbcraft-lint-notice jp-nbcraft-lint-notice-${notice.kind}`}
        >
          {notice.message}
        </div>
      ))}
      <div className="jp-nbcraft-lint-filters">
        <select
          aria-label={trans.__('Severity')}
          className="jp-nbcraft-lint-filter-severity"
          value={severity}
          onChange={e => {
            setSeverity(e.target.value as Severity | '');
          }}
        >
          <option value="">{trans.__('All severities')}</option>
          <option value="error">{trans.__('Errors')}</option>
          <option value="warning">{trans.__('Warnings')}</option>
        </select>
        <select
          aria-label={trans.__('Category')}
          className="jp-nbcraft-lint-filter-category"
          value={category}
          onChange={e => {
            setCategory(e.target.value as RuleCategory | '');
          }}
        >
          <option value="">{trans.__('All categories')}</option>
          {RULE_CATEGORIES.map(c => (
            <option key={c} value={c}>
              {translateCategory(c, trans)}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="jp-nbcraft-lint-filter-text"
          placeholder={trans.__('Filter')}
          value={text}
          onChange={e => {
            setText(e.target.value);
          }}
        />
      </div>
      <table className="jp-nbcraft-lint-table">
        <thead>
          <tr>
            {header('severity', trans.__('Severity'))}
            {header('rule', trans.__('Rule'))}
            <th>{trans.__('Message')}</th>
            {header('category', trans.__('Category'))}
            {header('position', trans.__('Location'))}
          </tr>
        </thead>
        <tbody>
          {shown.map((f, i) => (
            <tr
              key={`${f.ruleCode}-${f.cell}-${f.start?.line}-${f.start?.column}-${i}`}
              className={`jp-nbcraft-lint-row jp-nbcraft-lint-row-${f.severity}`}
              data-rule={f.ruleCode}
              onClick={() => {
                props.jumpTo(f);
              }}
              title={trans.__('Go to %1', findingLocation(f))}
            >
              <td className="jp-nbcraft-lint-severity">
                {f.severity === 'error' ? '✖' : '⚠'}
              </td>
              <td>
                <a
                  href={f.docsUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  onClick={e => {
                    e.stopPropagation();
                  }}
                >
                  {f.ruleCode}
                </a>
              </td>
              <td>
                {translateFinding(f, trans)}
                {f.fix ? (
                  <button
                    className="jp-nbcraft-lint-fix jp-mod-styled"
                    onClick={e => {
                      e.stopPropagation();
                      props.applyFix(f);
                    }}
                  >
                    {trans.__('Fix')}
                  </button>
                ) : null}
              </td>
              <td>{translateCategory(f.category, trans)}</td>
              <td className="jp-nbcraft-lint-location">{findingLocation(f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 ? (
        <div className="jp-nbcraft-lint-panel-empty">
          {trans.__('No findings.')}
        </div>
      ) : null}
    </div>
  );
}

/** The panel widget; `update()` re-renders it with the current report. */
export class DiagnosticsPanel extends ReactWidget {
  report: NotebookLintReport | null = null;

  constructor(
    private readonly callbacks: DiagnosticsPanelCallbacks,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbcraft-lint-panel');
  }

  showReport(report: NotebookLintReport | null): void {
    this.report = report;
    this.update();
  }

  protected render(): React.ReactElement {
    return (
      <DiagnosticsListing
        report={this.report}
        trans={this.trans}
        jumpTo={f => {
          this.callbacks.jumpTo(f);
        }}
        applyFix={f => {
          this.callbacks.applyFix(f);
        }}
      />
    );
  }
}
