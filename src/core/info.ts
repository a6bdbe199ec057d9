import { z } from 'zod';

/** The reply of `GET /nbcraft/info`. */
export const ServerInfoSchema = z.object({
  name: z.literal('nbcraft'),
  version: z.string(),
  capabilities: z.array(z.string())
});

export type ServerInfo = z.infer<typeof ServerInfoSchema>;
