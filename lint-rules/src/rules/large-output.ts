import { z } from 'zod';
import { defineRule } from '../engine/types';
import { locateInFile } from './support/fileSpan';

const options = z.object({
  maxKilobytes: z.number().min(1).default(200).meta({
    title: 'Maximum kilobytes',
    description:
      "Largest total size of one cell's outputs, as stored in the file."
  })
});

/** Megabytes of plots and tables in the .ipynb bloat the repository and make every diff unreadable. */
export default defineRule<z.output<typeof options>, 'large'>({
  meta: {
    code: 'NB307',
    id: 'large-output',
    category: 'structure',
    description: "A cell's committed outputs are larger than the limit.",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      large:
        'Cell outputs take {{size}} KB in the file (limit {{max}} KB); clear them before committing (nbstripout) or save artefacts to files/MLflow.'
    },
    options
  },
  create(context) {
    return {
      cell(lc) {
        if (lc.cell.outputs.length === 0) {
          return;
        }
        const limit = context.options.maxKilobytes * 1024;
        // re-serialising never makes a string longer than it is in the file (escapes only shrink)
        // and makes a number at most 5.25 times longer (`1e20`): a cell whose whole text in the
        // file is within a sixth of the limit cannot have outputs over it
        const span = lc.cell.cellRange;
        if (span && (span.end - span.start) * 6 <= limit) {
          return;
        }
        const bytes = lc.cell.outputs.reduce(
          (n, o) => n + JSON.stringify(o.raw ?? '').length,
          0
        );
        if (bytes > limit) {
          context.report({
            messageId: 'large',
            data: {
              size: Math.round(bytes / 1024),
              max: context.options.maxKilobytes
            },
            cell: lc.cell,
            output: 0,
            fileSpan: locateInFile(context.notebook, lc.cell, '"outputs": [')
          });
        }
      }
    };
  }
});
