/**
 * The compute routes the picker reads, validated with zod. The server
 * extension owns the shapes (nbcraft/compute/handlers.py); unknown extra fields pass.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

import { getJson } from '../core/api';

export const ComputeTargetSchema = z.object({
  name: z.string(),
  /** null for a malformed config entry (then `error` is true and `detail` names the key) */
  kind: z.string().nullable(),
  displayName: z.string().optional(),
  reachable: z.boolean(),
  kernelspec: z.string().nullable(),
  detail: z.string().nullable().optional(),
  source: z.string().optional(),
  error: z.boolean().optional(),
  /** an untrusted project file's targets: not an error, held back until the user trusts it */
  heldBack: z.boolean().optional(),
  /**
   * a gateway target whose kernel a kernelspec of this machine shadows (the server's
   * `shadowing_kernel`, said in `detail`): kernels-mixer starts the local one of that name
   */
  shadowed: z.boolean().optional()
});
export type ComputeTarget = z.infer<typeof ComputeTargetSchema>;

export const TargetListSchema = z.array(ComputeTargetSchema);

export const SwitchPlanSchema = z.object({
  mode: z.enum(['rebind', 'change-kernel', 'none']),
  kernelspec: z.string().nullable(),
  stateLost: z.boolean(),
  reason: z.string().optional(),
  code: z.string().optional()
});
export type SwitchPlan = z.infer<typeof SwitchPlanSchema>;

export function fetchTargets(client: AxiosInstance): Promise<ComputeTarget[]> {
  return getJson(client, 'compute/targets', TargetListSchema);
}

/** The server's plan for switching, given the kernelspec the notebook runs now. */
export function fetchSwitchPlan(
  client: AxiosInstance,
  target: string,
  currentKernel: string | null
): Promise<SwitchPlan> {
  return getJson(
    client,
    `compute/targets/${encodeURIComponent(target)}/switch`,
    SwitchPlanSchema,
    currentKernel ? { kernel: currentKernel } : undefined
  );
}
