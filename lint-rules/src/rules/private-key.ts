import { secretRule } from './support/secrets';

/** PEM private key blocks (RSA, EC, DSA, OPENSSH, PKCS#8, encrypted). */
export default secretRule({
  code: 'NB406',
  id: 'private-key',
  description: 'PEM private key block in a cell or its outputs.',
  label: 'private key',
  mustContain: ['PRIVATE KEY'],
  pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g
});
