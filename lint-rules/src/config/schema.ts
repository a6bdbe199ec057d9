/**
 * The config file schema (`nbcraft.json`, or `[tool.nbcraft]` in pyproject.toml), in zod.
 * `scripts/gen-schema` turns it (plus every rule's options schema) into schema/nbcraft.schema.json.
 */
import { z } from 'zod';

export const severitySettingSchema = z.enum(['off', 'warn', 'error']).meta({
  title: 'Severity',
  description:
    '"off" disables the rule, "warn" reports a warning, "error" an error.'
});

/** `"warn"`, `["warn"]` or `["warn", { options }]` */
export const ruleSettingSchema = z.union([
  severitySettingSchema,
  z.tuple([severitySettingSchema]),
  z.tuple([severitySettingSchema, z.record(z.string(), z.unknown())])
]);

export const presetNameSchema = z.enum(['recommended', 'strict', 'none']).meta({
  title: 'Preset',
  description:
    '"recommended": the rules marked recommended at their default severity; "strict": every rule; "none": only the rules listed in "rules".'
});

const computeTargetSchema = z.discriminatedUnion('kind', [
  z.looseObject({ name: z.string(), kind: z.literal('local') }),
  z.looseObject({
    name: z.string(),
    kind: z.literal('spark-connect'),
    url: z.string()
  }),
  z.looseObject({
    name: z.string(),
    kind: z.literal('databricks-connect'),
    profile: z.string().optional(),
    clusterId: z.string().optional(),
    serverless: z.boolean().optional()
  }),
  z.looseObject({
    name: z.string(),
    kind: z.literal('gateway'),
    url: z.string(),
    kernel: z.string().optional()
  })
]);

export const nbcraftConfigSchema = z
  .strictObject({
    $schema: z.string().optional().meta({
      title: 'Schema',
      description: 'Path or URL of this JSON Schema (for editors).'
    }),
    extends: presetNameSchema.default('recommended'),
    rules: z.record(z.string(), ruleSettingSchema).default({}).meta({
      title: 'Rules',
      description:
        'Per-rule severity and options, by code (NB101) or id (non-linear-execution): "off" | "warn" | "error" | [severity, {options}].'
    }),
    ignore: z.array(z.string()).default([]).meta({
      title: 'Ignored files',
      description:
        'gitignore-style globs, relative to the config file, of notebooks never linted.'
    }),
    perFileIgnores: z.record(z.string(), z.array(z.string())).default({}).meta({
      title: 'Per-file ignores',
      description:
        'glob (relative to the config file) -> rule codes or ids switched off for matching notebooks.'
    }),
    promote: z
      .looseObject({
        moduleDir: z
          .string()
          .optional()
          .meta({ description: 'Folder of the modules promote writes.' }),
        testsDir: z
          .string()
          .optional()
          .meta({ description: 'Folder of the test stubs promote writes.' })
      })
      .optional()
      .meta({
        title: 'Promote',
        description: 'Defaults of the promote capability.'
      }),
    tracking: z
      .looseObject({
        uri: z
          .string()
          .optional()
          .meta({ description: 'MLflow tracking URI (no credentials).' })
      })
      .optional()
      .meta({ title: 'Tracking', description: 'MLflow tracking server.' }),
    compute: z
      .looseObject({ targets: z.array(computeTargetSchema).default([]) })
      .optional()
      .meta({
        title: 'Compute',
        description: 'Compute targets offered by the kernel picker.'
      })
  })
  .meta({
    title: 'nbcraft configuration',
    description: 'nbcraft.json, or [tool.nbcraft] in pyproject.toml.'
  });

export type NbcraftConfigInput = z.input<typeof nbcraftConfigSchema>;
export type NbcraftConfig = z.output<typeof nbcraftConfigSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;
