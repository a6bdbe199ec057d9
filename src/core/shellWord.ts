/**
 * `text` as one POSIX shell word, for a command the user copies: a name that came from an MLflow
 * tag (which anyone who can write to the run can set) is quoted unless it is plainly a word.
 */
export function shellWord(text: string): string {
  return /^[\w.-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
