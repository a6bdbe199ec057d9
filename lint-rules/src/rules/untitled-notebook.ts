import { defineRule } from '../engine/types';
import { baseName } from '../notebook/read';

/** `Untitled3.ipynb` says nothing about what the notebook does. */
export default defineRule<Record<string, never>, 'untitled'>({
  meta: {
    code: 'NB302',
    id: 'untitled-notebook',
    category: 'structure',
    description:
      "The notebook still has Jupyter's default name (Untitled.ipynb).",
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      untitled:
        'Notebook is still named "{{name}}"; rename it to say what it does.'
    }
  },
  create(context) {
    return {
      notebook() {
        const name = baseName(context.notebook.path);
        if (/^Untitled\d*(\.[\w]+)+$/i.test(name)) {
          context.report({ messageId: 'untitled', data: { name } });
        }
      }
    };
  }
});
