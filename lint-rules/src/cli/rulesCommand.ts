/** `nbcraft rules [--format text|json]` */
import { docsUrl } from '../engine';
import { allRules } from '../rules';
import { UsageError } from './files';
import type { CliIo } from './io';

export function rulesCommand(format: string, io: CliIo): number {
  const rows = allRules.map(r => ({
    code: r.meta.code,
    id: r.meta.id,
    category: r.meta.category,
    description: r.meta.description,
    fixable: !!r.meta.fixable,
    docsUrl: docsUrl(r.meta.id),
    defaultSeverity: r.meta.defaultSeverity,
    recommended: r.meta.recommended
  }));
  if (format === 'json') {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (format !== 'text') {
    throw new UsageError(
      `unknown --format "${format}" for rules; use text or json`
    );
  }
  const idWidth = Math.max(...rows.map(r => r.id.length));
  const catWidth = Math.max(...rows.map(r => r.category.length));
  const lines = rows.map(
    r =>
      `${r.code}  ${r.id.padEnd(idWidth)}  ${r.category.padEnd(catWidth)}  ${r.defaultSeverity.padEnd(7)}  ${r.recommended ? 'rec' : '   '}  ${r.fixable ? 'fix' : '   '}  ${r.description}`
  );
  io.stdout(
    `${lines.join('\n')}\n\n${rows.length} rules; "rec" = in the recommended preset, "fix" = fixable with --fix.\n`
  );
  return 0;
}
