import { LINE_BREAK } from '../../python/literals';

/**
 * The body of a SQL cell: its text after the `%sql` / `%%sql` line that opens it (Databricks'
 * language magic, ipython-sql's cell magic), or all of it for a cell with no magic line (a `.sql`
 * notebook's cell, a SQL kernel's). The magic line's options (`%%sql -o df`) are left to the caller.
 */
export function sqlBody(source: string): { magic: string; body: string } {
  const newline = LINE_BREAK.exec(source);
  if (!source.startsWith('%')) {
    return { magic: '', body: source };
  }
  return newline
    ? {
        magic: source.slice(0, newline.index),
        body: source.slice(newline.index + newline[0].length)
      }
    : { magic: source, body: '' };
}

/**
 * A SQL text's statements: `--` comments removed, split at `;`, blank ones dropped. A `;` inside a
 * string literal splits too, so a caller that lets one statement be errs toward reporting.
 */
export function sqlStatements(body: string): string[] {
  return body
    .replace(/--[^\r\n]*/g, '')
    .split(';')
    .map(t => t.trim())
    .filter(t => t !== '');
}
