import { z } from 'zod';
import { defineRule } from '../engine/types';
import { baseName } from './support/filename';

const options = z.object({
  maxLength: z.number().int().min(8).default(143).meta({
    title: 'Maximum length',
    description:
      'Longest file name (with extension) accepted; 143 is the limit of eCryptfs-encrypted Linux home folders, the shortest common one.'
  })
});

/** Spaces, accents and shell characters in names break scripts, URLs and other operating systems. */
export default defineRule<z.output<typeof options>, 'characters' | 'tooLong'>({
  meta: {
    code: 'NB304',
    id: 'non-portable-filename',
    category: 'structure',
    description:
      "The notebook's file name has characters outside [A-Za-z0-9._-] or is too long.",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      characters:
        'File name "{{name}}" has non-portable characters ({{chars}}); use letters, digits, ".", "_" and "-".',
      tooLong:
        'File name "{{name}}" is {{length}} characters long (limit {{max}}); shorten it.'
    },
    options
  },
  create(context) {
    return {
      notebook() {
        const name = baseName(context.notebook.path);
        const bad = Array.from(new Set(name.replace(/[A-Za-z0-9._-]/g, '')));
        if (bad.length) {
          context.report({
            messageId: 'characters',
            data: {
              name,
              chars: bad.map(c => (c === ' ' ? 'space' : `"${c}"`)).join(', ')
            }
          });
        }
        if (name.length > context.options.maxLength) {
          context.report({
            messageId: 'tooLong',
            data: { name, length: name.length, max: context.options.maxLength }
          });
        }
      }
    };
  }
});
