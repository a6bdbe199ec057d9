import { secretRule } from './support/secrets';

/** Databricks personal access tokens: `dapi` + 32 hex digits, optionally `-N`. */
export default secretRule({
  code: 'NB401',
  id: 'databricks-token',
  description:
    'Hard-coded Databricks personal access token in a cell or its outputs.',
  label: 'Databricks personal access token',
  mustContain: ['dapi'],
  pattern: /\bdapi[0-9a-f]{32}(?:-\d+)?\b/g
});
