/**
 * The diagnostics panel: every finding of the current notebook, filterable by severity,
 * category and text, sortable by column; a click or Enter jumps to the cell and line.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect, InputGroup, ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { RULE_CATEGORIES } from '@nbcraft/lint-rules';
import type { Finding, RuleCategory, Severity } from '@nbcraft/lint-rules';
import * as React from 'react';

import { useGridFocus } from '../core/useGridFocus';
import { categoryLabel, locationLabel, severityLabel } from './labels';
import { filterFindings, sortFindings } from './lintReport';
import type { FindingSortKey, NotebookLintReport } from './lintReport';
import { noticeText } from './notices';
import { translateFinding } from './messages';

export interface DiagnosticsPanelCallbacks {
  jumpTo(finding: Finding): void;
  applyFix(finding: Finding): void;
}

interface ListingProps extends DiagnosticsPanelCallbacks {
  report: NotebookLintReport | null;
  /** the open notebook whose first findings are still coming (no report yet) */
  linting: string | null;
  trans: TranslationBundle;
}

/** The panel's columns: the sort key of each (the message is not sortable). */
const COLUMNS: (FindingSortKey | null)[] = [
  'severity',
  'rule',
  null,
  'category',
  'position'
];

/** One labelled drop-down of the filter bar; '' means "all". */
function FilterSelect<T extends string>(props: {
  label: string;
  className: string;
  value: T | '';
  onChange: (value: T | '') => void;
  options: { value: T | ''; label: string }[];
}): React.ReactElement {
  return (
    <label className="jp-nbcraft-lint-filter">
      <span>{props.label}</span>
      <HTMLSelect
        className={props.className}
        value={props.value}
        onChange={e => {
          props.onChange(e.target.value as T | '');
        }}
        options={props.options}
      />
    </label>
  );
}

function DiagnosticsListing(props: ListingProps): React.ReactElement {
  const { report, trans } = props;
  const [severity, setSeverity] = React.useState<Severity | ''>('');
  const [category, setCategory] = React.useState<RuleCategory | ''>('');
  const [text, setText] = React.useState('');
  const [sortKey, setSortKey] = React.useState<FindingSortKey>('position');
  const [descending, setDescending] = React.useState(false);
  const table = React.useRef<HTMLTableElement>(null);

  const shown = report
    ? sortFindings(
        filterFindings(report.findings, {
          severities: new Set(severity ? [severity] : []),
          categories: new Set(category ? [category] : []),
          text,
          message: f => translateFinding(f, trans)
        }),
        sortKey,
        descending
      )
    : [];
  const sortBy = (key: FindingSortKey) => {
    if (key === sortKey) {
      setDescending(!descending);
    } else {
      setSortKey(key);
      setDescending(false);
    }
  };
  // Keyboard: one cell in the Tab order; arrows move, Enter on a finding jumps to it, Enter or
  // Space on a header sorts by it.
  const focus = useGridFocus(table, {
    rows: shown.length,
    cols: COLUMNS.length,
    page: 10,
    onActivate: (at, key) => {
      if (at.row < 0) {
        const column = COLUMNS[at.col];
        if (column) {
          sortBy(column);
          return true;
        }
        return false;
      }
      const finding = shown[at.row] as Finding | undefined;
      if (finding && key === 'Enter') {
        props.jumpTo(finding);
        return true;
      }
      return false;
    }
  });

  if (!report) {
    return (
      <div className="jp-nbcraft-lint-panel-empty" role="status">
        {props.linting
          ? trans.__('Linting %1…', props.linting)
          : trans.__('Open a notebook to see its lint findings.')}
      </div>
    );
  }
  const header = (col: number, label: string) => {
    const key = COLUMNS[col];
    const sorted = key !== null && sortKey === key;
    return (
      <th
        role="columnheader"
        className={
          key ? `jp-nbcraft-lint-sortable${sorted ? ' jp-mod-sorted' : ''}` : ''
        }
        aria-sort={
          sorted ? (descending ? 'descending' : 'ascending') : undefined
        }
        onClick={
          key
            ? () => {
                sortBy(key);
              }
            : undefined
        }
        title={key ? trans.__('Sort by %1', label) : undefined}
        {...focus.cellProps(-1, col)}
      >
        {label}
        {sorted ? (
          <span aria-hidden="true">{descending ? ' ▼' : ' ▲'}</span>
        ) : null}
      </th>
    );
  };
  return (
    <div className="jp-nbcraft-lint-panel-body">
      <div className="jp-nbcraft-lint-panel-title">
        {report.path} — {trans._n('%1 error', '%1 errors', report.counts.error)}
        , {trans._n('%1 warning', '%1 warnings', report.counts.warning)}
      </div>
      {report.notices.map((notice, i) => (
        <div
          key={i}
          role="status"
          className={`jp-nbcraft-lint-notice jp-nbcraft-lint-notice-${notice.kind}`}
        >
          {noticeText(notice, trans)}
        </div>
      ))}
      <div
        className="jp-nbcraft-lint-filters"
        role="search"
        aria-label={trans.__('Filter the findings')}
      >
        <FilterSelect<Severity>
          label={trans.__('Severity')}
          className="jp-nbcraft-lint-filter-severity"
          value={severity}
          onChange={setSeverity}
          options={[
            { value: '', label: trans.__('All severities') },
            { value: 'error', label: trans.__('Errors') },
            { value: 'warning', label: trans.__('Warnings') }
          ]}
        />
        <FilterSelect<RuleCategory>
          label={trans.__('Category')}
          className="jp-nbcraft-lint-filter-category"
          value={category}
          onChange={setCategory}
          options={[
            { value: '', label: trans.__('All categories') },
            ...RULE_CATEGORIES.map(c => ({
              value: c,
              label: categoryLabel(c, trans)
            }))
          ]}
        />
        <label className="jp-nbcraft-lint-filter jp-nbcraft-lint-filter-grow">
          <span>{trans.__('Text')}</span>
          <InputGroup
            type="search"
            className="jp-nbcraft-lint-filter-text"
            placeholder={trans.__('Rule, message or cell')}
            value={text}
            rightIcon="ui-components:search"
            onChange={e => {
              setText(e.target.value);
            }}
          />
        </label>
      </div>
      <table
        className="jp-nbcraft-lint-table"
        role="grid"
        aria-label={trans.__('Lint findings')}
        aria-rowcount={shown.length + 1}
        ref={table}
        onKeyDown={focus.onKeyDown}
      >
        <thead>
          <tr>
            {header(0, trans.__('Severity'))}
            {header(1, trans.__('Rule'))}
            {header(2, trans.__('Message'))}
            {header(3, trans.__('Category'))}
            {header(4, trans.__('Location'))}
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
              title={trans.__('Go to %1', locationLabel(f, trans))}
            >
              <td
                className="jp-nbcraft-lint-severity"
                role="gridcell"
                {...focus.cellProps(i, 0)}
              >
                <span
                  role="img"
                  aria-label={severityLabel(f.severity, trans)}
                  title={severityLabel(f.severity, trans)}
                >
                  <span aria-hidden="true">
                    {f.severity === 'error' ? '✖' : '⚠'}
                  </span>
                </span>
              </td>
              <td role="gridcell" {...focus.cellProps(i, 1)}>
                <a
                  href={f.docsUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  tabIndex={-1}
                  onClick={e => {
                    e.stopPropagation();
                  }}
                >
                  {f.ruleCode}
                </a>
              </td>
              <td role="gridcell" {...focus.cellProps(i, 2)}>
                {translateFinding(f, trans)}
                {f.fix ? (
                  <button
                    className="jp-nbcraft-lint-fix jp-mod-styled"
                    tabIndex={-1}
                    onClick={e => {
                      e.stopPropagation();
                      props.applyFix(f);
                    }}
                  >
                    {trans.__('Fix')}
                  </button>
                ) : null}
              </td>
              <td role="gridcell" {...focus.cellProps(i, 3)}>
                {categoryLabel(f.category, trans)}
              </td>
              <td
                className="jp-nbcraft-lint-location"
                role="gridcell"
                {...focus.cellProps(i, 4)}
              >
                {locationLabel(f, trans)}
              </td>
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

  /**
   * A finding was jumped to, and the focus has not come back into the panel since. A click on
   * a finding also activates the panel (on mouse-down, handled a frame later, after the click
   * moved the focus to the cell): that activation must not pull the focus back.
   */
  private jumped = false;

  constructor(
    private readonly callbacks: DiagnosticsPanelCallbacks,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbcraft-lint-panel');
    this.node.addEventListener('focusin', () => {
      this.jumped = false;
    });
  }

  /** Activated (the command, a restored tab): the focus goes to the findings. */
  protected override onActivateRequest(msg: Message): void {
    super.onActivateRequest(msg);
    this.focusFindings();
  }

  /** Focus the findings once drawn, after what opened the panel gave the focus back. */
  focusFindings(): void {
    const focus = () => {
      if (this.jumped) {
        return true;
      }
      const cell = this.node.querySelector<HTMLElement>(
        '[data-grid-cell][tabindex="0"]'
      );
      cell?.focus();
      return cell !== null;
    };
    requestAnimationFrame(() => {
      if (!focus()) {
        requestAnimationFrame(() => {
          focus();
        });
      }
    });
  }

  /**
   * The current notebook's report; null with `linting` (its path) while a notebook is open
   * but its first findings are still coming (after a reload the worker starts first), so the
   * panel does not tell the user to open the notebook they have open.
   */
  showReport(
    report: NotebookLintReport | null,
    linting: string | null = null
  ): void {
    this.report = report;
    this.linting = report ? null : linting;
    this.update();
  }

  private linting: string | null = null;

  protected render(): React.ReactElement {
    return (
      <DiagnosticsListing
        report={this.report}
        linting={this.linting}
        trans={this.trans}
        jumpTo={f => {
          this.jumped = true;
          this.callbacks.jumpTo(f);
        }}
        applyFix={f => {
          this.callbacks.applyFix(f);
        }}
      />
    );
  }
}
