/**
 * The shared table of credential names (test/credential-name-cases.json): the same cases
 * nbcraft/tests/core/test_secret_names.py runs against the server's is_credential_name.
 */
import { readFileSync } from 'fs';
import path from 'path';
import {
  checkCredentialNames,
  isCredentialName
} from '../../../src/rules/support/credentialNames';

interface CaseGroup {
  why: string; // the reason, for the reader of the table
  credential: string[];
  not: string[];
  /** credentials only as an environment variable's name */
  inEnvironment?: string[];
}
const table = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', '..', 'credential-name-cases.json'),
    'utf8'
  )
) as { cases: CaseGroup[] };
// [name, in code, as an environment variable's]
const cases = table.cases.flatMap(group => [
  ...group.credential.map(name => [name, true, true] as const),
  ...group.not.map(name => [name, false, false] as const),
  ...(group.inEnvironment ?? []).map(name => [name, false, true] as const)
]);

describe('isCredentialName: the shared table', () => {
  it('has cases of every kind', () => {
    expect(cases.filter(c => c[1]).length).toBeGreaterThan(50);
    expect(cases.filter(c => !c[2]).length).toBeGreaterThan(50);
    expect(cases.filter(c => !c[1] && c[2]).length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '%s: in code %s, in an environment %s',
    (name, inCode, inEnv) => {
      expect(isCredentialName(name)).toBe(inCode);
      expect(isCredentialName(name, { environment: true })).toBe(inEnv);
    }
  );
});

describe('isCredentialName: answers remembered by name', () => {
  it('keeps the two modes apart, whichever is asked first', () => {
    // SORT_KEY: a key only as an environment variable's name; primary_key only in code exempt
    expect(isCredentialName('SORT_KEY', { environment: true })).toBe(true);
    expect(isCredentialName('SORT_KEY')).toBe(false);
    expect(isCredentialName('primary_key')).toBe(false);
    expect(isCredentialName('primary_key', { environment: true })).toBe(true);
  });

  it('answers the same after more names than it remembers', () => {
    const before = cases.map(([name]) => [
      isCredentialName(name),
      isCredentialName(name, { environment: true })
    ]);
    for (let i = 0; i < 10000; i++) {
      isCredentialName(`name_${i}_password`);
      isCredentialName(`NAME_${i}_KEY`, { environment: true });
    }
    expect(isCredentialName('name_9999_password')).toBe(true);
    expect(isCredentialName('NAME_9999_KEY', { environment: true })).toBe(true);
    expect(
      cases.map(([name]) => [
        isCredentialName(name),
        isCredentialName(name, { environment: true })
      ])
    ).toEqual(before);
  });
});

describe('checkCredentialNames: the JSON is checked when loaded', () => {
  type Data = Record<string, unknown> & {
    inCodeOnly: Record<string, unknown>;
  };
  const shipped = (): Data =>
    JSON.parse(
      readFileSync(
        path.join(
          __dirname,
          '..',
          '..',
          '..',
          'src',
          'rules',
          'support',
          'credential-names.json'
        ),
        'utf8'
      )
    ) as Data;

  it('accepts the shipped file', () => {
    expect(checkCredentialNames(shipped()).inCodeOnly.notKeyKinds).toEqual([
      'primary',
      'secondary'
    ]);
  });

  // a missing list was an undefined set; a string where a list belongs a set of its characters
  it.each([
    [
      'a missing list',
      (d: Data) => {
        delete d.keyKinds;
      },
      "'keyKinds'"
    ],
    [
      'a string for a list',
      (d: Data) => (d.aboutWords = 'hint'),
      "'aboutWords'"
    ],
    [
      'a number in a list',
      (d: Data) => (d.qualifiers = ['ro', 2]),
      "'qualifiers'"
    ],
    ['an empty word', (d: Data) => (d.neutralWords = ['']), "'neutralWords'"],
    [
      'no inCodeOnly',
      (d: Data) => {
        delete (d as Partial<Data>).inCodeOnly;
      },
      "'inCodeOnly.notKeyKinds'"
    ],
    [
      'a string in inCodeOnly',
      (d: Data) => (d.inCodeOnly.notACredential = 'x'),
      "'inCodeOnly.notACredential'"
    ]
  ])('refuses %s, naming the file and the key', (_, change, key) => {
    const data = shipped();
    change(data);
    expect(() => checkCredentialNames(data, 'my-names.json')).toThrow(
      `my-names.json: ${key} must be a list of non-empty strings`
    );
  });

  it('refuses what is no object', () => {
    expect(() => checkCredentialNames('a link', 'x.json')).toThrow(
      "x.json: 'credentialWords' must be a list"
    );
  });
});
