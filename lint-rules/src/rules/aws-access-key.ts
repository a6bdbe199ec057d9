import type { Tree } from '@lezer/common';
import { LineIndex } from '../notebook/lines';
import { codeText } from '../python/literals';
import { looksLikePlaceholder, secretRule } from './support/secrets';

/** an AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more */
const KEY_ID = /^(?:AKIA|ASIA)/;

/**
 * Every value a text gives a secret access key by name (`aws_secret_access_key = "..."`,
 * `AWS_SECRET_ACCESS_KEY: '...'`, boto3's `aws_secret_access_key=...` keyword, the
 * `SecretAccessKey` of STS responses and CloudFormation): quoted (group 1), or not (group 2: an
 * INI file's `aws_secret_access_key = wJal...`, a variable `aws_secret_access_key=SECRET`).
 */
const SECRET_VALUE =
  /(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY|SecretAccessKey)["']?[ \t]*[=:][ \t]*(?:["']([^"'\n]*)["']|([^\s"',)#]*))/g;
/** an INI section header (`[default]`, `[profile dev]`): keys below it are another profile's */
const SECTION = /^[ \t]*\[[^\]\n]+\][ \t]*$/;
/** how many lines from an id its secret may be (one call, dict or INI section spans a few) */
const NEAR = 5;

/** the text's line of each offset and its secrets, read once per text (every id reuses them) */
let read:
  | {
      text: string;
      code: boolean;
      index: LineIndex;
      sections: number[];
      /** per line that gives secrets: whether every one it gives was scrubbed */
      sites: Map<number, boolean>;
    }
  | undefined;

/** whether the line before `column` has a `#` outside quotes: the value is in a comment */
function inComment(line: string, column: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < column; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return true;
  }
  return false;
}

/**
 * Whether the name of a secret site at `at` lies inside a string literal that says more than the
 * name: a usage note or a message (`USAGE = 'set aws_secret_access_key="YOUR_SECRET_KEY"'`) gives
 * no value to any key. A string that is the name alone is a dict or JSON key
 * (`{"aws_secret_access_key": "..."}`) and stays a site.
 */
function inProse(
  strings: readonly { from: number; to: number }[],
  text: string,
  at: number,
  name: string
): boolean {
  const s = strings.find(r => r.from < at && at < r.to);
  if (!s) return false;
  const body = text
    .slice(s.from, s.to)
    .replace(/^(["'])\1\1|["']$|^["']|["']{3}$/g, '');
  return body !== name;
}

/**
 * The text's secret sites. In a cell's source (`code`) a site is an assignment, a keyword
 * argument or a dict key; a name inside a longer string (inProse) is no site. A cell magic's
 * body (`%%writefile ~/.aws/credentials`, `%%bash`) and an output are read as the text they are
 * (an INI file's `aws_secret_access_key = ...`).
 */
function secretsOf(text: string, code: boolean): NonNullable<typeof read> {
  if (read?.text === text && read.code === code) return read;
  const strings =
    code && !text.startsWith('%%') && text.includes('ws_secret_access_key')
      ? codeText(text).strings
      : [];
  const index = new LineIndex(text);
  const sections: number[] = [];
  let section = 0;
  for (let line = 0; line < index.lineCount; line++) {
    if (SECTION.test(index.lineText(line))) section++;
    sections.push(section);
  }
  const sites = new Map<number, boolean>();
  for (const m of text.matchAll(SECRET_VALUE)) {
    if (
      strings.length &&
      inProse(
        strings,
        text,
        m.index,
        m[0].replace(/["']?[ \t]*[=:][\s\S]*$/, '')
      )
    )
      continue;
    const line = index.lineOf(m.index);
    // a template in a comment (`# aws_secret_access_key = "YOUR_SECRET_KEY"`) gives no value
    if (inComment(index.lineText(line), m.index - index.starts[line])) continue;
    const quoted = m[1] as string | undefined;
    // an unquoted value is a real secret or a variable holding one, never a placeholder
    const scrubbed =
      quoted !== undefined && (quoted === '' || looksLikePlaceholder(quoted));
    sites.set(line, (sites.get(line) ?? true) && scrubbed);
  }
  return (read = { text, code, index, sections, sites });
}

/**
 * Whether the secret paired with the id at `index` was scrubbed (`aws_secret_access_key =
 * "XXXXX"` next to it): the author scrubbed the secret and left the id. An authenticated AWS
 * request carries "a signature value ... generated from the requester's AWS access keys (access
 * key ID and secret access key)" (Amazon S3 User Guide, "Making requests"), so an id whose
 * secret was scrubbed authenticates nothing and there is nothing to revoke. The id's secret is
 * the nearest one given outside comments within NEAR lines in the same INI section (the same
 * call, dict or profile); at equal distance, any real one makes it real. An id with no secret
 * near it is still reported: its secret may be in the next cell or the environment, and a
 * placeholder elsewhere in the cell (another profile's, an unrelated dict's) says nothing of it.
 */
function secretScrubbed(text: string, index: number, code: boolean): boolean {
  const { index: lines, sections, sites } = secretsOf(text, code);
  if (sites.size === 0) return false;
  const line = lines.lineOf(index);
  // the nearest lines first: at most 2 * NEAR + 1 lookups per id
  for (let distance = 0; distance <= NEAR; distance++) {
    let found = false;
    let scrubbed = true;
    for (const at of distance === 0
      ? [line]
      : [line - distance, line + distance]) {
      const given = sites.get(at);
      if (given === undefined || sections[at] !== sections[line]) continue;
      found = true;
      scrubbed &&= given;
    }
    if (found) return scrubbed;
  }
  return false;
}

/**
 * the keyword arguments that hand a call the secret paired with its key id: boto3's
 * `aws_secret_access_key` (Session, client, resource), s3fs's `secret`
 * (`S3FileSystem(key=..., secret=...)`), MinIO's `secret_key` (`Minio(endpoint, access_key,
 * secret_key)`)
 */
const SECRET_KEYWORDS = new Set([
  'aws_secret_access_key',
  'secret',
  'secret_key'
]);

/**
 * The secret the id at `index` is handed with on its own call, read from the parsed cell: the id
 * is an argument (`S3FileSystem(key="AKIA...", secret="...")`) and another argument of the same
 * call is a secret keyword. `'scrubbed'` for a quoted placeholder or empty value, `'real'` for
 * anything else (a real key, a variable), undefined when the call hands no secret.
 */
function secretOnOwnCall(
  tree: Tree,
  text: string,
  index: number
): 'scrubbed' | 'real' | undefined {
  let node = tree.resolveInner(index, 1);
  while (node.parent && node.parent.name !== 'ArgList') {
    if (node.name === 'ArgList' || /Statement$|^Script$/.test(node.name))
      return;
    node = node.parent;
  }
  const args = node.parent;
  if (!args) return;
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (
      c.name !== 'VariableName' ||
      !SECRET_KEYWORDS.has(text.slice(c.from, c.to)) ||
      c.nextSibling?.name !== 'AssignOp'
    )
      continue;
    const value = c.nextSibling.nextSibling;
    if (!value) return;
    if (value.name !== 'String') return 'real';
    const m = /^[rRuU]?(["'])([^"']*)\1$/.exec(
      text.slice(value.from, value.to)
    );
    return m && (m[2] === '' || looksLikePlaceholder(m[2]))
      ? 'scrubbed'
      : 'real';
  }
  return undefined;
}

/** AWS access key ids (AKIA/ASIA + 16) and secret access keys assigned by name. */
export default secretRule({
  code: 'NB405',
  id: 'aws-access-key',
  description:
    'Hard-coded AWS access key id or secret access key in a cell or its outputs.',
  label: 'AWS access key',
  mustContain: ['AKIA', 'ASIA', 'ws_secret_access_key', 'WS_SECRET_ACCESS_KEY'],
  pattern:
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY)["']?\s*[=:]\s*["'](?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/g,
  // AWS's own documentation keys end in EXAMPLE
  accept: (secret, text, index, inOutput, tree) => {
    if (secret.includes('EXAMPLE')) return false;
    if (!KEY_ID.test(secret)) return true;
    // a secret on the id's own call is its pair, whatever a line nearby holds
    const own = tree ? secretOnOwnCall(tree, text, index) : undefined;
    if (own !== undefined) return own === 'real';
    return !secretScrubbed(text, index, !inOutput);
  }
});
