/**
 * Text the lab shows that is made where no translator is at hand (a Web Worker, a pure
 * function, an error thrown deep in a write): it is kept as a `Say`, a function that says it
 * through whatever translator it is given, written as a literal `tr.__('...')` call so that
 * translation extraction finds the msgid. English is said at once (logs, tests, the CLI's
 * language); the place that shows the text says it again in the user's language.
 */

/** The part of a TranslationBundle saying a message needs (the lab's bundle, or `english`). */
export interface Translator {
  __(msgid: string, ...args: (string | number)[]): string;
}

/** English, with `%1`... replaced as JupyterLab's null translator does; no dependencies. */
export const english: Translator = {
  __: (msgid, ...args) =>
    msgid.replace(/%(\d+)/g, (match, n: string) =>
      Number(n) <= args.length ? String(args[Number(n) - 1]) : match
    )
};

/** A message, said in the language of the translator it is given. */
export type Say = (tr: Translator) => string;

/** An error a user reads: `message` is English, `errorText` says it in the lab's language. */
export class TranslatableError extends Error {
  constructor(readonly say: Say) {
    super(say(english));
    this.name = 'TranslatableError';
  }
}

/**
 * What to show for a caught error: said through `tr` when the error carries a `say` (a
 * TranslatableError, or an NbcraftApiError made in the lab), else its own message (text from
 * the server or a library, which the lab cannot translate).
 */
export function errorText(error: unknown, tr: Translator): string {
  const say = (error as { say?: unknown } | null)?.say;
  if (typeof say === 'function') {
    return (say as Say)(tr);
  }
  return error instanceof Error ? error.message : String(error);
}
