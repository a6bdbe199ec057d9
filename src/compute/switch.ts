/**
 * The "Switch compute..." flow: pick a target, ask the server how to switch, then rebind
 * the Spark session in the running kernel or change the kernel after a confirmation, and
 * offer to re-run the cells above the active one.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { KernelSpec } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import { fetchSwitchPlan, type ComputeTarget, type SwitchPlan } from './api';
import {
  cellsToRerun,
  currentTarget,
  hasOtherTarget,
  resolveSwitch,
  targetLabel,
  unavailableReason,
  withLocalTarget
} from './model';
import type { ComputeService } from './service';
import { TargetList, targetDialog } from './widgets';
import { errorText } from '../core/translatable';

export interface SwitchDeps {
  service: ComputeService;
  kernelspecs: KernelSpec.IManager;
  trans: TranslationBundle;
}

/** Ask which target; null when cancelled. */
async function chooseTarget(
  panel: NotebookPanel,
  deps: SwitchDeps
): Promise<ComputeTarget | null> {
  const { service, trans } = deps;
  const targets = offered(await service.refresh(), deps);
  if (service.error) {
    await showDialog({
      title: trans.__('Compute targets unavailable'),
      body: trans.__(
        'The server could not list the compute targets: %1',
        service.error
      ),
      buttons: [Dialog.okButton()]
    });
    return null;
  }
  const session = service.sessionState(panel.sessionContext);
  const current = currentTarget(targets, session);
  const list = new TargetList(
    targets,
    current,
    targetLabel(current, session, trans.__('local'), trans.__('no kernel')),
    trans
  );
  // Nothing else to run on: a plain Close, not a focused "Switch" that does nothing.
  const canSwitch = hasOtherTarget(targets, current);
  const dialog = targetDialog(list, canSwitch, trans);
  const answer = await dialog.launch();
  if (
    !answer.button.accept ||
    !answer.value ||
    answer.value === (current?.name ?? null)
  ) {
    return null;
  }
  return targets.find(t => t.name === answer.value) ?? null;
}

/** Run the switch; `targetName` skips the list (the command's `target` argument). */
export async function switchCompute(
  panel: NotebookPanel,
  deps: SwitchDeps,
  targetName?: string
): Promise<void> {
  const { service, trans } = deps;
  let target: ComputeTarget | null;
  if (targetName) {
    await service.refresh();
    target =
      offered(service.targets, deps).find(t => t.name === targetName) ?? null;
    if (!target) {
      await showDialog({
        title: trans.__('Unknown compute target'),
        body: trans.__('There is no compute target named "%1".', targetName),
        buttons: [Dialog.okButton()]
      });
      return;
    }
  } else {
    target = await chooseTarget(panel, deps);
    if (!target) {
      return;
    }
  }
  const context = panel.sessionContext;
  const session = service.sessionState(context);
  const stayOn = targetLabel(
    currentTarget(offered(service.targets, deps), session),
    session,
    trans.__('local'),
    trans.__('no kernel')
  );
  const reason = unavailableReason(target, trans);
  if (reason) {
    await showDialog({
      title: trans.__('Cannot switch to %1', target.displayName ?? target.name),
      body: trans.__('%1 The notebook stays on %2.', withStop(reason), stayOn),
      buttons: [Dialog.okButton()]
    });
    return;
  }
  let serverPlan: SwitchPlan | null = null;
  // The server plans for declared targets; the built-in `local` is a plain kernel change.
  if (target.source !== 'builtin') {
    try {
      serverPlan = await fetchSwitchPlan(
        service.client,
        target.name,
        session.kernelName
      );
    } catch {
      serverPlan = null; // an older server: fall back to changing the kernel
    }
  }
  const plan = resolveSwitch(target, session, serverPlan, trans);
  if (plan.mode === 'none') {
    Notification.info(
      trans.__('This notebook already runs on %1.', target.name),
      {
        autoClose: 4000
      }
    );
    return;
  }
  if (plan.mode === 'rebind' && plan.code) {
    await rebind(panel, target, plan.code, deps);
    return;
  }
  await changeKernel(panel, target, plan, stayOn, deps);
}

/** The declared targets plus `local`, this machine's default kernel. */
function offered(targets: ComputeTarget[], deps: SwitchDeps): ComputeTarget[] {
  const spec = deps.kernelspecs.specs?.default;
  return withLocalTarget(
    targets,
    spec,
    deps.trans.__('this machine’s default kernel (%1)', spec ?? '')
  );
}

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Point `spark` at the target inside the running kernel: Python variables survive. */
async function rebind(
  panel: NotebookPanel,
  target: ComputeTarget,
  code: string,
  deps: SwitchDeps
): Promise<void> {
  const { service, trans } = deps;
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel) {
    return;
  }
  const printed: string[] = [];
  const future = kernel.requestExecute({
    code,
    silent: false,
    store_history: false
  });
  future.onIOPub = msg => {
    if (msg.header.msg_type === 'stream') {
      printed.push((msg.content as { text: string }).text);
    } else if (msg.header.msg_type === 'error') {
      const content = msg.content as { ename: string; evalue: string };
      printed.push(`${content.ename}: ${content.evalue}`);
    }
  };
  const reply = await future.done;
  if (reply.content.status !== 'ok') {
    await showDialog({
      title: trans.__('Could not rebind Spark to %1', target.name),
      body: trans.__(
        'The kernel answered: %1 The notebook keeps its kernel and variables.',
        printed.join('').trim() || reply.content.status
      ),
      buttons: [Dialog.okButton()]
    });
    return;
  }
  service.markRebound(panel.sessionContext, target.name);
  Notification.success(
    printed.join('').trim() ||
      trans.__('`spark` now uses %1; Python variables were kept.', target.name),
    { autoClose: 5000 }
  );
}

/** Start the target's kernel after saying plainly that in-memory state is lost. */
async function changeKernel(
  panel: NotebookPanel,
  target: ComputeTarget,
  plan: SwitchPlan,
  stayOn: string,
  deps: SwitchDeps
): Promise<void> {
  const { service, trans, kernelspecs } = deps;
  const kernelspec = plan.kernelspec ?? target.kernelspec;
  if (!kernelspec) {
    return;
  }
  const context = panel.sessionContext;
  const hasKernel = !!context.session?.kernel;
  const confirm = await showDialog({
    title: trans.__('Switch to %1?', target.displayName ?? target.name),
    body: hasKernel
      ? trans.__(
          'This starts a new kernel (%1). In-memory state will be lost: variables, imports and open connections of the current kernel are gone. %2',
          kernelspec,
          plan.reason ? withStop(plan.reason) : ''
        )
      : trans.__('This starts a new kernel (%1).', kernelspec),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Stay on %1', stayOn) }),
      Dialog.warnButton({ label: trans.__('Switch kernel') })
    ]
  });
  if (!confirm.button.accept) {
    return;
  }
  try {
    // A target added to nbcraft.json gets its kernelspec on the server's last listing.
    await kernelspecs.refreshSpecs();
    await context.changeKernel({ name: kernelspec });
  } catch (error) {
    await showDialog({
      title: trans.__('Could not start %1', kernelspec),
      body: trans.__(
        '%1 The notebook stays usable; pick another target or kernel.',
        withStop(errorText(error, trans))
      ),
      buttons: [Dialog.okButton()]
    });
    return;
  }
  service.forgetRebound(context);
  await offerRerun(panel, deps);
}

/** Offer to re-run the code cells above the active one in the new kernel. */
async function offerRerun(
  panel: NotebookPanel,
  deps: SwitchDeps
): Promise<void> {
  const { trans } = deps;
  const notebook = panel.content;
  const types = notebook.widgets.map(cell => cell.model.type);
  const indices = cellsToRerun(types, notebook.activeCellIndex);
  if (indices.length === 0) {
    return;
  }
  const answer = await showDialog({
    title: trans.__('Re-run the cells above?'),
    body: trans.__(
      'The new kernel starts empty. Re-run the %1 code cells above the active cell to rebuild the state?',
      indices.length
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Not now') }),
      Dialog.okButton({ label: trans.__('Re-run') })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  for (const index of indices) {
    const cell = notebook.widgets[index];
    if (!(cell instanceof CodeCell)) {
      continue;
    }
    const reply = await CodeCell.execute(cell, panel.sessionContext);
    if (reply && reply.content.status !== 'ok') {
      Notification.warning(
        trans.__('Re-running stopped at cell %1, which failed.', index + 1),
        { autoClose: false }
      );
      return;
    }
  }
}
