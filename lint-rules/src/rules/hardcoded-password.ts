import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import { defineRule, LintCell } from '../engine/types';
import { firstIndexWhere } from '../notebook/lines';
import {
  argListOf,
  callArgs,
  calleeName,
  perCell,
  stringValue
} from './support/syntax';
import { isCredentialName } from './support/credentialNames';
import {
  commentCallsItNoSecret,
  looksLikeKey,
  looksLikePlaceholder,
  namesItsField,
  redact
} from './support/secrets';
import {
  isHttpbinDemoPair,
  isLocalEndpoint,
  isLocalServerKey,
  isMinioDefaultPair
} from './support/publishedCredentials';

const options = z.object({
  namePattern: z.string().default('').meta({
    title: 'Name pattern',
    description:
      "Case-insensitive regex of variable/argument names that hold secrets, instead of nbcraft's own definition of a credential's name (the one the server uses to redact; empty: that one)."
  }),
  minLength: z.number().int().min(1).default(6).meta({
    title: 'Minimum length',
    description: 'Shorter string values are ignored.'
  })
});

/** `=` then a string's opening quote: a keyword argument that may pass a literal */
const KEYWORD_STRING = /=\s*[rRbBuU]{0,2}['"]/;
const KEYWORD_STRINGS = new RegExp(KEYWORD_STRING.source, 'g');

/** `=` then a comment or a line continuation: a keyword's value need not follow its `=` directly */
const GAP_AFTER_ASSIGN = /=\s*[\\#]/;

/**
 * The keyword name written right before the `=` at `at` (ASCII letters, digits, `_`, after spaces
 * or tabs only), or null when something else is there (a line break, a comment, a name with other
 * letters): then the name is only known from the tree.
 */
function plainNameBefore(source: string, at: number): string | null {
  let end = at;
  while (end > 0 && (source[end - 1] === ' ' || source[end - 1] === '\t')) {
    end--;
  }
  let start = end;
  while (start > 0 && isAsciiWordChar(source.charCodeAt(start - 1))) {
    start--;
  }
  if (start === end || (start > 0 && source.charCodeAt(start - 1) > 127)) {
    return null;
  }
  return source.slice(start, end);
}

function isAsciiWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95
  );
}

/**
 * Where KEYWORD_STRING matches in a source, as [from, to, from, to, ...] in order. A match starts
 * at its `=` and holds no other `=`, so the matches do not overlap and a global scan finds them
 * all: a text span holds a match exactly when one of these lies inside it.
 *
 * A match whose keyword is written plainly before it and is no secret's name (`sep=","`,
 * `label="loss"`: most of them) is left out: a finding needs a keyword whose name matches, and in
 * a cell with no comment or continuation after an `=`, each such keyword's `= "` is a match of its
 * own whose name is either that name or not plainly written (kept).
 */
function keywordStrings(source: string, nameRe: NameTest): number[] {
  const spans: number[] = [];
  // asked at the first match only: most cells have none
  let everyMatch: boolean | undefined;
  KEYWORD_STRINGS.lastIndex = 0;
  for (
    let m = KEYWORD_STRINGS.exec(source);
    m;
    m = KEYWORD_STRINGS.exec(source)
  ) {
    everyMatch ??= GAP_AFTER_ASSIGN.test(source);
    const name = everyMatch ? null : plainNameBefore(source, m.index);
    if (name === null || nameRe.test(name) || nameRe.weak?.(name)) {
      spans.push(m.index, m.index + m[0].length);
    }
  }
  return spans;
}

/** Whether one of the spans (ordered, not overlapping) lies inside [from, to). */
function spanInside(
  spans: readonly number[],
  from: number,
  to: number
): boolean {
  // the first span starting at or after `from` ends first of those
  const count = spans.length / 2;
  const i = firstIndexWhere(count, k => spans[2 * k] >= from);
  return i < count && spans[2 * i + 1] <= to;
}

/**
 * A test of a name: does it hold a secret? `weak`: a name that holds one only when its value
 * looks like a key (the user's own `namePattern` has none).
 */
interface NameTest {
  test(name: string): boolean;
  weak?(name: string): boolean;
}

/**
 * nbcraft's own definition (support/credentialNames), shared with the server. This rule's context
 * on top: a name that is a credential's only as an environment variable's (any upper-case
 * `X_KEY`, and the file's inCodeOnly exemptions: `primary_key`, `password_hint`,
 * `storage_credential`) is weak, wherever it is written (`x = `, `os.environ["X"] = `,
 * `setdefault`): `SORT_KEY = "timestamp"` and `storage_credential = "ac_dev_dbx_eus2"` are no
 * secrets, an account key's 88 random characters under either name are.
 */
const CREDENTIAL_NAME: NameTest = {
  test: name => isCredentialName(name),
  weak: name => isCredentialName(name, { environment: true })
};

// the last name pattern compiled: the same option for every notebook of a run (a RegExp without
// the g flag keeps no state between tests, so one object serves them all)
let lastPattern: string | null = null;
let lastRegExp: RegExp | null = null;

/** The user's `namePattern`, or the shared definition when it is empty. */
function nameTest(pattern: string): NameTest {
  if (pattern === '') {
    return CREDENTIAL_NAME;
  }
  if (pattern !== lastPattern || !lastRegExp) {
    lastRegExp = new RegExp(pattern, 'i');
    lastPattern = pattern;
  }
  return lastRegExp;
}

/**
 * A regex, glob or format pattern under a name ending in `pat` (`date_pat = r"\d{4}-\d{2}"`,
 * `file_pat = "*.parquet"`, `url_pat = "https://x/{id}"`): a personal access token is letters,
 * digits, `_` and `-` only (GitHub's, Azure DevOps', Databricks'), so a value with one of these
 * characters under such a name is the pattern it also abbreviates.
 */
function isPatternUnderPat(name: string, value: string): boolean {
  return /pat$/i.test(name) && /[\\*?[\]{}()^$|]/.test(value);
}

/** the file types credentials are kept in: key stores, certificates, config and env files */
const CREDENTIAL_FILE_TYPE =
  /\.(?:json|pem|key|p12|pfx|crt|cer|der|jks|keytab|ppk|pub|ya?ml|ini|cfg|conf|toml|env|txt)$/i;
/**
 * A file path, whole: folders (spaces allowed) each ending in `/` or `\`, after an optional
 * drive, `~` or `.`, then a file name without spaces that has a stem (no separator inside a name:
 * each part is matched once, so the test is linear)
 */
const FILE_PATH =
  /^(?:[A-Za-z]:)?(?:[~.]{0,2}[\\/])?(?:[\w.@ -]+[\\/])*[\w.@-]*\w\.[A-Za-z0-9]+$/;

/**
 * A path to a file that holds credentials (`GOOGLE_APPLICATION_CREDENTIALS =
 * "path/to/credentials.json"`, `client_secret = "./secrets/client_secret.json"`, round 24's
 * whylogs writer example): it says where the secret is kept, it is not the secret; a real path
 * is NB106's business (absolute-path). A key never ends in a key store's or config file's
 * extension, and one with a space and no folder (`"correct horse.json"`) is no file name.
 */
function isCredentialsFilePath(value: string): boolean {
  return CREDENTIAL_FILE_TYPE.test(value) && FILE_PATH.test(value);
}

/**
 * A value with a Databricks token's `dapi` prefix whose rest is not hex (`'dapijedi'`, a sentinel
 * SAT writes into the token field when a service principal authenticates instead): a personal
 * access token is `dapi` and hex digits only, so this is neither a token nor a piece of one. A
 * hex rest (`dapi1234abcd`, a truncated real token) stays reported.
 */
function isImpossibleDatabricksToken(value: string): boolean {
  return value.startsWith('dapi') && !/^dapi[0-9a-f]*(?:-\d+)?$/.test(value);
}

/** Nodes that only group other nodes in an assignment: `(a, b)`, `[a, b]`. */
const SEQUENCES = new Set(['TupleExpression', 'ArrayExpression']);

/**
 * The elements of each side of an assignment, in order: the targets before each `=` (without
 * their annotations), then the value after the last one. A side written as a bare tuple
 * (`a, b`), or as one parenthesised tuple or list, gives its elements; a side with a starred
 * element (`*rest`) is the statement itself, which names nothing and pairs with nothing.
 */
function assignmentGroups(node: SyntaxNode): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [];
  let side: SyntaxNode[] = [];
  let starred = false;
  const close = () => {
    if (starred) {
      side = [node]; // not a name, not a value: pairs with nothing
    } else if (side.length === 1 && SEQUENCES.has(side[0].name)) {
      side = elementsOf(side[0]) ?? [node];
    }
    groups.push(side);
    side = [];
    starred = false;
  };
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') {
      close();
    } else if (c.name === '*') {
      starred = true;
    } else if (!['TypeDef', ',', 'Comment'].includes(c.name)) {
      side.push(c);
    }
  }
  close();
  return groups;
}

/** Whether a string, or a tuple or list that may hold one, follows the statement's last `=`. */
function stringAfterLastAssign(node: SyntaxNode): boolean {
  for (let c = node.lastChild; c && c.name !== 'AssignOp'; c = c.prevSibling) {
    if (c.name === 'String' || SEQUENCES.has(c.name)) {
      return true;
    }
  }
  return false;
}

/** The elements of `(a, b)` or `[a, b]`, or null when one is starred (or a comprehension). */
function elementsOf(seq: SyntaxNode): SyntaxNode[] | null {
  const out: SyntaxNode[] = [];
  for (let c = seq.firstChild; c; c = c.nextSibling) {
    if (
      c.name === '*' ||
      c.name === 'for' ||
      c.name === 'ComprehensionExpression'
    ) {
      return null;
    }
    if (!['(', ')', '[', ']', ',', 'Comment'].includes(c.name)) {
      out.push(c);
    }
  }
  return out;
}

/**
 * A call that connects or logs in with the credentials it is given (`psycopg2.connect`,
 * `smtp.login`, `client.authenticate`): a value there that only repeats its field's name
 * (`password="password"`) is the password used, not a template's label (namesItsField)
 */
const CONNECT_CALL = /(?:^|[._])(?:connect|login|log_in|authenticate)$/i;

/**
 * Calls whose documented signature takes a secret by position (the parameter's own name, for the
 * message): `smtplib.SMTP.login(user, password)`, `ftplib.FTP.login(user, passwd)`,
 * `imaplib.IMAP4.login(user, password)`; `ftplib.FTP(host, user, passwd)`; requests'
 * `HTTPBasicAuth(username, password)` and `HTTPDigestAuth`; azure.identity's
 * `ClientSecretCredential(tenant_id, client_id, client_secret)`; azure.common's
 * `ServicePrincipalCredentials(client_id, secret)`; `Minio(endpoint, access_key, secret_key)`;
 * tweepy's `OAuthHandler(consumer_key, consumer_secret, access_token, access_token_secret)` and
 * `set_access_token(key, secret)`; PyMySQL's, MySQLdb's and pymssql's `connect(host, user,
 * password, database)`. Keyed by the callee's last name, or its last two for a name as common
 * as `connect`.
 */
const POSITIONAL_SECRETS = new Map<
  string,
  readonly (readonly [number, string])[]
>([
  ['login', [[1, 'password']]],
  ['FTP', [[2, 'passwd']]],
  ['FTP_TLS', [[2, 'passwd']]],
  ['HTTPBasicAuth', [[1, 'password']]],
  ['HTTPDigestAuth', [[1, 'password']]],
  ['HTTPProxyAuth', [[1, 'password']]],
  ['ClientSecretCredential', [[2, 'client_secret']]],
  ['ServicePrincipalCredentials', [[1, 'secret']]],
  ['Minio', [[2, 'secret_key']]],
  [
    'OAuthHandler',
    [
      [1, 'consumer_secret'],
      [3, 'access_token_secret']
    ]
  ],
  [
    'OAuth1UserHandler',
    [
      [1, 'consumer_secret'],
      [3, 'access_token_secret']
    ]
  ],
  ['set_access_token', [[1, 'secret']]],
  ['pymysql.connect', [[2, 'password']]],
  ['MySQLdb.connect', [[2, 'passwd']]],
  ['pymssql.connect', [[2, 'password']]]
]);

/** the secrets a call passes by their documented position: [parameter name, value] */
function positionalSecrets(
  call: SyntaxNode,
  cell: LintCell
): [string, SyntaxNode][] {
  const callee = calleeName(call, cell);
  if (callee === null) {
    return [];
  }
  const parts = callee.split('.');
  const spots =
    POSITIONAL_SECRETS.get(parts.slice(-2).join('.')) ??
    POSITIONAL_SECRETS.get(parts[parts.length - 1]);
  if (!spots) {
    return [];
  }
  const args = callArgs(call, cell);
  if (args.hasSplat) {
    return [];
  }
  return spots
    .filter(([at]) => at < args.positional.length)
    .map(([at, name]) => [name, args.positional[at]]);
}

/** an `auth=(` keyword: the cells whose calls may pass requests' `auth` tuple */
const AUTH_KEYWORD = /\bauth\s*=\s*\(/;

/**
 * requests' `auth=(user, password)` (the documented shorthand for HTTPBasicAuth): the tuple's
 * second element is the password
 */
function authTuplePassword(value: SyntaxNode): SyntaxNode | null {
  if (
    value.name !== 'TupleExpression' &&
    value.name !== 'ParenthesizedExpression'
  ) {
    return null;
  }
  const elements = elementsOf(value);
  return elements?.length === 2 ? elements[1] : null;
}

/**
 * `Minio("localhost:9000", "minioadmin", "minioadmin")` (or by keyword): MinIO's published
 * default pair for a store on this machine, the judgement NB504 makes of the same pair set as
 * AWS variables (round 21's attack review, R11: one owner, support/publishedCredentials.ts)
 */
function localMinioDefaults(call: SyntaxNode, cell: LintCell): boolean {
  if (!/(^|\.)Minio$/.test(calleeName(call, cell) ?? '')) return false;
  const args = callArgs(call, cell);
  const at = (i: number, key: string) =>
    stringValue(args.positional.at(i) ?? args.keywords.get(key), cell);
  const endpoint = at(0, 'endpoint');
  const user = at(1, 'access_key');
  const password = at(2, 'secret_key');
  return (
    endpoint !== null &&
    user !== null &&
    password !== null &&
    isLocalEndpoint(endpoint) &&
    isMinioDefaultPair(user, password)
  );
}

/**
 * `requests.get("https://httpbin.org/basic-auth/user/passwd", auth=("user", "passwd"))`: the pair
 * the call's own URL prints, httpbin's public demo
 */
function httpbinDemo(
  call: SyntaxNode,
  auth: SyntaxNode,
  cell: LintCell
): boolean {
  const elements = elementsOf(auth);
  const args = callArgs(call, cell);
  const url = stringValue(
    args.positional.at(0) ?? args.keywords.get('url'),
    cell
  );
  const user = stringValue(elements?.[0], cell);
  const password = stringValue(elements?.[1], cell);
  return (
    url !== null &&
    user !== null &&
    password !== null &&
    isHttpbinDemoPair(url, user, password)
  );
}

/** `password = "hunter2"`, `connect(token="...")`, `os.environ["API_KEY"] = "..."` */
export default defineRule<z.output<typeof options>, 'assigned'>({
  meta: {
    code: 'NB408',
    id: 'hardcoded-password',
    category: 'security',
    description:
      'A string literal assigned to a name that holds a password, token or key.',
    defaultSeverity: 'error',
    recommended: true,
    scope: 'cell',
    messages: {
      assigned:
        'Hard-coded secret in "{{name}}" ({{secret}}); read it from dbutils.secrets, an environment variable or a keyring.'
    },
    options
  },
  create(context) {
    const nameRe = nameTest(context.options.namePattern);
    /** Reports a secret string `value` under `name`; whether it did. */
    const checks = (
      name: string | null,
      value: SyntaxNode | null | undefined,
      cell: LintCell,
      connecting = false
    ): boolean => {
      // the name first: most names hold no secret, and their values need no decoding
      if (name === null || !value) {
        return false;
      }
      const strong = nameRe.test(name);
      if (!strong && !nameRe.weak?.(name)) {
        return false;
      }
      const v = stringValue(value, cell);
      if (v === null) {
        return false;
      }
      if (
        v.length < context.options.minLength ||
        looksLikePlaceholder(v) ||
        isLocalServerKey(name, v) ||
        (!connecting && namesItsField(name, v)) ||
        /^\s|\s$/.test(v) ||
        (!strong && !looksLikeKey(v)) ||
        isPatternUnderPat(name, v) ||
        isCredentialsFilePath(v) ||
        isImpossibleDatabricksToken(v) ||
        commentCallsItNoSecret(cell, value, v)
      ) {
        return false;
      }
      context.report({
        messageId: 'assigned',
        data: { name, secret: redact(v) },
        cell: cell.cell,
        node: value
      });
      return true;
    };
    const targetName = (node: SyntaxNode, cell: LintCell): string | null => {
      if (node.name === 'VariableName') {
        return cell.textOf(node);
      }
      if (node.name === 'MemberExpression') {
        const last = node.lastChild;
        if (last?.name === 'PropertyName') {
          return cell.textOf(last);
        }
        // x["KEY"] = ...
        const key = node.getChild('String');
        return key ? stringValue(key, cell) : null;
      }
      return null;
    };
    const hasAuthKeyword = perCell(lc => AUTH_KEYWORD.test(lc.cell.source));
    const keywordStringsOf = perCell(lc =>
      keywordStrings(lc.cell.source, nameRe)
    );
    return {
      nodes: {
        AssignStatement(node, cell) {
          // `name = "..."`, `name: str = "..."`, `a = name = "..."`: the value follows the last
          // `=`, and each target group precedes an `=` (after its annotation, when it has one).
          // A tuple value (`password = "a", "b"`) under one secret name is all secret; a tuple of
          // names pairs with a tuple of values one to one (`user, password = "u", "p"`: only "p"
          // is the password), and where they do not pair (`*rest`, other lengths) nothing is said.
          // only a string value can be reported: look at the targets only then (most values
          // are calls, names, numbers: seen without taking the statement apart)
          if (!stringAfterLastAssign(node)) {
            return;
          }
          const groups = assignmentGroups(node);
          const values = groups.pop() ?? [];
          const reported = new Set<SyntaxNode>();
          for (let g = groups.length - 1; g >= 0; g--) {
            const targets = groups[g];
            if (targets.length === 1) {
              // one name holds the whole value: its first secret string
              const name = targetName(targets[0], cell);
              for (const value of values) {
                if (
                  value.name === 'String' &&
                  !reported.has(value) &&
                  checks(name, value, cell)
                ) {
                  reported.add(value);
                  break;
                }
              }
            } else if (targets.length === values.length) {
              targets.forEach((target, i) => {
                const value = values[i];
                if (
                  value.name === 'String' &&
                  !reported.has(value) &&
                  checks(targetName(target, cell), value, cell)
                ) {
                  reported.add(value);
                }
              });
            }
          }
        },
        CallExpression(node, cell) {
          // a secret by its documented position: the value is the secret used to log in, so a
          // value repeating its field's name is reported too (the connecting rule)
          const positional = positionalSecrets(node, cell);
          if (positional.length > 0 && localMinioDefaults(node, cell)) {
            return;
          }
          for (const [name, value] of positional) {
            checks(name, value, cell, true);
          }
          const auth = hasAuthKeyword(cell)
            ? callArgs(node, cell).keywords.get('auth')
            : undefined;
          const password = auth ? authTuplePassword(auth) : null;
          if (password && auth && !httpbinDemo(node, auth, cell)) {
            checks('password', password, cell, true);
          }
          // only calls with keyword arguments (and a string in them) can pass a secret by name;
          // the argument list lies inside the call, so a call holding no such text is skipped
          // without looking for its argument list (most calls)
          if (!spanInside(keywordStringsOf(cell), node.from, node.to)) {
            return;
          }
          const argList = argListOf(node);
          if (!argList || !KEYWORD_STRING.test(cell.textOf(argList))) {
            return;
          }
          if (localMinioDefaults(node, cell)) {
            return;
          }
          const connecting = CONNECT_CALL.test(calleeName(node, cell) ?? '');
          for (const [name, value] of callArgs(node, cell).keywords) {
            checks(name, value, cell, connecting);
          }
        }
      }
    };
  }
});
