import { secretRule } from './support/secrets';

/** Azure AD (Entra ID) client secrets: 3 characters, a digit, `Q~`, then 31 to 34 characters. */
export default secretRule({
  code: 'NB404',
  id: 'azure-client-secret',
  description:
    'Hard-coded Azure AD (Entra ID) application client secret in a cell or its outputs.',
  label: 'Azure AD client secret',
  mustContain: ['Q~'],
  pattern:
    /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g
});
