import { secretRule } from './support/secrets';

/** Azure storage account keys: `AccountKey=` + 88 base64 characters. */
export default secretRule({
  code: 'NB402',
  id: 'azure-storage-key',
  description:
    'Hard-coded Azure storage account key (AccountKey=...) in a cell or its outputs.',
  label: 'Azure storage account key',
  mustContain: ['AccountKey='],
  pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g
});
