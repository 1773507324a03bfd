// OpenLineage facets Floe Studio emits. Each `_schemaURL` is the `$id` of the facet's schema (the
// official ones in ../shared/data/openlineage-spec, ours in resources/schemas) plus its `$defs` entry.
import type { AssetColumn, ColumnClassification } from '../../../shared/assets';
import {
  COLUMN_CLASSIFICATION_FACET,
  TRACE_RUN_FACET,
  type OpenLineageFacet,
  type OpenLineageFacets,
} from '../../../shared/lineage';

const OL = 'https://openlineage.io/spec';
const FLOE = 'https://floe.dev/spec';

export const RUN_EVENT_SCHEMA_URL = `${OL}/2-0-2/OpenLineage.json#/$defs/RunEvent`;

export const FACET_SCHEMA_URLS = {
  schema: `${OL}/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  dataSource: `${OL}/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet`,
  documentation: `${OL}/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet`,
  datasetOwnership: `${OL}/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet`,
  jobOwnership: `${OL}/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet`,
  sql: `${OL}/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet`,
  jobType: `${OL}/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
  jobTags: `${OL}/facets/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet`,
  runTags: `${OL}/facets/1-0-0/TagsRunFacet.json#/$defs/TagsRunFacet`,
  errorMessage: `${OL}/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`,
  parent: `${OL}/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`,
  processingEngine: `${OL}/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet`,
  outputStatistics: `${OL}/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
  dataQualityAssertions: `${OL}/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
  columnClassification: `${FLOE}/facets/1-0-0/ColumnClassificationDatasetFacet.json#/$defs/ColumnClassificationDatasetFacet`,
  trace: `${FLOE}/facets/1-0-0/TraceRunFacet.json#/$defs/TraceRunFacet`,
} as const;

/** `_producer` and `producer`: this build of Floe Studio. */
export function producerUrl(floeVersion: string): string {
  return `https://floe.dev/studio/v${floeVersion}`;
}

function facet(
  producer: string,
  schemaURL: string,
  fields: Record<string, unknown>,
): OpenLineageFacet {
  return { _producer: producer, _schemaURL: schemaURL, ...fields };
}

export function schemaFacet(producer: string, columns: AssetColumn[]): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.schema, {
    fields: columns.map((column, index) => ({
      name: column.name,
      ...(column.dataType ? { type: column.dataType } : {}),
      ...(column.description ? { description: column.description } : {}),
      ordinal_position: index + 1,
    })),
  });
}

export function dataSourceFacet(producer: string, namespace: string): OpenLineageFacet {
  // `uri` must be a URI; `bigquery` (no scheme) and paths with spaces are not, as they stand.
  const uri = namespace.includes('://') ? encodeURI(namespace) : undefined;
  return facet(producer, FACET_SCHEMA_URLS.dataSource, {
    name: namespace,
    ...(uri ? { uri } : {}),
  });
}

export function documentationFacet(producer: string, description: string): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.documentation, { description });
}

export function ownershipFacet(
  producer: string,
  owner: string,
  of: 'dataset' | 'job',
): OpenLineageFacet {
  const url =
    of === 'dataset' ? FACET_SCHEMA_URLS.datasetOwnership : FACET_SCHEMA_URLS.jobOwnership;
  return facet(producer, url, { owners: [{ name: owner, type: 'MAINTAINER' }] });
}

export function sqlFacet(producer: string, query: string, dialect: string): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.sql, { query, dialect });
}

export type LineageJobType = 'MODEL' | 'SEED' | 'SNAPSHOT' | 'JOB';

export function jobTypeFacet(producer: string, jobType: LineageJobType): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.jobType, {
    processingType: 'BATCH',
    integration: 'DBT',
    jobType,
  });
}

export interface Tag {
  key: string;
  value: string;
  source: string;
}

export function tagsFacet(producer: string, tags: Tag[], of: 'run' | 'job'): OpenLineageFacet {
  return facet(producer, of === 'run' ? FACET_SCHEMA_URLS.runTags : FACET_SCHEMA_URLS.jobTags, {
    tags,
  });
}

export function errorMessageFacet(producer: string, message: string): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.errorMessage, { message, programmingLanguage: 'SQL' });
}

export interface ParentRef {
  runId: string;
  namespace: string;
  name: string;
}

export function parentFacet(producer: string, parent: ParentRef): OpenLineageFacet {
  const run = { runId: parent.runId };
  const job = { namespace: parent.namespace, name: parent.name };
  // The Floe run is the root of its tree as well as the direct parent.
  return facet(producer, FACET_SCHEMA_URLS.parent, { run, job, root: { run, job } });
}

export function processingEngineFacet(
  producer: string,
  dbtVersion: string,
  floeVersion: string,
): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.processingEngine, {
    name: 'dbt',
    version: dbtVersion,
    openlineageAdapterVersion: floeVersion,
  });
}

export function outputStatisticsFacet(producer: string, rowCount: number): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.outputStatistics, { rowCount });
}

export interface Assertion {
  assertion: string;
  success: boolean;
  column?: string;
  severity?: string;
  name?: string;
}

export function dataQualityAssertionsFacet(
  producer: string,
  assertions: Assertion[],
): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.dataQualityAssertions, { assertions });
}

export function traceFacet(
  producer: string,
  ids: { traceId: string; spanId: string },
): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.trace, { traceId: ids.traceId, spanId: ids.spanId });
}

export function classificationFacet(
  producer: string,
  source: string,
  classifications: Record<string, ColumnClassification>,
): OpenLineageFacet {
  return facet(producer, FACET_SCHEMA_URLS.columnClassification, {
    classificationSource: source,
    classifications,
  });
}

export function withFacet(
  facets: OpenLineageFacets,
  key: string,
  value: OpenLineageFacet | undefined,
): void {
  if (value !== undefined) facets[key] = value;
}

export { COLUMN_CLASSIFICATION_FACET, TRACE_RUN_FACET };
