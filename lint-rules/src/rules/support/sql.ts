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
 * A SQL text with its `--` comments removed, string literals kept whole: a `--` inside quotes
 * (`WHERE note <> '--'`) is text, not a comment (SQL-92 and Spark SQL alike read a comment only
 * outside a literal; `''` inside `'...'` is an escaped quote, read as two quotes here: the
 * literal closes and reopens). One pass over the text.
 */
export function sqlWithoutComments(body: string): string {
  if (!body.includes('--')) return body;
  let out = '';
  let from = 0;
  let quote = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '-' && body[i + 1] === '-') {
      out += body.slice(from, i);
      while (i < body.length && body[i] !== '\n' && body[i] !== '\r') i++;
      from = i;
      i--;
    }
  }
  return out + body.slice(from);
}

/**
 * A SQL text's statements: `--` comments removed (sqlWithoutComments), split at `;`, blank ones
 * dropped. A `;` inside a string literal splits too, so a caller that lets one statement be errs
 * toward reporting.
 */
export function sqlStatements(body: string): string[] {
  return sqlWithoutComments(body)
    .split(';')
    .map(t => t.trim())
    .filter(t => t !== '');
}
