import { secretRule } from './support/secrets';

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
  accept: secret => !secret.includes('EXAMPLE')
});
