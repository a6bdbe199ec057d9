import { z } from 'zod';
import { secretRule } from './support/secrets';
import {
  ANONYMOUS_SAS_SIGNER,
  isExpiredReadOnly,
  sasFields,
  todayUtc
} from './support/sasToken';

const options = z.object({
  today: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD, or empty')
    .default('')
    .meta({
      title: 'Today',
      description:
        "The date (YYYY-MM-DD, UTC) a token's se= expiry is compared with, for a lint whose result must not change with the day (CI baselines, tests); empty: the current date."
    })
});

/** Azure shared access signatures: `sv=YYYY-MM-DD&...&sig=...`. */
export default secretRule({
  code: 'NB403',
  id: 'azure-sas-token',
  description:
    'Hard-coded Azure shared access signature (SAS) token in a cell or its outputs.',
  label: 'Azure SAS token',
  mustContain: ['sig='],
  pattern:
    /(?<secret>sv=\d{4}-\d{2}-\d{2}&[^\s'"<>]*?sig=[A-Za-z0-9%+/=]{16,})/g,
  options,
  notebookEvidence: ANONYMOUS_SAS_SIGNER,
  // a token written in a cell's source that has expired and could only read or list (a course's
  // published training-data map) grants nothing any more; one in an output is reported whatever
  // its date (an Azure ML run's log links into the workspace's private storage: clearing the
  // outputs is still the fix), unless the notebook got its tokens from an anonymous public-data
  // signer (the Planetary Computer's): then the same expired read-only test holds (see the doc)
  accept: (secret, text, index, inOutput, _tree, opts, notebookEvidence) => {
    if (inOutput && !notebookEvidence()) {
      return true;
    }
    const fields = sasFields(text, index, index + secret.length);
    // an account SAS (ss=: services) in an output is reported: the anonymous signer issues
    // service SAS for one container, never an account SAS
    if (inOutput && fields.has('ss')) {
      return true;
    }
    // the option's date, or (empty, its default) the clock's
    const today = typeof opts.today === 'string' ? opts.today : '';
    return !isExpiredReadOnly(fields, today === '' ? todayUtc() : today);
  }
});
