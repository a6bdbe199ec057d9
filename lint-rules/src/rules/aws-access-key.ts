import { looksLikePlaceholder, secretRule } from './support/secrets';

/** an AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more */
const KEY_ID = /^(?:AKIA|ASIA)/;

/**
 * Every value a text gives a secret access key by name (`aws_secret_access_key = "..."`,
 * `AWS_SECRET_ACCESS_KEY: '...'`, boto3's `aws_secret_access_key="..."` keyword, the
 * `SecretAccessKey` of STS responses and CloudFormation), quoted.
 */
const SECRET_VALUE =
  /(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY|SecretAccessKey)["']?\s*[=:]\s*["']([^"'\n]*)["']/g;

/**
 * Whether the text gives the secret access key only placeholder or empty values
 * (`aws_secret_access_key = "XXXXX"`): the author scrubbed the secret and left the id. An
 * authenticated AWS request carries "a signature value ... generated from the requester's AWS
 * access keys (access key ID and secret access key)" (Amazon S3 User Guide, "Making requests"),
 * so an id whose secret was scrubbed authenticates nothing and there is nothing to
 * revoke. An id with no secret in the text at all is still reported: its secret may be in the
 * next cell or the environment.
 */
function secretScrubbed(text: string): boolean {
  let seen = false;
  SECRET_VALUE.lastIndex = 0;
  for (let m = SECRET_VALUE.exec(text); m; m = SECRET_VALUE.exec(text)) {
    if (m[1] !== '' && !looksLikePlaceholder(m[1])) {
      return false;
    }
    seen = true;
  }
  return seen;
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
  accept: (secret, text) =>
    !secret.includes('EXAMPLE') &&
    !(KEY_ID.test(secret) && secretScrubbed(text))
});
