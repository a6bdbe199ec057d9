/**
 * Config -> the rules to run: preset, then per-rule severity and options (by code or id),
 * validated against each rule's zod options schema. Errors name the file and the key.
 */
import type { Ignore } from 'ignore';
import { ignoreMatcher, ignoresPath } from './ignorePatterns';
import type {
  EnabledRule,
  Rule,
  Severity,
  SeveritySetting
} from '../engine/types';
import { allRules } from '../rules';
import { ConfigError, keyPath } from './errors';
import { NbcraftConfig, nbcraftConfigSchema, RuleSetting } from './schema';

export interface ResolvedConfig {
  /** the config file it came from; null for built-in defaults */
  file: string | null;
  /** the folder globs are relative to ('' = the current folder), with '/' separators */
  baseDir: string;
  config: NbcraftConfig;
  rules: EnabledRule[];
  isIgnored(relativePath: string): boolean;
  /** the enabled rules minus the per-file ignores that match this path */
  rulesFor(relativePath: string): EnabledRule[];
}

/**
 * zod compiles a parser for each object schema with `new Function` on its first parse (its "JIT"),
 * which pays back only over many parses. A config is parsed once per run, so the source and its
 * ~15 object schemas would be compiled for one use each (in a cold `nbcraft lint`, and outside the
 * CLI's code cache): zod's own interpreted path gives the same result for a third of the time.
 */
const INTERPRETED = { jitless: true } as const;

function ruleIndex(registry: readonly Rule[]): Map<string, Rule> {
  const byKey = new Map<string, Rule>();
  for (const rule of registry) {
    byKey.set(rule.meta.code, rule);
    byKey.set(rule.meta.id, rule);
  }
  return byKey;
}

function toSeverity(s: SeveritySetting): Severity | null {
  return s === 'off' ? null : s === 'warn' ? 'warning' : 'error';
}

/** Validates a parsed config object (from JSON or TOML) and resolves its rules. */
export function resolveConfig(
  input: unknown,
  file: string | null = null,
  baseDir = '',
  registry: readonly Rule[] = allRules
): ResolvedConfig {
  const where = file ?? '<config>';
  const parsed = nbcraftConfigSchema.safeParse(input ?? {}, INTERPRETED);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = keyPath(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `"${k}"`).join(', ')}; allowed: extends, rules, ignore, perFileIgnores, promote, tracking, compute`;
    }
    throw new ConfigError(where, key, message);
  }
  const config = parsed.data;
  const byKey = ruleIndex(registry);

  const settings = new Map<
    Rule,
    { severity: Severity | null; options: unknown; key: string | null }
  >();
  for (const rule of registry) {
    const on =
      config.extends === 'strict' ||
      (config.extends === 'recommended' && rule.meta.recommended);
    settings.set(rule, {
      severity: on ? rule.meta.defaultSeverity : null,
      options: undefined,
      key: null
    });
  }
  for (const [key, setting] of Object.entries(config.rules)) {
    const rule = byKey.get(key);
    if (!rule) {
      throw new ConfigError(
        where,
        `rules.${key}`,
        `unknown rule "${key}"; run \`nbcraft rules\` to list codes and ids`
      );
    }
    const [sev, options] = splitSetting(setting);
    const previous = settings.get(rule) ?? { key: null };
    if (previous.key && previous.key !== key) {
      throw new ConfigError(
        where,
        `rules.${key}`,
        `rule ${rule.meta.code} is configured twice (also as "${previous.key}")`
      );
    }
    settings.set(rule, {
      severity: toSeverity(sev),
      options,
      key
    });
  }

  const rules: EnabledRule[] = [];
  for (const [rule, s] of settings) {
    if (!s.severity) {
      continue;
    }
    rules.push({
      rule,
      severity: s.severity,
      options: parseOptions(rule, s.options, where, s.key)
    });
  }

  const ignoreMatcher = matcher(config.ignore);
  const perFile = Object.entries(config.perFileIgnores).map(
    ([pattern, keys], i) => {
      keys.forEach((k, j) => {
        if (!byKey.has(k)) {
          throw new ConfigError(
            where,
            `perFileIgnores.${pattern}[${j}]`,
            `unknown rule "${k}"`
          );
        }
      });
      return {
        match: matcher([pattern]),
        codes: new Set(keys.map(k => byKey.get(k)?.meta.code ?? k))
      };
    }
  );

  return {
    file,
    baseDir,
    config,
    rules,
    isIgnored: rel => test(ignoreMatcher, rel),
    rulesFor(rel) {
      const off = new Set<string>();
      for (const p of perFile) {
        if (test(p.match, rel)) {
          p.codes.forEach(c => off.add(c));
        }
      }
      return off.size ? rules.filter(r => !off.has(r.rule.meta.code)) : rules;
    }
  };
}

function splitSetting(setting: RuleSetting): [SeveritySetting, unknown] {
  if (typeof setting === 'string') {
    return [setting, undefined];
  }
  return [setting[0], setting[1]];
}

function parseOptions(
  rule: Rule,
  options: unknown,
  where: string,
  key: string | null
): unknown {
  const schema = rule.meta.options;
  if (!schema) {
    if (options !== undefined && Object.keys(options as object).length > 0) {
      throw new ConfigError(
        where,
        `rules.${key}[1]`,
        `rule ${rule.meta.id} takes no options`
      );
    }
    return {};
  }
  const parsed = schema.strict().safeParse(options ?? {}, INTERPRETED);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const sub = keyPath(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.map(k => `"${k}"`).join(', ')} for rule ${rule.meta.id}; allowed: ${Object.keys(schema.shape).join(', ')}`
        : `${issue.message} (rule ${rule.meta.id})`;
    throw new ConfigError(
      where,
      `rules.${key}[1]${sub ? `.${sub}` : ''}`,
      message
    );
  }
  return parsed.data;
}

function matcher(patterns: string[]): Ignore | null {
  return patterns.length ? ignoreMatcher(patterns) : null;
}

function test(m: Ignore | null, rel: string): boolean {
  if (!m) {
    return false;
  }
  const clean = rel.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!clean || clean.startsWith('../') || clean.startsWith('/')) {
    return false;
  }
  return ignoresPath(m, clean);
}

/** The built-in defaults (`recommended`), used when no config file is found. */
export function defaultConfig(
  registry: readonly Rule[] = allRules
): ResolvedConfig {
  return resolveConfig({}, null, '', registry);
}
