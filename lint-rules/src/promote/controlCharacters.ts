/**
 * One owner of "does this text hold a character a reader cannot see?" for the paths and
 * names promote is given (the lab's preview, the `nbcraft promote` CLI's flags and
 * `promote:` tags, the project config's promote folders), the same sets the server refuses
 * (nbcraft/relative_path.py), both tested against test/fixtures/hidden-characters.json:
 * - a control character: Unicode category Cc (C0, DEL and the C1 controls U+0080-U+009F,
 *   such as NEL) plus the line and paragraph separators U+2028/U+2029, which start a new
 *   line in a CI log;
 * - an invisible or direction-changing character: category Cf (U+200B-U+200F,
 *   U+202A-U+202E, U+2060-U+2069, U+FEFF, the soft hyphen U+00AD ...).
 * Either hides in a preview: `te\u0085sts` and `te\u200bsts` both show as `tests`.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
const INVISIBLE_CHARACTER = /\p{Cf}/u;
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Which hidden character `text` holds, a control character first; undefined for none. */
export function hiddenCharacter(
  text: string
): 'control' | 'invisible' | undefined {
  if (CONTROL_CHARACTER.test(text)) return 'control';
  return INVISIBLE_CHARACTER.test(text) ? 'invisible' : undefined;
}

/** A code point as a message writes it: `\uXXXX`, or `\u{XXXXX}` past the BMP. */
function escaped(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16);
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * `text` with each control, invisible or direction-changing character written as `\uXXXX`,
 * so a message shows where it is and stays on one line.
 */
export function showControlCharacters(text: string): string {
  return text.replace(HIDDEN_CHARACTERS, escaped);
}

/**
 * The hidden characters (see the top of the file) but the line break and tab a CLI's own
 * output is made of.
 */
const HIDDEN_CHARACTERS_IN_OUTPUT = /[^\P{Cc}\n\t]|[\p{Cf}\u2028\u2029]/gu;
/** The hidden characters but LF, CR and tab, which a runner command's own escaping writes. */
const HIDDEN_CHARACTERS_IN_COMMAND = /[^\P{Cc}\n\r\t]|[\p{Cf}\u2028\u2029]/gu;

/**
 * `text` for the data of a GitHub or Azure logging command, before their own `%` escaping:
 * each control character but LF, CR and tab (ESC starting a terminal sequence, BEL, VT, NEL)
 * and each invisible or direction-changing one (U+202E), and U+2028/U+2029, written as
 * `\uXXXX`, as stylish shows them. The runners unescape only their own `%XX`, so there is no
 * way to carry such a character whole; a file name holding one is shown escaped.
 */
export function showHiddenInCommand(text: string): string {
  return text.replace(HIDDEN_CHARACTERS_IN_COMMAND, escaped);
}

/**
 * A CI logging command: Azure Pipelines' agent runs `##vso[` found anywhere in a line, the
 * GitHub runner its legacy `##[` anywhere too (either case), and GitHub's `::name::` at the
 * start of a line after leading whitespace.
 */
const MID_LINE_COMMAND = /##(vso)?\[/giu;
const LINE_START_COMMAND = /^([^\S\n]*)::/gmu;

/**
 * `text` (a CLI's output, whole lines) safe to print on a CI runner: each control character
 * but `\n` and `\t`, and each invisible or direction-changing one (a U+202E in a cell's
 * code would reorder what a reviewer reads in `--dry-run`'s listing), written as `\uXXXX`
 * and the rest left byte for byte; the `[` of `##vso[` and `##[` as `\u005b` and the
 * first `:` of a line-starting `::` as `\u003a`, so no text from a notebook, its tags or
 * its file name (`x\n##vso[task.setvariable ...]`) can run as a logging command.
 * Each chunk is taken to start a line (the CLI writes whole lines).
 */
export function ciSafe(text: string): string {
  return escapeCiCommands(
    text.replace(HIDDEN_CHARACTERS_IN_OUTPUT, escaped),
    escaped
  );
}

/**
 * `text` with what would start a CI logging command (the `[` of `##vso[` and `##[`, the first
 * `:` of a line-starting `::`) written by `escape`, the output format's own way to write one
 * character (`\u005b` in JSON, `&#x5b;` in XML), so what a reader parses back is unchanged.
 */
export function escapeCiCommands(
  text: string,
  escape: (char: string) => string
): string {
  // each command holds `##` or `::` and no line break: only the blocks of whole lines holding
  // them are matched (bench/COST.md, thirteenth pass: over an 8 MB JSON report the two
  // expressions cost twice JSON.stringify); `^` still matches at a block's start, after a `\n`
  const mid = replaceInBlocks(
    text,
    lineBlocks(text),
    block => block.includes('##'),
    block =>
      block.replace(
        MID_LINE_COMMAND,
        found => `${found.slice(0, -1)}${escape('[')}`
      )
  );
  return replaceInBlocks(
    mid,
    lineBlocks(mid),
    block => block.includes('::'),
    block =>
      block.replace(
        LINE_START_COMMAND,
        (_found, space: string) => `${space}${escape(':')}:`
      )
  );
}

/** The size, in UTF-16 units, from which replaceInBlocks ends a block. */
export const BLOCK = 65536;

/** For replaceInBlocks: blocks of whole lines, each ending after the first `\n` past BLOCK units. */
function lineBlocks(text: string): (from: number) => number {
  return from => {
    const nl = text.indexOf('\n', from + BLOCK);
    return nl === -1 ? text.length : nl + 1;
  };
}

/**
 * `replace(text)` done block by block, for a replacement whose matches never cross the edge of a
 * block (`end(from)` says where the block starting at `from` ends) and never lie in a block
 * `mayMatch` rejects: those blocks are passed over by a native search instead of a regular
 * expression tried at every position, and the text is copied only when a block changed (a copy of
 * a large report costs as much as the search). The worst case, a match in every block, costs
 * what `replace(text)` did.
 */
export function replaceInBlocks(
  text: string,
  end: (from: number) => number,
  mayMatch: (block: string) => boolean,
  replace: (block: string) => string
): string {
  let out = '';
  let done = 0;
  for (let from = 0; from < text.length;) {
    const to = end(from);
    const block = text.slice(from, to);
    if (mayMatch(block)) {
      const safe = replace(block);
      if (safe !== block) {
        out += text.slice(done, from) + safe;
        done = to;
      }
    }
    from = to;
  }
  return done === 0 ? text : out + text.slice(done);
}
