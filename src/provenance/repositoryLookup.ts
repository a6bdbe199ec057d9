/**
 * The lint session's source of the notebook's git state: the server's
 * `/nbcraft/provenance/git` route, asked only when the server has the provenance capability.
 */
import type { RepositoryState } from '@nbcraft/lint-rules';

import type { INbcraftCore } from '../core/plugin';
import { ProvenanceApi } from './api';
import { repositoryStateOf } from './model';

/** undefined: the server cannot tell (no provenance capability, an error): the rules stay quiet. */
export function repositoryLookup(
  core: INbcraftCore
): (path: string) => Promise<RepositoryState | undefined> {
  const api = new ProvenanceApi(core.client);
  return async path => {
    const info = await core.serverInfo;
    if (!info?.capabilities.includes('provenance')) {
      return undefined;
    }
    try {
      return repositoryStateOf(await api.git(path), path);
    } catch {
      return undefined;
    }
  };
}
