// Test support: validates events against the official OpenLineage JSON Schemas (../shared/data/
// openlineage-spec, draft 2020-12) and our own facet schemas (resources/schemas). Fetches nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020';
import type { OpenLineageFacets, OpenLineageRunEvent } from '../../../../shared/lineage';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = resolve(HERE, '../../../../..');
export const SPEC_DIR = resolve(REPO_ROOT, '../shared/data/openlineage-spec');
export const OUR_SCHEMA_DIR = join(REPO_ROOT, 'resources/schemas');
export const CORE_SCHEMA_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';

interface SchemaFile {
  $id: string;
  properties?: Record<string, unknown>;
}

const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export interface OpenLineageValidator {
  /** Problems with the event as a whole and with every facet it carries (empty: valid). */
  validateEvent(event: unknown): string[];
  /** Validates `{ [key]: facet }` against the schema file named by the facet's `_schemaURL`. */
  validateFacet(key: string, facet: unknown): string[];
  schemaIds(): string[];
}

function readSchemas(dir: string): SchemaFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as SchemaFile);
}

export function createOpenLineageValidator(): OpenLineageValidator {
  // Not strict: the official schemas trip ajv's strict-mode lints (e.g. `required` inside `not`).
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // OpenLineage's schemas annotate with `example` (not a JSON Schema keyword).
  ajv.addKeyword('example');
  ajv.addFormat('uri', URI);
  ajv.addFormat('uuid', UUID);
  ajv.addFormat(
    'date-time',
    (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  );
  const files = [...readSchemas(SPEC_DIR), ...readSchemas(OUR_SCHEMA_DIR)];
  const core = files.find((file) => file.$id === CORE_SCHEMA_ID);
  if (!core) throw new Error(`core schema ${CORE_SCHEMA_ID} not found in ${SPEC_DIR}`);
  ajv.addSchema(core);
  for (const file of files) if (file !== core) ajv.addSchema(file);
  const byId = new Map(files.map((file) => [file.$id, file]));

  const run = (schemaRef: string, data: unknown, label: string): string[] => {
    const validate = ajv.getSchema(schemaRef);
    if (!validate) return [`${label}: no schema ${schemaRef}`];
    if (validate(data)) return [];
    return (validate.errors ?? []).map(
      (error) => `${label}${error.instancePath} ${error.message ?? ''} (${error.schemaPath})`,
    );
  };

  const validateFacet = (key: string, facet: unknown): string[] => {
    const url = (facet as { _schemaURL?: unknown })._schemaURL;
    if (typeof url !== 'string') return [`${key}: no _schemaURL`];
    const fileId = url.split('#')[0] ?? url;
    const file = byId.get(fileId);
    if (!file) return [`${key}: _schemaURL ${url} names no known schema`];
    const problems = run(url, facet, key);
    if (!Object.keys(file.properties ?? {}).includes(key))
      problems.push(`${key}: not a facet name of ${fileId}`);
    problems.push(...run(fileId, { [key]: facet }, key));
    return problems;
  };

  const validateFacets = (facets: OpenLineageFacets | undefined, where: string): string[] =>
    Object.entries(facets ?? {}).flatMap(([key, facet]) =>
      validateFacet(key, facet).map((p) => `${where}.${p}`),
    );

  return {
    validateEvent(event: unknown): string[] {
      const problems = [
        ...run(CORE_SCHEMA_ID, event, 'event'),
        ...run(`${CORE_SCHEMA_ID}#/$defs/RunEvent`, event, 'RunEvent'),
      ];
      const e = event as OpenLineageRunEvent;
      problems.push(
        ...validateFacets(e.run?.facets, 'run.facets'),
        ...validateFacets(e.job?.facets, 'job.facets'),
      );
      for (const [list, name] of [
        [e.inputs ?? [], 'inputs'],
        [e.outputs ?? [], 'outputs'],
      ] as const) {
        list.forEach((dataset, i) => {
          problems.push(
            ...validateFacets(dataset.facets, `${name}[${i}].facets`),
            ...validateFacets(dataset.inputFacets, `${name}[${i}].inputFacets`),
            ...validateFacets(dataset.outputFacets, `${name}[${i}].outputFacets`),
          );
        });
      }
      return problems;
    },
    validateFacet,
    schemaIds: () => [...byId.keys()],
  };
}
