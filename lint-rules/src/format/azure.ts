/** Azure Pipelines logging commands (##vso[task.logissue]) with the line/column in the file itself. */
import { showHiddenInCommand } from '../promote/controlCharacters';
import { cellLocation, errorText } from './location';
import type { Formatter } from './types';

const escapeProperty = (s: string) =>
  showHiddenInCommand(s)
    .replace(/%/g, '%AZP25')
    .replace(/;/g, '%3B')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/]/g, '%5D');
const escapeMessage = (s: string) =>
  showHiddenInCommand(s)
    .replace(/%/g, '%AZP25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');

export const azure: Formatter = results => {
  const out: string[] = [];
  for (const r of results) {
    if (r.error) {
      const line =
        r.error.line !== undefined
          ? `linenumber=${r.error.line};columnnumber=${r.error.column ?? 1};`
          : '';
      out.push(
        `##vso[task.logissue type=error;sourcepath=${escapeProperty(r.path)};${line}code=unreadable;]${escapeMessage(errorText(r))}`
      );
      continue;
    }
    for (const f of r.findings) {
      const where = cellLocation(f);
      out.push(
        `##vso[task.logissue type=${f.severity === 'error' ? 'error' : 'warning'};sourcepath=${escapeProperty(r.path)};linenumber=${f.file.line};columnnumber=${f.file.column};code=${f.ruleCode};]${escapeMessage(`${f.ruleCode} [${f.ruleId}] ${f.message}${where ? ` (${where})` : ''}`)}`
      );
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
};
