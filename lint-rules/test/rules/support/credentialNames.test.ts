/**
 * The shared table of credential names (test/credential-name-cases.json): the same cases
 * nbcraft/tests/core/test_secret_names.py runs against the server's is_credential_name.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { isCredentialName } from '../../../src/rules/support/credentialNames';

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
