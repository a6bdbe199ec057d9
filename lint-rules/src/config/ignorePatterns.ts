/**
 * One owner of asking the `ignore` package (gitignore semantics) about a path: the config's
 * `ignore` and `perFileIgnores` (resolve.ts) and the CLI's `.gitignore` filter (cli/files.ts).
 *
 * `ignore` compiles `**` and `*` to regexes whose `.` matches no line break (LF, CR, U+2028,
 * U+2029), so `**\/scratch/**` skipped `plain/scratch/n.ipynb` but not `we\nird/scratch/n.ipynb`.
 * Patterns and paths are both passed through `forIgnore`, which turns each of those characters
 * into a private-use one (U+E00A, U+E00D, U+E028, U+E029), one way only: a path that really
 * holds one of those stays as it is, so `**` still matches it. The price, accepted as those
 * characters are rare in names: a pattern naming a line break also matches a path holding its
 * private-use stand-in in that place, and the other way round.
 */
import ignore, { type Ignore } from 'ignore';

const SWAP: Readonly<Record<string, string>> = {
  '\n': '\ue00a',
  '\r': '\ue00d',
  '\u2028': '\ue028',
  '\u2029': '\ue029'
};
const LINE_BREAKS = /[\n\r\u2028\u2029]/g;

/** `text` with the line breaks a regex's `.` skips turned into private-use characters. */
export function forIgnore(text: string): string {
  return text.replace(LINE_BREAKS, c => SWAP[c]);
}

/** A matcher of `patterns` (each one pattern, whatever characters it holds). */
export function ignoreMatcher(patterns: readonly string[]): Ignore {
  return ignore().add(patterns.map(forIgnore));
}

/** A matcher of a `.gitignore` file's text: one pattern a line (LF or CRLF). */
export function gitignoreMatcher(text: string): Ignore {
  return ignoreMatcher(text.split(/\r?\n/));
}

/** Whether `m` ignores `rel` (relative, '/' separators). */
export function ignoresPath(m: Ignore, rel: string): boolean {
  return m.ignores(forIgnore(rel));
}
