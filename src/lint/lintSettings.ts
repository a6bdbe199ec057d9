/**
 * The user's settings for live linting (schema/lint.json) and how they combine with the
 * project's config file. The config file is what CI runs; the user's rule overrides change
 * only what the lab shows, and a mistake in either is reported against its own source.
 */
import { ConfigError, findRule, resolveConfig } from '@nbcraft/lint-rules';
import type { ResolvedConfig } from '@nbcraft/lint-rules';

import type { LocatedConfig } from './configLocator';
import { relativeTo } from './configLocator';
import { LINT_PLUGIN_ID } from './tokens';

export type RuleSeverityOverride = 'off' | 'warn' | 'error';

/** The settings of the `nbcraft:lint` plugin (see schema/lint.json). */
export interface LintUserSettings {
  enabled: boolean;
  debounceMs: number;
  gutter: boolean;
  /** rule code or id -> severity, applied on top of the project config */
  rules: Record<string, RuleSeverityOverride>;
}

export const DEFAULT_LINT_SETTINGS: LintUserSettings = {
  enabled: true,
  debounceMs: 300,
  gutter: true,
  rules: {}
};

/**
 * The `file` of a ConfigError in the user's rule overrides: the setting's id, which the
 * notice (notices.ts `configNotice`) names in the lab's language.
 */
export const USER_SETTINGS_SOURCE = `${LINT_PLUGIN_ID}#rules`;

/** Reads the settings registry's composite value defensively (hand-edited JSON may be off). */
export function readLintSettings(
  composite: Partial<Record<string, unknown>>
): LintUserSettings {
  const rules: Record<string, RuleSeverityOverride> = {};
  const raw = composite.rules;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value === 'off' || value === 'warn' || value === 'error') {
        rules[key] = value;
      }
    }
  }
  const debounce = composite.debounceMs;
  return {
    enabled: composite.enabled !== false,
    debounceMs:
      typeof debounce === 'number' && debounce >= 0 && debounce <= 10000
        ? debounce
        : DEFAULT_LINT_SETTINGS.debounceMs,
    gutter: composite.gutter !== false,
    rules
  };
}

/** The rules to run for one notebook, or the reason there are none. */
export interface EffectiveLintConfig {
  resolved: ResolvedConfig;
  /** the notebook path relative to the config folder (what per-file ignores match) */
  relativePath: string;
  /** the config ignores this notebook: `nbcraft lint` skips it, so the lab shows nothing */
  ignored: boolean;
}

/**
 * Validates the located config, then applies the user's overrides. Throws ConfigError naming
 * the config file (or the settings) and the key.
 */
export function effectiveConfig(
  located: LocatedConfig,
  notebookPath: string,
  settings: LintUserSettings
): EffectiveLintConfig {
  const base = resolveConfig(located.settings, located.file, located.baseDir);
  let resolved = base;
  if (Object.keys(settings.rules).length > 0) {
    // an override replaces the file's setting of the same rule, whether by code or by id
    const overridden = new Set(
      Object.keys(settings.rules).map(key => findRule(key) ?? key)
    );
    const kept = Object.entries(base.config.rules).filter(
      ([key]) => !overridden.has(findRule(key) ?? key)
    );
    const rules = { ...Object.fromEntries(kept), ...settings.rules };
    const merged = { ...(located.settings as Record<string, unknown>), rules };
    try {
      resolved = resolveConfig(merged, located.file, located.baseDir);
    } catch (error) {
      if (error instanceof ConfigError) {
        throw new ConfigError(USER_SETTINGS_SOURCE, error.key, error.message);
      }
      throw error;
    }
  }
  const relativePath = relativeTo(located.baseDir, notebookPath);
  return { resolved, relativePath, ignored: resolved.isIgnored(relativePath) };
}
