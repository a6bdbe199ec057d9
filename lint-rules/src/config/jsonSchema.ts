/**
 * The JSON Schema of nbcraft.json, generated from the zod schema plus every rule's options, so
 * editors complete rule codes/ids and their options. `scripts/gen-schema` writes it to
 * schema/nbcraft.schema.json; a guard test keeps that file up to date.
 */
import { z } from 'zod';
import type { Rule } from '../engine/types';
import { allRules } from '../rules';
import { nbcraftConfigSchema, severitySettingSchema } from './schema';

type JsonSchema = Record<string, unknown>;

export function buildConfigJsonSchema(
  registry: readonly Rule[] = allRules
): JsonSchema {
  const base = z.toJSONSchema(nbcraftConfigSchema, {
    io: 'input',
    target: 'draft-2020-12'
  }) as JsonSchema;
  const severity = z.toJSONSchema(severitySettingSchema, {
    target: 'draft-2020-12'
  }) as JsonSchema;
  delete severity.$schema;
  const ruleProperties: JsonSchema = {};
  for (const rule of registry) {
    const { code, id, description } = rule.meta;
    let options: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      maxProperties: 0
    };
    if (rule.meta.options) {
      options = z.toJSONSchema(rule.meta.options.strict(), {
        io: 'input',
        target: 'draft-2020-12'
      });
      delete options.$schema;
    }
    const setting = {
      description: `${code} ${id}: ${description}`,
      anyOf: [
        { $ref: '#/$defs/severity' },
        {
          type: 'array',
          prefixItems: [{ $ref: '#/$defs/severity' }],
          items: false,
          minItems: 1
        },
        {
          type: 'array',
          prefixItems: [{ $ref: '#/$defs/severity' }, options],
          items: false,
          minItems: 2
        }
      ]
    };
    ruleProperties[code] = setting;
    ruleProperties[id] = {
      ...setting,
      description: `${id} (${code}): ${description}`
    };
  }
  const properties = base.properties as Record<string, JsonSchema>;
  const rules = properties.rules;
  properties.rules = {
    title: rules.title,
    description: rules.description,
    type: 'object',
    properties: ruleProperties,
    additionalProperties: false
  };
  base.$defs = { ...(base.$defs as JsonSchema | undefined), severity };
  base.$id =
    'https://github.com/nbcraft/nbcraft/blob/main/lint-rules/schema/nbcraft.schema.json';
  return base;
}

/** The schema file's text, exactly as written to disk. */
export function configJsonSchemaText(): string {
  return JSON.stringify(buildConfigJsonSchema(), null, 2) + '\n';
}
