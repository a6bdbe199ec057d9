import { secretRule } from './support/secrets';

/** Azure shared access signatures: `sv=YYYY-MM-DD&...&sig=...`. */
export default secretRule({
  code: 'NB403',
  id: 'azure-sas-token',
  description:
    'Hard-coded Azure shared access signature (SAS) token in a cell or its outputs.',
  label: 'Azure SAS token',
  mustContain: ['sig='],
  pattern:
    /(?<secret>sv=\d{4}-\d{2}-\d{2}&[^\s'"<>]*?sig=[A-Za-z0-9%+/=]{16,})/g
});
