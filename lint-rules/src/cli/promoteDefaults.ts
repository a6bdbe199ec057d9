/**
 * `nbcraft promote`'s defaults (`promote.moduleDir`, `promote.testsDir`) from the project's
 * config, found as the lint finds it.
 */
import * as path from 'path';
import { ConfigError, keyPath } from '../config/errors';
import { CONFIG_FILE_NAMES } from '../config/parse';
import { nbcraftConfigSchema } from '../config/schema';
import { pathNameRefusal } from '../promote/relativePath';
import { readConfigFile } from './configLoader';
import type { CliIo } from './io';
import { ProjectWalk } from './projectWalk';

/**
 * Promote's defaults from the nearest nbcraft.json / pyproject.toml [tool.nbcraft], upwards from
 * `dir` to the current folder `root`, both taken by their real paths: the walk is the lint's
 * (projectWalk.ts: a folder another user may write into, or one another user owns outside the
 * notebook's own repository, is not read, nor any above it; nothing above the git root or
 * $HOME), and each file is read as the lint reads one (readConfigFile), refused when its folder
 * was replaced after it was judged or the file is not its owner's (afterRead).
 */
export async function promoteDefaults(
  io: CliIo,
  dir: string,
  root: string
): Promise<{ moduleDir?: string; testsDir?: string }> {
  const walk = new ProjectWalk({ home: io.env.HOME });
  const start = walk.start(dir);
  const top = walk.start(root);
  const repository = walk.repository(start);
  for (let current = start; ;) {
    if (walk.foreign(current, repository)) return {};
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(current, name);
      if ((await io.kind(file)) !== 'file') continue;
      const { shown, raw, refused } = await readConfigFile(io, file, false, {
        walk,
        dir: current
      });
      if (refused) return {};
      if (raw === null) continue;
      return promoteSection(raw, shown);
    }
    const parent = walk.above(current);
    if (
      parent === null ||
      !(current + path.sep).startsWith(top + path.sep) ||
      current === top
    )
      return {};
    current = parent;
  }
}

/** The config's `promote` settings; a wrong type is a ConfigError naming the file and the key, as lint says it. */
function promoteSection(
  config: unknown,
  file: string
): { moduleDir?: string; testsDir?: string } {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new ConfigError(file, '', 'the settings must be an object');
  const parsed = nbcraftConfigSchema.shape.promote.safeParse(
    (config as Record<string, unknown>).promote
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      file,
      keyPath(['promote', ...issue.path]),
      issue.message
    );
  }
  const section = parsed.data ?? {};
  for (const key of ['moduleDir', 'testsDir'] as const) {
    const badName =
      section[key] === undefined ? undefined : pathNameRefusal(section[key]);
    if (badName)
      throw new ConfigError(file, keyPath(['promote', key]), badName.message);
  }
  return section;
}
