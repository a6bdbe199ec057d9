/**
 * GitHub Actions workflow commands with the REAL line/column in the notebook file.
 * `col`/`endColumn` are only valid on single-line annotations, so multi-line spans drop them.
 */
import { showHiddenInCommand } from '../promote/controlCharacters';
import { cellLocation, errorText } from './location';
import type { Formatter } from './types';

const escapeData = (s: string) =>
  showHiddenInCommand(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
const escapeProperty = (s: string) =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: Formatter = results => {
  const out: string[] = [];
  for (const r of results) {
    if (r.error) {
      const props = [`file=${escapeProperty(r.path)}`];
      if (r.error.line !== undefined) {
        props.push(`line=${r.error.line}`);
        if (r.error.column !== undefined) {
          props.push(`col=${r.error.column}`);
        }
      }
      props.push('title=nbcraft: unreadable notebook');
      out.push(`::error ${props.join(',')}::${escapeData(errorText(r))}`);
      continue;
    }
    for (const f of r.findings) {
      const props = [
        `file=${escapeProperty(r.path)}`,
        `line=${f.file.line}`,
        `endLine=${f.file.endLine}`
      ];
      if (f.file.line === f.file.endLine) {
        props.push(
          `col=${f.file.column}`,
          `endColumn=${Math.max(f.file.column, f.file.endColumn)}`
        );
      }
      props.push(`title=${escapeProperty(`${f.ruleCode} ${f.ruleId}`)}`);
      const where = cellLocation(f);
      const message = `${f.message}${where ? ` (${where})` : ''}`;
      out.push(
        `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}`
      );
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
};
