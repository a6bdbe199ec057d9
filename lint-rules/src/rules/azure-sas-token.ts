import { z } from 'zod';
import { secretRule } from './support/secrets';
import { isExpiredReadOnly, sasFields, todayUtc } from './support/sasToken';

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
  // a token written in a cell's source that has expired and could only read or list (a course's
  // published training-data map) grants nothing any more; one in an output (a run's log) is
  // reported whatever its date: clearing the outputs is still the fix (see the doc)
  accept: (secret, text, index, inOutput, _tree, opts) => {
    if (inOutput) {
      return true;
    }
    // the option's date, or (empty, its default) the clock's
    const today = typeof opts.today === 'string' ? opts.today : '';
    return !isExpiredReadOnly(
      sasFields(text, index, index + secret.length),
      today === '' ? todayUtc() : today
    );
  }
});
