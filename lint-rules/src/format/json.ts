/** Machine-readable output: one object per file, positions 1-based (in the cell and in the file). */
import { jsonCiSafe } from './ciSafe';
import type { Formatter } from './types';

export const json: Formatter = results =>
  jsonCiSafe(
    JSON.stringify(
      results.map(r => ({
        filePath: r.path,
        format: r.notebookFormat ?? null,
        errorCount: r.findings.filter(f => f.severity === 'error').length,
        warningCount: r.findings.filter(f => f.severity === 'warning').length,
        fixableCount: r.findings.filter(f => f.fix).length,
        fixed: r.fixed ?? 0,
        error: r.error ?? null,
        messages: r.findings.map(f => ({
          ruleCode: f.ruleCode,
          ruleId: f.ruleId,
          category: f.category,
          severity: f.severity,
          messageId: f.messageId,
          message: f.message,
          cell: f.cell === null ? null : f.cell + 1,
          cellId: f.cellId ?? null,
          line: f.start ? f.start.line + 1 : null,
          column: f.start ? f.start.column + 1 : null,
          endLine: f.end ? f.end.line + 1 : null,
          endColumn: f.end ? f.end.column + 1 : null,
          output: f.output === undefined ? null : f.output + 1,
          file: f.file,
          fix: f.fix ?? null,
          docsUrl: f.docsUrl
        }))
      })),
      null,
      2
    )
  ) + '\n';
