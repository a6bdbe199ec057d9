/**
 * The small views the Provenance section and the compare view share: the commit line, the
 * notebook diff, the package table and the data inputs. Marks are words, not colour alone.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { TextDiff } from '../promote/diff';
import { formatBytes } from '../tracking/format';
import type { DataInput } from './api';
import {
  inputMark,
  inputRows,
  isLinkable,
  type ICellChange,
  type ICommitView,
  type INotebookDiff,
  type IPackageRow
} from './model';

export function CommitLine(props: {
  commit: ICommitView;
  trans: TranslationBundle;
}): React.ReactElement {
  const { commit, trans } = props;
  if (!commit.short) {
    return (
      <div className="jp-nbcraft-provenance-commit" data-commit="">
        {trans.__('No commit recorded.')}
      </div>
    );
  }
  const dirty =
    commit.dirty === true
      ? trans.__('uncommitted changes')
      : commit.dirty === false
        ? trans.__('clean')
        : trans.__('state unknown');
  return (
    <div className="jp-nbcraft-provenance-commit" data-commit={commit.full}>
      <code title={commit.full ?? undefined}>{commit.short}</code>{' '}
      {commit.branch ? (
        <span className="jp-nbcraft-provenance-branch">
          {trans.__('on %1', commit.branch)}{' '}
        </span>
      ) : (
        <span className="jp-nbcraft-provenance-muted">
          {trans.__('(detached HEAD)')}{' '}
        </span>
      )}
      {'· '}
      <span
        className={`jp-nbcraft-provenance-dirty jp-mod-${commit.dirty === true ? 'dirty' : commit.dirty === false ? 'clean' : 'unknown'}`}
        data-dirty={String(commit.dirty)}
      >
        {commit.dirty === true ? '✱ ' : ''}
        {dirty}
        {commit.diffTruncated
          ? ' ' + trans.__('(the recorded diff was cut at its size cap)')
          : ''}
      </span>
      {commit.notebook ? (
        <div
          className="jp-nbcraft-provenance-note"
          data-notebook-git={commit.notebook}
        >
          {commit.notebook === 'untracked'
            ? trans.__(
                '✱ The notebook itself is not in git (untracked): the commit does not hold it, only the run’s snapshot does.'
              )
            : commit.notebook === 'ignored'
              ? trans.__(
                  '✱ The notebook itself is ignored by git: the commit does not hold it, only the run’s snapshot does.'
                )
              : commit.notebook === 'outside'
                ? trans.__(
                    '✱ The notebook is outside this repository: the commit does not hold it, only the run’s snapshot does.'
                  )
                : trans.__(
                    '✱ The notebook differed from the commit when the run started.'
                  )}
        </div>
      ) : null}
      {commit.commitHere === false ? (
        <div className="jp-nbcraft-provenance-note">
          {trans.__(
            'This commit is not in the repository here (a shallow clone, or another clone): fetch it to reproduce the run.'
          )}
        </div>
      ) : null}
      {commit.repoUrl ? (
        <div className="jp-nbcraft-provenance-repo">
          {isLinkable(commit.repoUrl) ? (
            <a href={commit.repoUrl} target="_blank" rel="noopener noreferrer">
              {commit.repoUrl}
            </a>
          ) : (
            <code>{commit.repoUrl}</code>
          )}
        </div>
      ) : null}
    </div>
  );
}

function LineDiff(props: { diff: TextDiff }): React.ReactElement {
  return (
    <pre className="jp-nbcraft-provenance-diff">
      {props.diff.hunks.map((hunk, h) => (
        <React.Fragment key={h}>
          <div className="jp-nbcraft-provenance-hunk">
            @@ -{hunk.oldStart},{hunk.oldCount} +{hunk.newStart},{hunk.newCount}{' '}
            @@
          </div>
          {hunk.lines.map((line, i) => (
            <div
              key={i}
              className={`jp-nbcraft-provenance-line jp-mod-${line.kind}`}
            >
              {line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' '}
              {line.text}
            </div>
          ))}
        </React.Fragment>
      ))}
    </pre>
  );
}

function cellLabel(change: ICellChange, trans: TranslationBundle): string {
  switch (change.kind) {
    case 'changed':
      return change.before === change.after
        ? trans.__('Cell %1 (%2) changed', change.after, change.cellType)
        : trans.__(
            'Cell %1 (%2) changed, was cell %3',
            change.after,
            change.cellType,
            change.before
          );
    case 'added':
      return trans.__('Cell %1 (%2) added', change.after, change.cellType);
    case 'removed':
      return trans.__('Cell %1 (%2) removed', change.before, change.cellType);
    default:
      return trans.__('Cell %1 unchanged', change.after);
  }
}

/** The notebook's cells that differ, each with its line diff (folded; Enter opens one). */
export function NotebookDiffView(props: {
  diff: INotebookDiff;
  trans: TranslationBundle;
  /** what "before" and "after" are, e.g. "the run" / "the notebook now" */
  sameText: string;
}): React.ReactElement {
  const { diff, trans } = props;
  if (diff.same) {
    return (
      <div className="jp-nbcraft-provenance-muted jp-nbcraft-provenance-nbsame">
        {props.sameText}
      </div>
    );
  }
  const parts = [
    diff.changed ? trans._n('%1 changed', '%1 changed', diff.changed) : '',
    diff.added ? trans._n('%1 added', '%1 added', diff.added) : '',
    diff.removed ? trans._n('%1 removed', '%1 removed', diff.removed) : ''
  ].filter(Boolean);
  return (
    <div className="jp-nbcraft-provenance-nbdiff">
      <div className="jp-nbcraft-provenance-summary">
        {trans.__('Cells: %1', parts.join(', '))}
      </div>
      {diff.cells
        .filter(c => c.kind !== 'same')
        .map((change, i) => (
          <details
            key={i}
            className="jp-nbcraft-provenance-cell"
            data-kind={change.kind}
          >
            <summary>
              {cellLabel(change, trans)}
              {change.diff ? (
                <span className="jp-nbcraft-provenance-muted">
                  {' '}
                  +{change.diff.added} −{change.diff.removed}
                </span>
              ) : null}
            </summary>
            {change.diff ? <LineDiff diff={change.diff} /> : null}
          </details>
        ))}
    </div>
  );
}

const KIND_MARK: Record<IPackageRow['kind'], string> = {
  changed: '~',
  added: '+',
  removed: '-'
};

/** Added, removed and changed distributions, in words and with a +/−/~ mark. */
export function PackageTable(props: {
  rows: IPackageRow[];
  trans: TranslationBundle;
  runLabel: string;
  nowLabel: string;
}): React.ReactElement {
  const { rows, trans } = props;
  const kindText: Record<IPackageRow['kind'], string> = {
    changed: trans.__('changed'),
    added: trans.__('added'),
    removed: trans.__('removed')
  };
  return (
    <table className="jp-nbcraft-provenance-table jp-nbcraft-provenance-packages">
      <thead>
        <tr>
          <th>{trans.__('Package')}</th>
          <th>{props.runLabel}</th>
          <th>{props.nowLabel}</th>
          <th>{trans.__('Change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(row => (
          <tr key={row.kind + row.name} data-package={row.name}>
            <th>{row.name}</th>
            <td>{row.run ?? '—'}</td>
            <td>{row.now ?? '—'}</td>
            <td data-kind={row.kind}>
              {KIND_MARK[row.kind]} {kindText[row.kind]}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The data files the run read, with "changed since" marks. */
export function InputList(props: {
  inputs: readonly DataInput[];
  trans: TranslationBundle;
}): React.ReactElement {
  const { trans } = props;
  const markText = {
    changed: trans.__('changed since the run'),
    unchanged: trans.__('unchanged'),
    unknown: trans.__('not checked')
  };
  return (
    <table className="jp-nbcraft-provenance-table jp-nbcraft-provenance-inputs">
      <thead>
        <tr>
          <th>{trans.__('File')}</th>
          <th>{trans.__('Size')}</th>
          <th>{trans.__('Read by')}</th>
          <th>{trans.__('Since the run')}</th>
        </tr>
      </thead>
      <tbody>
        {inputRows(props.inputs).map(input => {
          const mark = inputMark(input);
          return (
            <tr key={input.path} data-input={input.path} data-mark={mark}>
              <th title={input.location ?? undefined}>
                {input.path}
                {input.location === 'outside' ? (
                  <span className="jp-nbcraft-provenance-muted">
                    {' '}
                    {trans.__('(outside the repository)')}
                  </span>
                ) : null}
              </th>
              <td>{formatBytes(input.size ?? undefined)}</td>
              <td>
                {input.reader ?? ''}
                {input.digest_kind === 'sampled-sha256' ? (
                  <span
                    className="jp-nbcraft-provenance-muted"
                    title={trans.__(
                      'Large file: its size and sampled blocks were hashed'
                    )}
                  >
                    {' '}
                    {trans.__('(sampled)')}
                  </span>
                ) : null}
              </td>
              <td
                className={`jp-nbcraft-provenance-mark jp-mod-${mark}`}
                data-mark={mark}
              >
                {mark === 'changed' ? '✱ ' : ''}
                {markText[mark]}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
