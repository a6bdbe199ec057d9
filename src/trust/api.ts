/**
 * The trust route of the server extension (nbcraft/trust/handlers.py), validated with zod:
 * what the Jupyter root's project config file asks for, and trusting exactly what was shown.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

import { getJson, parseResponse, postJson } from '../core/api';

export const TrustTargetSchema = z.object({
  name: z.string(),
  kind: z.string(),
  /** a host (`sc://h:15002`, `https://gw`), a Databricks profile or a local kernel */
  where: z.string(),
  /** the interpreter the target would run, as written in the file */
  python: z.string().nullable(),
  envNames: z.array(z.string())
});
export type TrustTarget = z.infer<typeof TrustTargetSchema>;

export const TrustStateSchema = z.object({
  /** the file's real path; null when the root has no project config */
  path: z.string().nullable(),
  file: z.string().nullable(),
  sha256: z.string().nullable(),
  trusted: z.boolean(),
  /** the privileged keys the file sets: tracking, compute, pipelines */
  requests: z.array(z.string()),
  /** it asks for something and is not trusted: those settings are held back */
  heldBack: z.boolean(),
  error: z.string().nullable(),
  trustProblem: z.string().nullable(),
  tracking: z.object({ uri: z.string() }).nullable(),
  targets: z.array(TrustTargetSchema),
  pipelines: z.array(z.string())
});
export type TrustState = z.infer<typeof TrustStateSchema>;

export function fetchTrust(client: AxiosInstance): Promise<TrustState> {
  return getJson(client, 'trust', TrustStateSchema);
}

/** Trust the file as it was shown: the server refuses (409) if it changed since. */
export function postTrust(
  client: AxiosInstance,
  state: Pick<TrustState, 'path' | 'sha256'>
): Promise<TrustState> {
  return postJson(
    client,
    'trust',
    { path: state.path, sha256: state.sha256 },
    TrustStateSchema
  );
}

/** Stop trusting the root's project config file. */
export async function revokeTrust(client: AxiosInstance): Promise<TrustState> {
  const response = await client.delete<unknown>('trust');
  return parseResponse(TrustStateSchema, response.data, 'trust');
}
