import { defineRule } from '../engine/types';

/**
 * Line magics that Databricks runs inside a Python cell, exporting only their own line with
 * "# MAGIC ": `%pip install ...` then `dbutils.library.restartPython()` in one cell is a Python
 * cell with a %pip line, which is what its author wants (prefixing the Python line would make it
 * part of the pip command).
 */
const LINE_MAGICS = new Set(['pip']);

/** Databricks source markers that Databricks will not recognise: cells merge or magics turn into Python comments. */
export default defineRule<
  Record<string, never>,
  'separator' | 'magicPrefix' | 'mixedMagic' | 'header'
>({
  meta: {
    code: 'NB605',
    id: 'databricks-broken-marker',
    category: 'databricks',
    description:
      'A malformed Databricks source marker (# COMMAND ----------, # MAGIC, header line).',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      separator:
        'Malformed cell separator "{{text}}"; Databricks only recognises "# COMMAND ----------" (10 dashes), so the cells merge.',
      magicPrefix:
        'Malformed "{{text}}" prefix; Databricks expects "# MAGIC " (hash, space, MAGIC, space).',
      mixedMagic:
        'Line without "# MAGIC " in a %{{magic}} cell; Databricks runs it as Python. Prefix it with "# MAGIC ".',
      header:
        'The "# Databricks notebook source" header must be the first line of the file.'
    }
  },
  create(context) {
    return {
      notebook() {
        const nb = context.notebook;
        if (nb.format !== 'databricks') {
          return;
        }
        const text = nb.text;
        let offset = 0;
        let inMagicCell: string | null = null;
        let cellStart = true;
        const lines = text.split('\n');
        lines.forEach((rawLine, i) => {
          const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
          const at = offset;
          offset += rawLine.length + 1;
          const span = { from: at, to: at + line.length };
          // every marker starts with '#': the regexes run only on comment lines
          const comment = line.charCodeAt(0) === 35;
          if (comment && /^#\s*Databricks notebook source\s*$/.test(line)) {
            if (i !== 0) {
              context.report({ messageId: 'header', fileSpan: span });
            }
            return;
          }
          if (comment && /^#\s*COMMAND\s*-{3,}\s*$/.test(line)) {
            if (line !== '# COMMAND ----------') {
              context.report({
                messageId: 'separator',
                data: { text: line },
                fileSpan: span
              });
            }
            inMagicCell = null;
            cellStart = true;
            return;
          }
          if (
            comment &&
            (/^#\s*MAGIC\b/.test(line) || line.startsWith('#MAGIC'))
          ) {
            if (!/^# MAGIC( |$)/.test(line)) {
              context.report({
                messageId: 'magicPrefix',
                data: { text: line.slice(0, 9) },
                fileSpan: span
              });
            }
            if (cellStart) {
              inMagicCell = /^#\s*MAGIC\s*%(\w+)/.exec(line)?.[1] ?? null;
            }
            cellStart = false;
            return;
          }
          if (!/\S/.test(line)) {
            return;
          }
          const title = comment && /^#\s*DBTITLE/.test(line);
          if (inMagicCell && !LINE_MAGICS.has(inMagicCell) && !title) {
            context.report({
              messageId: 'mixedMagic',
              data: { magic: inMagicCell },
              fileSpan: span
            });
            inMagicCell = null; // once per cell
          }
          if (!title) {
            cellStart = false;
          }
        });
      }
    };
  }
});
