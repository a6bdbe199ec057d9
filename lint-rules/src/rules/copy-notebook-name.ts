import { defineRule } from '../engine/types';
import { baseName } from '../notebook/read';

/** `analysis-Copy1.ipynb`: a fork that drifts from its original. */
export default defineRule<Record<string, never>, 'copy'>({
  meta: {
    code: 'NB303',
    id: 'copy-notebook-name',
    category: 'structure',
    description:
      'The notebook is a Jupyter copy (name ends in -Copy1, "copy").',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      copy: 'Notebook "{{name}}" looks like a copy of another notebook; give it its own name, or move the shared code into a module.'
    }
  },
  create(context) {
    return {
      notebook() {
        const name = baseName(context.notebook.path);
        if (/(-Copy\d*|[ _-]\(?copy\)?\d*)\.[\w]+$/i.test(name)) {
          context.report({ messageId: 'copy', data: { name } });
        }
      }
    };
  }
});
