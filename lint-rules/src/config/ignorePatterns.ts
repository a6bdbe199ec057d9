/**
 * One owner of asking the `ignore` package (gitignore semantics) about a path: the config's
 * `ignore` and `perFileIgnores` (resolve.ts) and the CLI's `.gitignore` filter (cli/files.ts).
 *
 * `ignore` compiles `**` and `*` to regexes whose `.` matches no line break (LF, CR, U+2028,
 * U+2029), so `**\/scratch/**` skipped `plain/scratch/n.ipynb` but not `we\nird/scratch/n.ipynb`.
 * Patterns and paths are both passed through `forIgnore`, which swaps each of those characters
 * with a private-use one (U+E00A, U+E00D, U+E028, U+E029) and back: a swap is one-to-one, so a
 * pattern naming one of them still matches only a path holding that very character (and only a
 * path holding U+E00A and the like, rare as they are, is left to the regex's old limits).
 */
import ignore, { type Ignore } from 'ignore';

const SWAP: Readonly<Record<string, string>> = {
  '\n': '\ue00a',
  '\ue00a': '\n',
  '\r': '\ue00d',
  '\ue00d': '\r',
  '\u2028': '\ue028',
  '\ue028': '\u2028',
  '\u2029': '\ue029',
  '\ue029': '\u2029'
};
const SWAPPED = /[\n\r\u2028\u2029\ue00a\ue00d\ue028\ue029]/g;

/** `text` with the line breaks a regex's `.` skips swapped with private-use characters. */
export function forIgnore(text: string): string {
  return text.replace(SWAPPED, c => SWAP[c]);
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
