/**
 * Whether a name says it holds a credential: the one definition nbcraft has, shared with the
 * server (nbcraft/secret_shapes.py `is_credential_name`, step for step). The word sets and the
 * whole-name exemptions are data both read (credential-names.json, explained in its `$comment`);
 * both test suites run the cases of test/credential-name-cases.json. A rule adds its own context
 * on top (NB408 reads an assignment's value, NB508 an MLflow param's key): the words are decided
 * here only.
 */
import NAMES from './credential-names.json';

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
const KEY_KINDS: ReadonlySet<string> = new Set(NAMES.keyKinds);
const NEUTRAL_WORDS: ReadonlySet<string> = new Set(NAMES.neutralWords);
const TRAILING_WORDS: ReadonlySet<string> = new Set([
  ...NAMES.neutralWords,
  ...NAMES.qualifiers
]);
const ABOUT_WORDS: ReadonlySet<string> = new Set(NAMES.aboutWords);
const NOT_A_CREDENTIAL: ReadonlySet<string> = new Set(NAMES.notACredential);

const endsWithOne = (word: string, endings: readonly string[]) =>
  endings.some(ending => word.endsWith(ending));

/** Python's `str.isupper()`: a cased character, and none in lower case. */
const isUpper = (name: string) =>
  name === name.toUpperCase() && name !== name.toLowerCase();

/**
 * Whether `name` (a variable's, an attribute's, a key's, a keyword argument's) says it holds a
 * credential: `password_prod`, `dbPassword`, `api_key_v2`, `GITHUB_PAT`; not `token_count`,
 * `pass_rate`, `pad_token`, a lone `pat` or `storage_credential`. `environment`: the name may be
 * an environment variable's (an `os.environ` key), where any upper-case `X_KEY` is a key; code's
 * names are asked without it (`SORT_KEY = "timestamp"`). The server asks with it (its default).
 */
export function isCredentialName(
  name: string,
  { environment = false }: { environment?: boolean } = {}
): boolean {
  const words = (name.match(NAME_WORD) ?? []).map(w => w.toLowerCase());
  // the last word but neutral ones (`conn_str`'s `str` counts)
  let last = words.length;
  while (last > 1 && NEUTRAL_WORDS.has(words[last - 1])) {
    last--;
  }
  if (
    words.length === 0 ||
    (last > 1 && ABOUT_WORDS.has(words[last - 1])) ||
    NOT_A_CREDENTIAL.has(name.replace(/[_-]/g, '').toLowerCase())
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
  // in an environment (upper case), any `X_KEY`
  return (
    word === 'key' &&
    end > 1 &&
    (KEY_KINDS.has(words[end - 2]) || (environment && isUpper(name)))
  );
}
