/**
 * One owner of "does this text hold a control character?" for the paths and names promote
 * is given (the lab's preview, the `nbcraft promote` CLI's flags and `promote:` tags, the
 * project config's promote folders): Unicode category Cc (C0, DEL and the C1 controls
 * U+0080-U+009F, such as NEL) plus the line and paragraph separators U+2028/U+2029, the
 * same set the server refuses (nbcraft/relative_path.py). Such a character hides in a
 * preview (`te\u0085sts` shows as `tests`) and starts a new line in a CI log.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/gu;

/** `text` holds a control character (a pasted tab or line break, NEL, U+2028). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** `text` with each control character written as `\uXXXX`, so a message shows where it is and stays on one line. */
export function showControlCharacters(text: string): string {
  return text.replace(
    CONTROL_CHARACTERS,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}
