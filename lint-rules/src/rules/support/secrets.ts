/**
 * Shared scanner for the hard-coded secret rules: looks in every cell's source (any language)
 * and in its outputs, and locates each match in the file itself.
 */
import { locateInFile } from './fileSpan';
import { defineRule, LintCell, Rule, RuleCategory } from '../../engine/types';

export interface SecretRuleSpec {
  code: string;
  id: string;
  description: string;
  /** what the secret is, for the message ("Databricks personal access token") */
  label: string;
  /** a global regex; group `secret` (or the whole match) is the secret */
  pattern: RegExp;
  /** extra check on a match (e.g. entropy or placeholder filter) */
  accept?: (secret: string) => boolean;
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
export function looksLikePlaceholder(
  value: string,
  lineComment?: string
): boolean {
  const core = undecorated(value);
  return (
    placeholderText(value) ||
    (core !== value && placeholderText(core)) ||
    LOCAL_SERVER_KEYS.has(value.toLowerCase()) ||
    (lineComment !== undefined &&
      COMMENT_SAYS_NOT_A_SECRET.test(lineComment) &&
      !keyShaped(value))
  );
}

/**
 * The fixed keys OpenAI-compatible local model servers document for a client that insists on
 * one (the server ignores it): vLLM's `"EMPTY"`, LM Studio's `"lm-studio"`, Ollama's `"ollama"`
 * ("required but ignored"), llama.cpp server's `"sk-no-key-required"`, and the `"not-needed"` of
 * their tutorials. Compared whole, in any case: `sk-...` with a real key's random tail is not one.
 */
const LOCAL_SERVER_KEYS = new Set([
  'empty',
  'lm-studio',
  'lmstudio',
  'ollama',
  'sk-no-key-required',
  'not-needed',
  'no-key-required'
]);

/**
 * The comment on the value's own line says it is no secret: `api_key="whatever",  # empty api_key
 * for local endpoint`, `# dummy`, `# placeholder`, `# fake key`, `# not needed`. A word elsewhere in
 * the cell says nothing about this value.
 */
const COMMENT_SAYS_NOT_A_SECRET =
  /\b(dummy|placeholder|fake|empty|unused|ignored)\b|\bnot (needed|required|used|checked|validated)\b/i;

/**
 * A value with a generated key's shape (20+ characters mixing letters and digits, no spaces): a
 * comment calling it a dummy does not make a pasted key harmless.
 */
function keyShaped(value: string): boolean {
  return (
    value.length >= 20 &&
    !/\s/.test(value) &&
    /[A-Za-z]/.test(value) &&
    /\d/.test(value)
  );
}

/**
 * The comment after offset `to` on the same line of a parsed Python cell (its text after `#`),
 * from the parse tree (a `#` inside a later string is no comment), or undefined.
 */
export function lineCommentAfter(lc: LintCell, to: number): string | undefined {
  const source = lc.cell.source;
  const lineEnd = source.indexOf('\n', to);
  const end = lineEnd < 0 ? source.length : lineEnd;
  const tree = lc.isPython ? lc.analysis?.parsed.tree : null;
  if (!tree || !source.slice(to, end).includes('#')) {
    return undefined;
  }
  let comment: string | undefined;
  tree.iterate({
    from: to,
    to: end,
    enter(node) {
      if (comment !== undefined) {
        return false;
      }
      if (node.name === 'Comment' && node.from >= to) {
        comment = lc.textOf(node).slice(1);
      }
      return undefined;
    }
  });
  return comment;
}

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

function placeholderText(value: string): boolean {
  return (
    /^(x+|\*+|\.+|<[^>]*>|\{\{.*\}\}|\$\{.*\}|your[_-]?\w*|changeme|example\w*|dummy|test|placeholder|redacted|none|null|todo)$/i.test(
      value
    ) ||
    /(.)\1{7,}/.test(value) ||
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
): Rule<Record<string, never>, 'inSource' | 'inOutput'> {
  const prefilter = needleTest(spec.mustContain);
  return defineRule({
    meta: {
      code: spec.code,
      id: spec.id,
      category: spec.category ?? 'security',
      description: spec.description,
      defaultSeverity: 'error',
      recommended: true,
      scope: 'cell',
      messages: {
        inSource: `Hard-coded ${spec.label} ({{secret}}); load it from a secret store or an environment variable and revoke this one.`,
        inOutput: `${spec.label[0].toUpperCase()}${spec.label.slice(1)} ({{secret}}) in output {{output}}; clear the outputs and revoke it.`
      }
    },
    create(context) {
      const group = joinGroup(context.cells, spec.mustContain);
      const scan = (
        text: string,
        each: (secret: string, index: number) => void
      ) => {
        if (!prefilter.test(text)) {
          return;
        }
        spec.pattern.lastIndex = 0;
        for (let m = spec.pattern.exec(text); m; m = spec.pattern.exec(text)) {
          const secret = m.groups?.secret ?? m[0];
          const index = m.index + m[0].lastIndexOf(secret);
          if (!spec.accept || spec.accept(secret)) {
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
            scan(cell.source, (secret, index) => {
              context.report({
                messageId: 'inSource',
                data: { secret: redact(secret) },
                cell,
                from: index,
                to: index + secret.length
              });
            });
          }
          cell.outputs.forEach((output, k) => {
            if (!texts[k + 1]) {
              return;
            }
            // a log that prints the same token again and again: one finding per token and output
            const seen = new Set<string>();
            scan(output.text, secret => {
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
