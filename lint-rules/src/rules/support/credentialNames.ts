/**
 * Whether a name says it holds a credential: the one definition nbcraft has, shared with the
 * server (nbcraft/secret_shapes.py `is_credential_name`, step for step). The word sets and the
 * whole-name exemptions are data both read (credential-names.json, explained in its `$comment`);
 * both test suites run the cases of test/credential-name-cases.json. A rule adds its own context
 * on top (NB408 reads an assignment's value, NB508 an MLflow param's key): the words are decided
 * here only.
 */
import RAW_NAMES from './credential-names.json';

const WORD_LISTS = [
  'credentialWords',
  'credentialEndings',
  'lastCredentialWords',
  'lastCredentialEndings',
  'lastWordsAfterAnother',
  'connectionString',
  'keyKinds',
  'neutralWords',
  'qualifiers',
  'aboutWords',
  'notACredential',
  'environmentPrefixes'
] as const;
const CODE_ONLY_LISTS = [
  'notKeyKinds',
  'aboutWords',
  'notACredential'
] as const;
type WordList = (typeof WORD_LISTS)[number];
type CodeOnlyList = (typeof CODE_ONLY_LISTS)[number];
export type CredentialNames = Record<WordList, string[]> & {
  inCodeOnly: Record<CodeOnlyList, string[]>;
};

/**
 * `data` checked as credential-names.json's content: every list there and made of non-empty
 * strings (a string where a list belongs would become a set of its characters), else an error
 * naming `source` and the key. secret_shapes.load_credential_names checks the same.
 */
export function checkCredentialNames(
  data: unknown,
  source = 'credential-names.json'
): CredentialNames {
  const words = (section: unknown, key: string, where: string): string[] => {
    const value =
      section !== null && typeof section === 'object'
        ? (section as Record<string, unknown>)[key]
        : undefined;
    if (
      !Array.isArray(value) ||
      !value.every(w => typeof w === 'string' && w.length > 0)
    ) {
      throw new Error(
        `${source}: '${where}${key}' must be a list of non-empty strings`
      );
    }
    return value as string[];
  };
  const names = Object.fromEntries(
    WORD_LISTS.map(key => [key, words(data, key, '')])
  ) as Record<WordList, string[]>;
  const codeOnly =
    data !== null && typeof data === 'object'
      ? (data as Record<string, unknown>).inCodeOnly
      : undefined;
  const inCodeOnly = Object.fromEntries(
    CODE_ONLY_LISTS.map(key => [key, words(codeOnly, key, 'inCodeOnly.')])
  ) as Record<CodeOnlyList, string[]>;
  return { ...names, inCodeOnly };
}

const NAMES = checkCredentialNames(RAW_NAMES);
/** a name's words: `dbPassword`, `DB_PASSWORD`, `db_password2` give db, password */
const NAME_WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g;
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(NAMES.credentialWords);
const LAST_CREDENTIAL_WORDS: ReadonlySet<string> = new Set(
  NAMES.lastCredentialWords
);
const LAST_AFTER_ANOTHER: ReadonlySet<string> = new Set(
  NAMES.lastWordsAfterAnother
);
const CONNECTION_STRING: ReadonlySet<string> = new Set(NAMES.connectionString);
const NEUTRAL_WORDS: ReadonlySet<string> = new Set(NAMES.neutralWords);
const TRAILING_WORDS: ReadonlySet<string> = new Set([
  ...NAMES.neutralWords,
  ...NAMES.qualifiers
]);
/** [in code, in an environment]: inCodeOnly's exemptions never apply to an environment's name */
const KEY_KINDS = [
  new Set(
    NAMES.keyKinds.filter(kind => !NAMES.inCodeOnly.notKeyKinds.includes(kind))
  ),
  new Set(NAMES.keyKinds)
] as const;
const ABOUT_WORDS = [
  new Set([...NAMES.aboutWords, ...NAMES.inCodeOnly.aboutWords]),
  new Set(NAMES.aboutWords)
] as const;
const NOT_A_CREDENTIAL = [
  new Set([...NAMES.notACredential, ...NAMES.inCodeOnly.notACredential]),
  new Set(NAMES.notACredential)
] as const;

const endsWithOne = (word: string, endings: readonly string[]) =>
  endings.some(ending => word.endsWith(ending));

/** upper case: an ASCII capital and no ASCII small letter (secret_shapes.py the same) */
const isUpper = (name: string) => /[A-Z]/.test(name) && !/[a-z]/.test(name);

/**
 * Whether `name` (a variable's, an attribute's, a key's, a keyword argument's) says it holds a
 * credential: `password_prod`, `dbPassword`, `api_key_v2`, `GITHUB_PAT`; not `token_count`,
 * `pass_rate`, `pad_token`, a lone `pat`, nor in code `storage_credential`. `environment`: the name
 * may be an environment variable's (an `os.environ` key), where any upper-case `X_KEY` is a key
 * and the JSON's inCodeOnly exemptions do not apply; code's names are asked without it
 * (`SORT_KEY = "timestamp"`). The server asks with it (its default).
 */
export function isCredentialName(
  name: string,
  { environment = false }: { environment?: boolean } = {}
): boolean {
  const mode = environment ? 1 : 0;
  // the answer depends on the name and the mode only: a notebook asks about the same few names
  // again and again (every assignment's targets and keyword arguments, in every cell)
  const memo = ANSWERS[mode];
  let answer = memo.get(name);
  if (answer === undefined) {
    if (memo.size >= MAX_ANSWERS) {
      memo.clear();
    }
    answer = decide(name, mode, environment);
    memo.set(name, answer);
  }
  return answer;
}

/** isCredentialName's answers by name, [in code, in an environment]; bounded by MAX_ANSWERS */
const ANSWERS = [
  new Map<string, boolean>(),
  new Map<string, boolean>()
] as const;
const MAX_ANSWERS = 4096;

function decide(name: string, mode: 0 | 1, environment: boolean): boolean {
  const words = (name.match(NAME_WORD) ?? []).map(w => w.toLowerCase());
  // the last word but neutral ones (`conn_str`'s `str` counts)
  let last = words.length;
  while (last > 1 && NEUTRAL_WORDS.has(words[last - 1])) {
    last--;
  }
  if (
    words.length === 0 ||
    (last > 1 && ABOUT_WORDS[mode].has(words[last - 1])) ||
    NOT_A_CREDENTIAL[mode].has(name.replace(/[_-]/g, '').toLowerCase())
  ) {
    return false;
  }
  // the last word but neutral ones and qualifiers (`GH_TOKEN_FOR_CI`: token)
  let end = last;
  while (end > 1 && TRAILING_WORDS.has(words[end - 1])) {
    end--;
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (
      CREDENTIAL_WORDS.has(word) ||
      endsWithOne(word, NAMES.credentialEndings) ||
      (i > 0 && CONNECTION_STRING.has(words[i - 1] + word))
    ) {
      return true;
    }
  }
  const word = words[end - 1];
  if (
    LAST_CREDENTIAL_WORDS.has(word) ||
    endsWithOne(word, NAMES.lastCredentialEndings) ||
    (LAST_AFTER_ANOTHER.has(word) && end > 1) // `GITHUB_PAT`, not a lone `pat`
  ) {
    return true;
  }
  const kinds = KEY_KINDS[mode];
  if (word.endsWith('key') && kinds.has(word.slice(0, -3))) {
    return true; // one word: `accesskey`, `secretkey`
  }
  // in an environment (upper case), any `X_KEY`
  return (
    word === 'key' &&
    end > 1 &&
    (kinds.has(words[end - 2]) || (environment && isUpper(name)))
  );
}
