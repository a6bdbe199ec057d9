import { Notification } from '@jupyterlab/apputils';
import type { ICellModel } from '@jupyterlab/cells';
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';

/**
 * The notice that asks the user to run the notebook's import cell after a promotion, shown
 * until it is no longer true: it closes once that cell ran without an error, when the kernel
 * restarts or another one is chosen (what it offers instead), or when the notebook closes.
 * Left open for good, it sat over the runs sidebar's bottom corner (its Reproduce button)
 * for the rest of the session. Returns the notice's id.
 */
export function showImportNotice(
  panel: NotebookPanel,
  importCell: ICellModel,
  message: string
): string {
  const id = Notification.info(message, { autoClose: false });
  const session = panel.sessionContext;
  const onExecuted = (
    _: unknown,
    args: { cell: { model: ICellModel }; success: boolean }
  ) => {
    if (args.cell.model === importCell && args.success) {
      done();
    }
  };
  const onStatus = (_: unknown, status: Kernel.Status) => {
    if (status === 'restarting' || status === 'autorestarting') {
      done();
    }
  };
  const done = () => {
    NotebookActions.executed.disconnect(onExecuted);
    session.statusChanged.disconnect(onStatus);
    session.kernelChanged.disconnect(done);
    panel.disposed.disconnect(done);
    Notification.dismiss(id);
  };
  NotebookActions.executed.connect(onExecuted);
  session.statusChanged.connect(onStatus);
  session.kernelChanged.connect(done);
  panel.disposed.connect(done);
  return id;
}
