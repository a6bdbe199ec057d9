/**
 * bench/sheet-secrets.js: a review sheet quotes the lines around a finding, and must not publish a
 * notebook's secret again (round 19's reviewer found SAS signatures and an AWS key pair in sheets).
 * Uses the built library (lib/), as precision.test.ts does.
 */
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { maskSecrets, maskContext } = require(
  path.join(__dirname, '..', '..', 'bench', 'sheet-secrets.js')
);

// AWS's documented example key pair (docs.aws.amazon.com), not a real credential
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('sheet-secrets', () => {
  it('masks what the secret rules find and the secret assigned next to it', () => {
    const lines = [
      '# read-only course keys',
      `access_key = "${KEY_ID}"`,
      `awsSecretKey = "${SECRET}"`
    ];
    const out: string[] = maskSecrets(lines);
    expect(out[0]).toBe(lines[0]);
    expect(out.join('\n')).not.toContain(KEY_ID);
    expect(out.join('\n')).not.toContain(SECRET);
    expect(out[1]).toBe('access_key = "AKIA…[masked 16 chars]"');
    expect(out[2]).toBe('awsSecretKey = "wJal…[masked 36 chars]"');
  });

  it('masks an SAS signature in a URL and leaves the rest of the line', () => {
    const sas =
      'sv=2021-06-08&ss=b&srt=co&sp=rl&se=2023-04-01T00:00:00Z&st=2022-01-01T00:00:00Z&spr=https&sig=' +
      'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8%3D';
    const out: string[] = maskSecrets([
      `url = "https://acct.blob.core.windows.net/data/train.csv?${sas}"`
    ]);
    expect(out[0]).not.toContain('Zm9vYmFy');
    expect(out[0]).toContain(
      'https://acct.blob.core.windows.net/data/train.csv?'
    );
    expect(out[0]).toContain('…[masked');
  });

  it('masks a value two rules find once (overlapping ranges merged)', () => {
    const out: string[] = maskSecrets([
      'os.environ["AWS_SECRET_ACCESS_KEY"] = "S3CRETvalue123"'
    ]);
    // NB504's range takes the quotes, the named-secret one the value inside: one mask
    expect(out[0]).toBe(
      'os.environ["AWS_SECRET_ACCESS_KEY"] = "S3C…[masked 12 chars]'
    );
  });

  it("masks the review of s20's shapes: environ keys, f-strings, URL passwords, --token, a value below its key", () => {
    const lines = [
      `os.environ["AWS_ACCESS_KEY_ID"] = "${KEY_ID}"`,
      `os.environ["AWS_SECRET_ACCESS_KEY"] = "${SECRET}"`,
      'db_password = f"Sup3rS3cretPw"',
      'engine = create_engine("postgresql://admin:Sup3rS3cretPw@db.example.com/x")',
      '!huggingface-cli login --token hf_abcdefghijklmnopqrstuvwxyz012345',
      'creds = {"aws_secret_access_key":',
      `    "${SECRET}"}`
    ];
    const out: string[] = maskSecrets(lines);
    const all = out.join('\n');
    for (const secret of [
      KEY_ID,
      SECRET,
      'Sup3rS3cretPw',
      'hf_abcdefghijklmnopqrstuvwxyz012345'
    ]) {
      expect(all).not.toContain(secret);
    }
    // what is around a secret stays readable
    expect(out[3]).toContain('postgresql://admin:');
    expect(out[3]).toContain('@db.example.com/x');
    expect(out[4]).toContain('login --token ');
  });

  it("reads a sheet's context field: lines joined by ⏎, tabs shown as ⇥", () => {
    const field = `x = 1 ⏎ ⇥password = "hunter2hunter2" ⏎ y = 2`;
    expect(maskContext(field)).toBe(
      `x = 1 ⏎ ⇥password = "hunt…[masked 10 chars]" ⏎ y = 2`
    );
    expect(maskContext('print("no secret here")')).toBe(
      'print("no secret here")'
    );
  });
});
