/**
 * What the lint says about a notebook as a whole (a non-Python kernel, a cell that does not
 * parse, a broken or ignoring config, a failure). Linting runs where there is no translator
 * (a Web Worker), so a notice is made in English there and keeps its template and arguments;
 * the views say it again through the lab's translations with `noticeText`. Every text is
 * written once, here, as a literal `__` call (what translation extraction looks for).
 */
import type { ConfigError } from '@nbcraft/lint-rules';

import { english, type Translator } from '../core/translatable';
import type { LintNotice, LintNoticeKind } from './lintReport';
import { USER_SETTINGS_SOURCE } from './lintSettings';

export { english };

/** The notices' templates, by id, with their arguments. */
export interface NoticeArgs {
  kernel: [language: string];
  syntax: [cell: number];
  syntaxAt: [cell: number, line: number, detail: string];
  failure: [detail: string];
  ruleFailure: [rule: string, detail: string];
  ignored: [file: string];
  ignoredByConfig: [];
  config: [where: string];
  settings: [key: string, detail: string];
}
export type NoticeId = keyof NoticeArgs;

const KIND: Record<NoticeId, LintNoticeKind> = {
  kernel: 'kernel',
  syntax: 'syntax',
  syntaxAt: 'syntax',
  failure: 'failure',
  ruleFailure: 'failure',
  ignored: 'ignored',
  ignoredByConfig: 'ignored',
  config: 'config',
  settings: 'config'
};

function say<T extends NoticeId>(
  id: T,
  args: NoticeArgs[T],
  tr: Translator
): string {
  const a = args as (string | number)[];
  switch (id) {
    case 'kernel':
      return tr.__(
        'This notebook’s kernel language is "%1": nbcraft checks Python cells only, so only language-independent rules (secrets, outputs, execution order) apply here.',
        ...a
      );
    case 'syntax':
      return tr.__(
        'Cell %1 does not parse; the checks that need its code are skipped until it does.',
        ...a
      );
    case 'syntaxAt':
      return tr.__(
        'Cell %1 does not parse (line %2: %3); the checks that need its code are skipped until it does.',
        ...a
      );
    case 'failure':
      return tr.__('nbcraft could not lint this notebook: %1', ...a);
    case 'ruleFailure':
      return tr.__(
        'nbcraft could not lint this notebook (%1): %2. Switch the rule off in nbcraft.json to lint the rest, and please report it.',
        ...a
      );
    case 'ignored':
      return tr.__(
        '%1 ignores this notebook ("ignore"), so nbcraft lint skips it.',
        ...a
      );
    case 'ignoredByConfig':
      return tr.__(
        'The config ignores this notebook ("ignore"), so nbcraft lint skips it.'
      );
    case 'config':
      return tr.__(
        'nbcraft config error in %1. Fix the file (or the setting) to lint this notebook; nothing was changed.',
        ...a
      );
    case 'settings':
      return tr.__(
        'nbcraft config error in %1: %2: %3. Fix the setting to lint this notebook; nothing was changed.',
        tr.__('Settings > nbcraft lint > rules'),
        ...a
      );
    default:
      return String(id);
  }
}

/** A notice, said in English, that the views can say again in the user's language. */
export function makeNotice<T extends NoticeId>(
  id: T,
  ...args: NoticeArgs[T]
): LintNotice {
  return {
    kind: KIND[id],
    message: say(id, args, english),
    template: { id, args }
  };
}

/** The notice for a broken config: the config file's, or the user's lint settings'. */
export function configNotice(error: ConfigError): LintNotice {
  return error.file === USER_SETTINGS_SOURCE
    ? makeNotice('settings', error.key, error.message)
    : makeNotice('config', error.describe());
}

/** What a view shows for a notice: translated when it was made from a template. */
export function noticeText(notice: LintNotice, tr: Translator): string {
  const template = notice.template;
  if (!template || !isNoticeId(template.id)) {
    return notice.message;
  }
  return say(template.id, template.args as NoticeArgs[NoticeId], tr);
}

function isNoticeId(id: string): id is NoticeId {
  return Object.prototype.hasOwnProperty.call(KIND, id);
}
