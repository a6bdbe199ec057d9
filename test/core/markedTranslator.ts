import type { Translator } from '../../src/core/translatable';

/**
 * A translator that marks what went through it and keeps the arguments apart:
 * `«msgid»[arg|arg]`. English outside «» was not translated.
 */
export const marked: Translator = {
  __: (msgid: string, ...args: (string | number)[]) =>
    `«${msgid}»[${args.join('|')}]`
};
