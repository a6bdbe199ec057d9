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
}
const table = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'credential-name-cases.json'), 'utf8')
) as { cases: CaseGroup[] };
const cases = table.cases.flatMap(group => [
  ...group.credential.map(name => [name, true] as const),
  ...group.not.map(name => [name, false] as const)
]);

describe('isCredentialName: the shared table', () => {
  it('has cases of both kinds', () => {
    expect(cases.filter(c => c[1]).length).toBeGreaterThan(50);
    expect(cases.filter(c => !c[1]).length).toBeGreaterThan(50);
  });

  it.each(cases)('%s: %s', (name, credential) => {
    expect(isCredentialName(name)).toBe(credential);
  });
});
