// The floe.yaml contract (compatible with the seeds' FloeSpec). Pure zod; no I/O.
import { z } from 'zod';

// zod 4 probes `new Function` unless told not to; a strict CSP in the renderer forbids eval.
z.config({ jitless: true });

export const COMPUTE_TARGETS = [
  'duckdb',
  'snowflake',
  'bigquery',
  'redshift',
  'databricks',
  'postgres',
  'spark',
] as const;
export type ComputeTarget = (typeof COMPUTE_TARGETS)[number];

export const PROJECT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Environment names become dbt target names and parts of env-var names (POSTGRES_STAGING_USER). */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
export const ENVIRONMENT_NAME_RULE =
  'lowercase letters, digits and underscores, starting with a letter (at most 32)';

const propertyValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
  z.record(z.string(), z.unknown()),
]);

export const computeSchema = z.strictObject({
  target: z.enum(COMPUTE_TARGETS),
  properties: z.record(z.string(), propertyValue).default({}),
});

/** An environment may change the target, or only some properties of the default compute. */
export const computeOverrideSchema = z.strictObject({
  target: z.enum(COMPUTE_TARGETS).optional(),
  properties: z.record(z.string(), propertyValue).default({}),
});

export const transformSchema = z.strictObject({
  type: z.literal('dbt'),
  path: z.string().min(1),
  /** dbt executable; else DBT_PATH, PATH, then the project's bootstrap venv. */
  executable: z.string().min(1).optional(),
});

export const CLASSIFICATION_SOURCES = ['dbt_meta', 'none'] as const;

export const governanceSchema = z.strictObject({
  classification_source: z.enum(CLASSIFICATION_SOURCES).default('dbt_meta'),
  policies: z.record(z.string(), z.unknown()).default({}),
});

const attributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const observabilitySchema = z.strictObject({
  traces: z.boolean().default(true),
  lineage: z.boolean().default(true),
  otlp_endpoint: z.string().nullable().optional(),
  lineage_endpoint: z.string().nullable().optional(),
  /** OpenLineage job namespace; defaults to the project name. */
  lineage_namespace: z.string().min(1).optional(),
  attributes: z.record(z.string(), attributeValue).default({}),
});

export const observabilityOverrideSchema = z.strictObject({
  traces: z.boolean().optional(),
  lineage: z.boolean().optional(),
  otlp_endpoint: z.string().nullable().optional(),
  lineage_endpoint: z.string().nullable().optional(),
  lineage_namespace: z.string().min(1).optional(),
  attributes: z.record(z.string(), attributeValue).optional(),
});

export const environmentSchema = z.strictObject({
  compute: computeOverrideSchema.optional(),
  observability: observabilityOverrideSchema.optional(),
  /** Runs in a protected environment ask for confirmation first (prod is always protected). */
  protected: z.boolean().optional(),
});

export const floeSpecSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(
        PROJECT_NAME_PATTERN,
        'must start with a letter and use only letters, digits, _ and -',
      ),
    version: z.string().min(1),
    compute: computeSchema,
    transforms: z.array(transformSchema).min(1),
    governance: governanceSchema.default({ classification_source: 'dbt_meta', policies: {} }),
    observability: observabilitySchema.default({ traces: true, lineage: true, attributes: {} }),
    environments: z
      .record(
        z
          .string()
          .regex(ENVIRONMENT_NAME_PATTERN, `environment names use ${ENVIRONMENT_NAME_RULE}`),
        environmentSchema.nullable().transform((value) => value ?? {}),
      )
      .default({ dev: {} }),
    default_environment: z.string().optional(),
    /** Accepted and passed through; its own contract comes with orchestration. */
    orchestration: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((spec, ctx) => {
    const names = Object.keys(spec.environments);
    if (names.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments'],
        message: 'at least one environment is required (e.g. `dev: {}`)',
      });
    }
    if (spec.default_environment !== undefined && !names.includes(spec.default_environment)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default_environment'],
        message: `unknown environment "${spec.default_environment}"; allowed: ${names.join(', ')}`,
      });
    }
  });

export type FloeSpec = z.output<typeof floeSpecSchema>;
export type ComputeConfig = z.output<typeof computeSchema>;
export type ObservabilityConfig = z.output<typeof observabilitySchema>;
export type GovernanceConfig = z.output<typeof governanceSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
