/**
 * The command ids are an interface (users' shortcuts and settings, menus in schema/*.json,
 * other extensions, the UI tests): one table, src/core/commandIds.ts, each id once, each
 * registered by exactly one plugin, and every nbcraft command the schemas name is in it.
 */
import * as fs from 'fs';
import * as path from 'path';

import { CommandIDs } from '../../src/core/commandIds';

const REPO = path.resolve(__dirname, '..', '..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return filesUnder(full, pattern);
    }
    return pattern.test(entry.name) ? [full] : [];
  });
}

/** Every `"command": "..."` value anywhere in a JSON document (menus, shortcuts, toolbars). */
function commandsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(commandsIn);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      key === 'command' && typeof v === 'string' ? [v] : commandsIn(v)
    );
  }
  return [];
}

const sources = filesUnder(path.join(REPO, 'src'), /\.tsx?$/).map(file => ({
  file: path.relative(REPO, file),
  text: fs.readFileSync(file, 'utf-8')
}));
const ids: [string, string][] = Object.entries(CommandIDs);

describe('CommandIDs', () => {
  it('keeps every id exactly as users and settings know it', () => {
    expect(Object.values(CommandIDs).sort()).toEqual(
      [
        'nbcraft:jobs-open',
        'nbcraft:jobs-refresh',
        'nbcraft:jobs-run',
        'nbcraft:lint-notebook',
        'nbcraft:lint-open-panel',
        'nbcraft:promote',
        'nbcraft:promote-undo',
        'nbcraft:revoke-project-config',
        'nbcraft:switch-compute',
        'nbcraft:tracking-compare',
        'nbcraft:tracking-open',
        'nbcraft:tracking-refresh',
        'nbcraft:tracking-show-run',
        'nbcraft:trust-project-config'
      ].sort()
    );
    expect(new Set(Object.values(CommandIDs)).size).toBe(ids.length);
  });

  it('is the only place in src/ that spells an id', () => {
    // A plugin id may equal a command id ('nbcraft:promote' names both the plugin, whose
    // settings users keep, and its command): both are interfaces, neither can change.
    const elsewhere = sources.flatMap(({ file, text }) =>
      file === path.join('src', 'core', 'commandIds.ts')
        ? []
        : text
            .split('\n')
            .filter(line => !line.includes("PLUGIN_ID = '"))
            .flatMap(line =>
              ids
                .filter(([, id]) => line.includes(`'${id}'`))
                .map(([, id]) => `${file}: ${id}`)
            )
    );
    expect(elsewhere).toEqual([]);
  });

  it('has each id registered by exactly one addCommand', () => {
    const registrations = ids.map(([key, id]) => {
      const pattern = new RegExp(`addCommand\\(\\s*CommandIDs\\.${key}\\b`);
      const files = sources
        .filter(({ text }) => pattern.test(text))
        .map(({ file }) => file);
      return [id, files.length];
    });
    expect(registrations).toEqual(ids.map(([, id]) => [id, 1]));
  });

  it('has every nbcraft command that schema/*.json names (menus, shortcuts, toolbars)', () => {
    const known = new Set<string>(Object.values(CommandIDs));
    const schemaDir = path.join(REPO, 'schema');
    const named = fs
      .readdirSync(schemaDir)
      .filter(name => name.endsWith('.json'))
      .flatMap(name =>
        commandsIn(
          JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf-8'))
        ).map(command => `${name}: ${command}`)
      );
    const nbcraft = named.filter(n => n.includes(': nbcraft:'));
    expect(nbcraft.length).toBeGreaterThanOrEqual(5);
    expect(nbcraft.filter(n => !known.has(n.split(': ')[1]))).toEqual([]);
  });
});
