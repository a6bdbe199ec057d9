import { z } from 'zod';
import { defineRule } from '../engine/types';
import { baseName } from '../notebook/read';
import { showControlCharacters } from '../promote/controlCharacters';

const options = z.object({
  maxLength: z.number().int().min(8).default(143).meta({
    title: 'Maximum length',
    description:
      'Longest file name (with extension) accepted; 143 is the limit of eCryptfs-encrypted Linux home folders, the shortest common one.'
  })
});

/**
 * Characters Windows cannot store in a file name (`< > : " | ? * \` and control characters): a
 * clone of the repository fails there. Spaces, accents and parentheses work in Jupyter, git and
 * every common file system, so they are not reported (a review of 596 public notebooks judged
 * such findings debatable at best).
 */
// eslint-disable-next-line no-control-regex
const NOT_ON_WINDOWS = /[<>:"|?*\\\u0000-\u001f]/g;
export default defineRule<z.output<typeof options>, 'characters' | 'tooLong'>({
  meta: {
    code: 'NB304',
    id: 'non-portable-filename',
    category: 'structure',
    description:
      'The notebook\'s file name has characters that Windows cannot store (< > : " | ? * \\) or is too long.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      characters:
        'File name "{{name}}" has characters that Windows cannot store ({{chars}}), so the repository does not check out there; use letters, digits, ".", "_" and "-".',
      tooLong:
        'File name "{{name}}" is {{length}} characters long (limit {{max}}); shorten it.'
    },
    options
  },
  create(context) {
    return {
      notebook() {
        const name = baseName(context.notebook.path);
        // quoted escaped: a line break in the name must not end the finding's line
        const shown = showControlCharacters(name);
        const bad = Array.from(new Set(name.match(NOT_ON_WINDOWS) ?? []));
        if (bad.length) {
          context.report({
            messageId: 'characters',
            data: {
              name: shown,
              chars: bad
                .map(c =>
                  c < ' '
                    ? `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`
                    : `"${c}"`
                )
                .join(', ')
            }
          });
        }
        if (name.length > context.options.maxLength) {
          context.report({
            messageId: 'tooLong',
            data: {
              name: shown,
              length: name.length,
              max: context.options.maxLength
            }
          });
        }
      }
    };
  }
});
