/**
 * Shared scanner for the hard-coded secret rules: looks in every cell's source (any language)
 * and in its outputs, and locates each match in the file itself.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { z } from 'zod';
import { isCredentialName } from './credentialNames';
import { locateInFile } from './fileSpan';
import {
  isPresignedUrlCredential,
  PRESIGNS,
  redirectedTo
} from './presignedUrls';
import { defineRule, LintCell, Rule, RuleCategory } from '../../engine/types';

export interface SecretRuleSpec {
  code: string;
  id: string;
  description: string;
  /** what the secret is, for the message ("Databricks personal access token") */
  label: string;
  /** a global regex; group `secret` (or the whole match) is the secret */
  pattern: RegExp;
  /**
   * extra check on a match (e.g. entropy or placeholder filter); `text` is the whole source or
   * output the match is in, `index` where the secret starts in it
   */
  /**
   * whether to report the match; `inOutput`: `text` is an output's, else the cell's source, whose
   * parsed tree `tree` is when the cell is Python that parsed (offsets as in `text`); `options`
   * the rule's parsed options
   */
  accept?: (
    secret: string,
    text: string,
    index: number,
    inOutput: boolean,
    tree: Tree | null,
    options: Record<string, unknown>,
    notebookEvidence: () => boolean
  ) => boolean;
  /**
   * what `accept`'s `notebookEvidence()` tests: whether a code cell's source matches this (read
   * once per notebook, on first call; false when unset)
   */
  notebookEvidence?: RegExp;
  /** zod schema of the rule's options (none by default) */
  options?: z.ZodObject;
  category?: RuleCategory;
  /** the regex only runs on texts containing one of these (keeps the scan cheap) */
  mustContain: string[];
}

/** Shows enough of a secret to find it, never the whole value. */
export function redact(secret: string): string {
  return secret.length <= 8
    ? '****'
    : `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

/**
 * Common placeholders that are not secrets, also inside the decoration samples wrap them in
 * (`__add the client secret__`, `__put_your_workspace_here__`, `**changeme**`).
 */
export function looksLikePlaceholder(value: string): boolean {
  const core = undecorated(value);
  return (
    placeholderText(value) ||
    (core !== value && placeholderText(core)) ||
    isTemplateToken(value)
  );
}

/**
 * A token that a deployment step substitutes before the code runs: one upper-case name between
 * the delimiters of a token-replacement tool. The Azure Pipelines "Replace Tokens" task and the
 * replace-tokens GitHub Actions default to `#{NAME}#` (token prefix `#{`, suffix `}#`), the
 * 4tecture Tokenizer task replaces `__NAME__` (undecorated above), Azure Pipelines' macro syntax
 * is `$(name)`, a Windows batch variable `%NAME%`, CMake's configure_file and autoconf substitute
 * `@NAME@`; workshop set-up scripts use `#NAME#` (solliancenet's azure-synapse-analytics-workshop
 * replaces `"#STORAGE_ACCOUNT_KEY#"`). The whole value must be the token, and what is between the
 * delimiters must read as a variable's name: letter words joined by `_` (and `.` inside `$(...)`
 * and `#{...}#`: `$(System.AccessToken)`), or camelCase (`#{DbPassword}#`), a word of digits only
 * after the first (`DB_PASSWORD_2`), never digits mixed into a word, and nothing shaped like a key
 * (looksLikeKey). `#`, `%` and `@` take an upper-case name only. So `"#Hunter22#"`,
 * `"%hunter22%"`, `"%HUNTER22%"`, `"$(hunter2)"`, `"#{s3cr3tT0k3n}#"` and `"@AKIAX7Q2ZV9P@"` are
 * passwords wrapped in delimiters, reported.
 */
function isTemplateToken(value: string): boolean {
  return (
    (/^([#%@])[A-Z]+(?:_(?:[A-Z]+|\d+))*\1$/.test(value) ||
      /^(?:#\{[ \t]*[A-Za-z]+(?:[_.](?:[A-Za-z]+|\d+))*[ \t]*\}#|\$\([A-Za-z]+(?:[_.](?:[A-Za-z]+|\d+))*\))$/.test(
        value
      )) &&
    !looksLikeKey(value)
  );
}

/**
 * Whether `value`, under `name`, only repeats what the field is called: `password = "password"`,
 * `registry.username = "username"`, `db_password = "Password"`, `API_KEY = "api_key"` (Azure ML's
 * private-registry sample fills `ContainerRegistry().password` so): a label the reader replaces,
 * like `"<password>"` without its brackets. Compared without case, `_`, `-` and spaces; the value
 * must be the whole name or its last word, and itself a credential's name. `"password1"`,
 * `password = "secret123"` or `db_password = "db"` are reported.
 */
export function namesItsField(name: string, value: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '');
  const v = fold(value);
  if (v === '') {
    return false;
  }
  if (fold(name) === v) {
    return true;
  }
  // the name's last words (`db_password`, `my_api_key`, `dbPassword`), the value a credential's
  // name itself: `password_production = "production"` is a password
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[-_ .]+/)
    .map(fold);
  for (let k = 1; k < words.length; k++) {
    if (words.slice(-k).join('') === v) {
      return isCredentialName(value);
    }
  }
  return false;
}

/** a run of base64 or URL-safe base64 characters long enough to be a key */
const RANDOM_RUN = /[A-Za-z0-9+/=_-]{24,}/g;

/**
 * Whether `value` is shaped like a key whatever its name: 32 or more hex digits, or a run of 24
 * base64 characters or more with a digit and a letter and at least 4.2 bits a character (an Azure
 * account key, a random API key; English words, paths and ids stay below). The server's generic
 * shapes (nbcraft/secret_shapes.py `secret_kind`), ported.
 */
export function looksLikeKey(value: string): boolean {
  if (/\b[0-9a-fA-F]{32,}\b/.test(value)) {
    return true;
  }
  return (value.match(RANDOM_RUN) ?? []).some(
    run => /\d/.test(run) && /[A-Za-z]/.test(run) && entropy(run) >= 4.2
  );
}

/** Shannon entropy in bits per character */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    bits -= (n / text.length) * Math.log2(n / text.length);
  }
  return bits;
}

/**
 * A comment that calls the value on its line no secret: `# dummy`, `# placeholder`, `# fake key`,
 * `# not needed`, `# empty api_key for local endpoint`. Not `# not checked in`, `# ignored by
 * .gitignore`, `# unused` or `# TODO: empty before sharing`: those say where a real password is
 * kept, not that it is none.
 */
const COMMENT_SAYS_NOT_A_SECRET =
  /\b(dummy|placeholder|fake)\b|\bnot (needed|required)\b|\bempty (api[_ -]?)?(key|token|password|secret)\b/i;

/**
 * A value that reads as a word, not a password (`whatever`, `not-needed`): letters, `_` and `-`,
 * at most 16 characters. A digit or a symbol makes it password-shaped whatever a comment says.
 */
const WORD_VALUE = /^[A-Za-z][A-Za-z_-]{0,15}$/;

/** What one source line holds, for the comment exemption: its comment and its string count. */
interface LineFacts {
  /** the comment's offset and text after `#`, or undefined */
  commentFrom?: number;
  comment?: string;
  /** string literals starting on the line */
  strings: number;
}

/** per cell, by line start: filled the first time a value on the line is asked about */
const lineFactsCache = new WeakMap<LintCell, Map<number, LineFacts>>();

function lineFacts(
  lc: LintCell,
  lineStart: number,
  lineEnd: number
): LineFacts {
  let byLine = lineFactsCache.get(lc);
  if (!byLine) {
    byLine = new Map();
    lineFactsCache.set(lc, byLine);
  }
  let facts = byLine.get(lineStart);
  if (facts) {
    return facts;
  }
  const found: LineFacts = { strings: 0 };
  // one walk over the line's nodes, once per line: a line of thousands of calls is read once,
  // not once per value on it
  lc.analysis?.parsed.tree?.iterate({
    from: lineStart,
    to: lineEnd,
    enter(node) {
      if (node.from < lineStart) {
        return undefined; // an enclosing node: look inside
      }
      if (node.name === 'String' || node.name === 'FormatString') {
        found.strings++;
        return false;
      }
      if (node.name === 'Comment' && found.commentFrom === undefined) {
        found.commentFrom = node.from;
        found.comment = lc.textOf(node).slice(1);
      }
      return undefined;
    }
  });
  facts = found;
  byLine.set(lineStart, facts);
  return facts;
}

/**
 * Whether the comment on the value's own line calls it no secret, and the value is the only
 * thing the comment can be about: a word-shaped value (WORD_VALUE), the only string on its line,
 * the last thing before the comment (only `,` and `)` between them) and, in an assignment, under
 * one target. `api_key="whatever",  # empty api_key for local endpoint` is exempt;
 * `connect(user="admin", password="S3cret")  # user is a dummy`,
 * `create_engine(url, password="Winter", echo=False)  # echo not needed` and
 * `password = "Tr0ub4dor&3x"  # dummy` are not.
 */
export function commentCallsItNoSecret(
  lc: LintCell,
  value: SyntaxNode,
  text: string
): boolean {
  if (!WORD_VALUE.test(text) || !lc.isPython || !lc.analysis) {
    return false;
  }
  // the line from the cell's line index (no scan along a long line per value)
  const { line, column } = lc.positionAt(value.from);
  const lineStart = value.from - column;
  const facts = lineFacts(lc, lineStart, lineStart + lc.lines[line].length);
  // the text between value and comment is read last: only the one string of its line gets there
  if (
    facts.strings !== 1 ||
    facts.commentFrom === undefined ||
    facts.commentFrom < value.to ||
    !COMMENT_SAYS_NOT_A_SECRET.test(facts.comment ?? '') ||
    !/^[\s,)]*$/.test(lc.cell.source.slice(value.to, facts.commentFrom))
  ) {
    return false;
  }
  const statement = value.parent;
  if (statement?.name === 'AssignStatement') {
    // one `=` and one plain target before it: `user, password = ...` is about either
    let assigns = 0;
    let targets = 0;
    for (let c = statement.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') {
        assigns++;
      } else if (
        assigns === 0 &&
        c.name !== 'TypeDef' &&
        c.name !== 'Comment'
      ) {
        targets++;
      }
    }
    const first = statement.firstChild;
    if (
      assigns !== 1 ||
      targets !== 1 ||
      !first ||
      SEQUENCE_TARGETS.has(first.name)
    ) {
      return false;
    }
  }
  return true;
}

const SEQUENCE_TARGETS = new Set(['TupleExpression', 'ArrayExpression']);

/**
 * `value` without the run of two or more `_`/`*` at each end (both ends or it is left alone).
 * Counted by hand: a lazy regex over the whole value backtracks cubically on a long run.
 */
function undecorated(value: string): string {
  const deco = (c: string) => c === '_' || c === '*';
  let start = 0;
  while (start < value.length && deco(value[start])) {
    start++;
  }
  let end = value.length;
  while (end > start && deco(value[end - 1])) {
    end--;
  }
  return start >= 2 && value.length - end >= 2 && end > start
    ? value.slice(start, end)
    : value;
}

/**
 * An instruction in words ("add your client secret here", "paste key here"): letters and single
 * spaces only. A single token with digits or symbols ("add-me-123", "Welcome1_here") can be a
 * real password that merely starts or ends like an instruction.
 */
function readsAsProse(value: string): boolean {
  return /^[A-Za-z]+(?: [A-Za-z]+)+$/.test(value);
}

/**
 * An instruction run together in camel case, the default of a Colab form field the reader
 * overwrites (`password = "EnterYourOwnInfoHere"  #@param {type:"string"}`, `"YourPasswordHere"`).
 * Only letters, two words or more, each capitalised after the first; the first word tells the
 * reader to act (Enter/Add/Paste/Put/Insert/Type/Replace) or says "Your", and a word names what
 * goes there (password, key, token, secret, info, credential, id), and the phrase ends in "Here"
 * or in that noun. Anything else run together is a passphrase as far as we can tell
 * (`"WeLoveYourSmile"`, `"MyDogIsHere"`, `"PutItHere"`, `"MySecretPassword"`): a missed secret
 * costs more than a false positive, so no wider placeholder test is asked of the words.
 */
function camelInstruction(value: string): boolean {
  if (!/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(value)) {
    return false;
  }
  const words = value.match(/^[a-z]+|[A-Z][a-z]+/g) as string[];
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  const noun = (w: string) => CAMEL_NOUNS.has(w);
  const last = words[words.length - 1];
  return (
    CAMEL_FIRST.has(words[0]) &&
    words.some(noun) &&
    (last === 'Here' || noun(last))
  );
}

const CAMEL_FIRST = new Set([
  'Enter',
  'Add',
  'Paste',
  'Put',
  'Insert',
  'Type',
  'Replace',
  'Your'
]);
const CAMEL_NOUNS = new Set([
  'Password',
  'Key',
  'Token',
  'Secret',
  'Info',
  'Credential',
  'Credentials',
  'Id'
]);

/**
 * Nonsense a sample types where any text will do (`"blabla"`, `"blahblah"`, `"lorem ipsum"`):
 * only the whole value, in lower case, so `"blabla123!"`, `"Blahhhhh"` or `"bla"` stay passwords.
 * `"foobar"` is not among them: it is on the common-password lists a guesser tries first.
 */
const FILLER = /^(?:blabla|blahblah|lorem ipsum)$/;

function placeholderText(value: string): boolean {
  return (
    FILLER.test(value) ||
    camelInstruction(value) ||
    /^(x+|\*+|\.+|<[^>]*>|\{\{.*\}\}|\$\{.*\}|your[_-]?\w*|changeme|example\w*|dummy|test|placeholder|redacted|none|null|todo)$/i.test(
      value
    ) ||
    /(.)\1{7,}/.test(value) ||
    // a value masked group by group, its shape kept: `"xx-xx-xxx"`, `"xxxx-xxxx-xxxx"`, `"***_***"`
    // (a cookbook's `clientSecret = "xx-xx-xxx-xxx"` beside `tenantID = "xxx-xxx-xxxx"`): only
    // mask characters and separators, nothing a key could be made of
    /^[xX*]+(?:[-_. ][xX*]+)+$/.test(value) ||
    // a key format's prefix with the rest elided (round 26: `"nvapi-*"`, and `"sk-..."`,
    // `"hf_..."`, `"sk-ant-…"`): nothing of the reader's key is written
    /^[A-Za-z]{2,6}(?:-[A-Za-z]{2,6})?[-_](?:\*+|\.{2,}|…)$/.test(value) ||
    /XXXX|EXAMPLE|your[_-]?(key|token|secret)/i.test(value) ||
    // readable phrases such as "my-client-secret" or "<insert password>" describe a value, they are not one
    /^(my|your|the|insert|enter|put)[-_ ]/i.test(value) ||
    // instructions ("paste key here", "fill in the token"): only when they read as prose and
    // name what goes there ("Paste Orange Wombat", "add salt and pepper" can be passphrases)
    (readsAsProse(value) &&
      (/^(add|paste|fill in|replace|type) /i.test(value) ||
        / here$/i.test(value)) &&
      /\b(your|the|a|an|key|token|secret|password|value|credential)\b/i.test(
        value
      )) ||
    /[-_ ](secret|password|token|key)$/i.test(value) ||
    // form and template placeholders of tutorial notebooks: "[your-hf-token]", "{API KEY}",
    // "Bearer <your-api-key>", "PATH-TO-YOUR-CREDENTIALS"
    /^\[[^\]]*\]$/.test(value) ||
    /^\{[^{}]*\}$/.test(value) ||
    /<[A-Za-z][\w .-]*>/.test(value) ||
    /\byour[-_ ]?[a-z]/i.test(value)
  );
}

/**
 * One regex of the needles' alternatives: one pass over a text instead of one `includes` per
 * needle (the same texts pass; every source and output goes through every secret rule).
 */
function needleTest(needles: readonly string[]): RegExp {
  // no needle: no text passes (as `[].some(...)` said)
  return needles.length === 0
    ? /(?!)/
    : new RegExp(
        needles.map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
      );
}

/**
 * The needles of the secret rules enabled in one lint: a text that holds none of them holds no
 * secret of any of those rules. The rules run on one cell after the other, so each text is tested
 * once against all their needles (one regex pass) instead of once per rule, and a rule's own
 * needles only on the few texts that pass. One group per lint, keyed on its cells, which all its
 * rules' contexts share; it remembers the cell it last tested.
 */
interface NeedleGroup {
  needles: string[];
  test?: RegExp;
  cell?: LintCell;
  /** per text of `cell` (its source, then its outputs): whether it holds a needle */
  passed: boolean[];
  /** one of `passed` is true (most cells: none is, and the rules stop there) */
  anyPassed: boolean;
}
const groups = new WeakMap<readonly LintCell[], NeedleGroup>();
/** compiled tests by needle list: the same rules are enabled lint after lint */
const compiled = new Map<string, RegExp>();

function joinGroup(
  cells: readonly LintCell[],
  needles: readonly string[]
): NeedleGroup {
  let group = groups.get(cells);
  if (!group) {
    group = { needles: [], passed: [], anyPassed: false };
    groups.set(cells, group);
  }
  group.needles.push(...needles);
  group.test = undefined;
  group.cell = undefined;
  return group;
}

/** `group.passed` and `group.anyPassed` for the cell `lc`, tested once per cell for the group */
function testCandidates(group: NeedleGroup, lc: LintCell): void {
  if (group.cell === lc) {
    return;
  }
  if (!group.test) {
    const key = group.needles.join('\n');
    group.test = compiled.get(key) ?? needleTest(group.needles);
    compiled.set(key, group.test);
  }
  const test = group.test;
  const outputs = lc.cell.outputs;
  const passed = group.passed;
  passed.length = outputs.length + 1;
  let any = (passed[0] = test.test(lc.cell.source));
  for (let k = 0; k < outputs.length; k++) {
    any = (passed[k + 1] = test.test(outputs[k].text)) || any;
  }
  group.anyPassed = any;
  group.cell = lc;
}

export function secretRule(
  spec: SecretRuleSpec
): Rule<Record<string, unknown>, 'inSource' | 'inOutput'> {
  const prefilter = needleTest(spec.mustContain);
  return defineRule({
    meta: {
      code: spec.code,
      id: spec.id,
      category: spec.category ?? 'security',
      description: spec.description,
      defaultSeverity: 'error',
      recommended: true,
      options: spec.options,
      scope: 'cell',
      messages: {
        inSource: `Hard-coded ${spec.label} ({{secret}}); load it from a secret store or an environment variable and revoke this one.`,
        inOutput: `${spec.label[0].toUpperCase()}${spec.label.slice(1)} ({{secret}}) in output {{output}}; clear the outputs and revoke it.`
      }
    },
    create(context) {
      const group = joinGroup(context.cells, spec.mustContain);
      let presigns: boolean | undefined;
      let evidence: boolean | undefined;
      const evidenceRe = spec.notebookEvidence;
      const notebookEvidence = () =>
        (evidence ??=
          evidenceRe !== undefined &&
          context.notebook.cells.some(
            c => c.kind === 'code' && evidenceRe.test(c.source)
          ));
      /** whether a cell presigns a URL (read once, when a presigned URL's id is first met) */
      const notebookPresigns = () =>
        (presigns ??= context.notebook.cells.some(
          c => c.kind === 'code' && PRESIGNS.test(c.source)
        ));
      const scan = (
        text: string,
        inOutput: boolean,
        each: (secret: string, index: number) => void,
        tree: Tree | null = null
      ) => {
        if (!prefilter.test(text)) {
          return;
        }
        spec.pattern.lastIndex = 0;
        for (let m = spec.pattern.exec(text); m; m = spec.pattern.exec(text)) {
          const secret = m.groups?.secret ?? m[0];
          const index = m.index + m[0].lastIndexOf(secret);
          if (
            (!spec.accept ||
              spec.accept(
                secret,
                text,
                index,
                inOutput,
                tree,
                context.options,
                notebookEvidence
              )) &&
            !(
              inOutput &&
              isPresignedUrlCredential(text, index, secret.length) &&
              redirectedTo(text, index, secret.length) &&
              !notebookPresigns()
            )
          ) {
            each(secret, index);
          }
          if (m[0].length === 0) {
            spec.pattern.lastIndex++;
          }
        }
      };
      return {
        cell(lc) {
          testCandidates(group, lc);
          if (!group.anyPassed) {
            return;
          }
          const texts = group.passed;
          const cell = lc.cell;
          if (texts[0]) {
            const parsed = lc.analysis?.parsed;
            scan(
              cell.source,
              false,
              (secret, index) => {
                context.report({
                  messageId: 'inSource',
                  data: { secret: redact(secret) },
                  cell,
                  from: index,
                  to: index + secret.length
                });
              },
              parsed?.ok ? parsed.tree : null
            );
          }
          cell.outputs.forEach((output, k) => {
            if (!texts[k + 1]) {
              return;
            }
            // a log that prints the same token again and again: one finding per token and output
            const seen = new Set<string>();
            scan(output.text, true, secret => {
              if (seen.has(secret)) {
                return;
              }
              seen.add(secret);
              context.report({
                messageId: 'inOutput',
                data: { secret: redact(secret), output: k + 1 },
                cell,
                output: k,
                fileSpan: locateInFile(context.notebook, cell, secret)
              });
            });
          });
        }
      };
    }
  });
}
