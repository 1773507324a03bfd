// Pure builders of OpenLineage RunEvents: one parent job per Floe run, one job per executed asset.
import type { Asset, AssetCheck, ColumnClassification } from '../../../shared/assets';
import type { CompiledCompute } from '../../../shared/config/compiled-artifacts';
import {
  COLUMN_CLASSIFICATION_FACET,
  TRACE_RUN_FACET,
  type LineageEventType,
  type OpenLineageDataset,
  type OpenLineageFacets,
  type OpenLineageRunEvent,
} from '../../../shared/lineage';
import type { RunContext } from '../runs/run-observer';
import {
  RUN_EVENT_SCHEMA_URL,
  classificationFacet,
  dataQualityAssertionsFacet,
  dataSourceFacet,
  documentationFacet,
  errorMessageFacet,
  jobTypeFacet,
  outputStatisticsFacet,
  ownershipFacet,
  parentFacet,
  processingEngineFacet,
  producerUrl,
  schemaFacet,
  sqlFacet,
  tagsFacet,
  traceFacet,
  withFacet,
  type Assertion,
  type LineageJobType,
} from './facets';
import {
  assetJobName,
  datasetName,
  datasetNamespace,
  runJobName,
  seedFileDataset,
  sqlDialect,
} from './naming';

export interface TraceIds {
  traceId: string;
  spanId: string;
}

/** Everything the builders need about one Floe run, resolved once per run. */
export interface LineageRunSpec {
  floeRunId: string;
  /** OpenLineage run id of the parent job (UUID). */
  runId: string;
  jobNamespace: string;
  runJobName: string;
  env: string;
  selection: string;
  trigger: string;
  producer: string;
  floeVersion: string;
  dbtVersion: string;
  compute: CompiledCompute;
  datasetNamespace: string;
  dbtProjectPath: string;
  /** `none` turns the classification facet off. */
  classificationSource: string;
  columnClassifications: Record<string, Record<string, ColumnClassification>>;
  assets: ReadonlyMap<string, Asset>;
  checks: ReadonlyMap<string, AssetCheck>;
  /** Datasets built so far in this run (an asset's dataset is the same in every event of the run). */
  datasetCache?: Map<string, OpenLineageDataset>;
}

export function lineageRunSpec(context: RunContext, runId: string): LineageRunSpec {
  const { artifacts, graph } = context;
  const environment = artifacts.environments[context.env];
  const compute = environment?.compute ?? artifacts.compute;
  const observability = environment?.observability ?? artifacts.observability;
  return {
    floeRunId: context.runId,
    runId,
    jobNamespace: observability.lineage_namespace || artifacts.name,
    runJobName: runJobName(graph.projectName || artifacts.name),
    env: context.env,
    selection: context.selection,
    trigger: context.trigger,
    producer: producerUrl(artifacts.metadata.floe_version),
    floeVersion: artifacts.metadata.floe_version,
    dbtVersion: graph.dbtVersion,
    compute,
    datasetNamespace: datasetNamespace(compute, context.projectDir),
    dbtProjectPath: artifacts.dbt_project_path,
    classificationSource: artifacts.governance.classification_source,
    columnClassifications: artifacts.column_classifications,
    assets: new Map(graph.assets.map((asset) => [asset.id, asset])),
    checks: new Map(graph.checks.map((check) => [check.id, check])),
    datasetCache: new Map(),
  };
}

function event(
  spec: LineageRunSpec,
  eventType: LineageEventType,
  at: Date,
  run: OpenLineageRunEvent['run'],
  job: OpenLineageRunEvent['job'],
  inputs: OpenLineageDataset[],
  outputs: OpenLineageDataset[],
): OpenLineageRunEvent {
  return {
    eventType,
    eventTime: at.toISOString(),
    producer: spec.producer,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run,
    job,
    inputs,
    outputs,
  };
}

function cleanClassification(value: ColumnClassification): ColumnClassification | undefined {
  const out: ColumnClassification = {};
  if (value.classification) out.classification = value.classification;
  if (value.pii_type) out.pii_type = value.pii_type;
  if (value.sensitivity) out.sensitivity = value.sensitivity;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Column → classification from the asset's columns, completed by the compiled artifacts. */
export function assetClassifications(
  spec: Pick<LineageRunSpec, 'classificationSource' | 'columnClassifications'>,
  asset: Asset,
): Record<string, ColumnClassification> | undefined {
  if (spec.classificationSource === 'none') return undefined;
  const out: Record<string, ColumnClassification> = {};
  for (const column of asset.columns) {
    const value = cleanClassification(column);
    if (value) out[column.name] = value;
  }
  const compiled =
    spec.columnClassifications[asset.id] ?? spec.columnClassifications[asset.name] ?? {};
  for (const [column, classification] of Object.entries(compiled)) {
    const value = cleanClassification({ ...out[column], ...classification });
    if (value) out[column] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The dataset an asset writes (or is, for sources), with its dataset facets. Treat as read-only. */
export function assetDataset(spec: LineageRunSpec, asset: Asset): OpenLineageDataset {
  const cached = spec.datasetCache?.get(asset.id);
  if (cached) return cached;
  const dataset = buildDataset(spec, asset);
  spec.datasetCache?.set(asset.id, dataset);
  return dataset;
}

function buildDataset(spec: LineageRunSpec, asset: Asset): OpenLineageDataset {
  const { producer } = spec;
  const facets: OpenLineageFacets = {};
  withFacet(facets, 'dataSource', dataSourceFacet(producer, spec.datasetNamespace));
  if (asset.columns.length > 0) withFacet(facets, 'schema', schemaFacet(producer, asset.columns));
  if (asset.description)
    withFacet(facets, 'documentation', documentationFacet(producer, asset.description));
  if (asset.owner) withFacet(facets, 'ownership', ownershipFacet(producer, asset.owner, 'dataset'));
  const classifications = assetClassifications(spec, asset);
  if (classifications) {
    withFacet(
      facets,
      COLUMN_CLASSIFICATION_FACET,
      classificationFacet(producer, spec.classificationSource, classifications),
    );
  }
  return { namespace: spec.datasetNamespace, name: datasetName(asset), facets };
}

function isEphemeral(asset: Asset): boolean {
  return asset.ephemeral || asset.materialization === 'ephemeral';
}

export interface InputRef {
  dataset: OpenLineageDataset;
  /** The asset behind the dataset (undefined for a seed's file). */
  assetId?: string;
}

/** Upstream datasets: each dep's relation, looking through ephemeral models to what they read. */
export function assetInputs(spec: LineageRunSpec, asset: Asset): InputRef[] {
  if (asset.resourceType === 'seed') {
    return asset.filePath
      ? [{ dataset: seedFileDataset(spec.dbtProjectPath, asset.filePath) }]
      : [];
  }
  const inputs = new Map<string, InputRef>();
  const seen = new Set<string>([asset.id]);
  const visit = (ids: string[]): void => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const dep = spec.assets.get(id);
      // Dangling ids (hand-trimmed manifests) and exposures have no relation to read.
      if (dep === undefined || dep.resourceType === 'exposure') continue;
      if (isEphemeral(dep)) {
        visit(dep.deps);
        continue;
      }
      const dataset = assetDataset(spec, dep);
      inputs.set(`${dataset.namespace}\n${dataset.name}`, { dataset, assetId: dep.id });
    }
  };
  visit(asset.deps);
  return [...inputs.values()];
}

function assetJobType(asset: Asset): LineageJobType {
  if (asset.resourceType === 'seed') return 'SEED';
  if (asset.resourceType === 'snapshot') return 'SNAPSHOT';
  return 'MODEL';
}

export interface AssetEventInput {
  asset: Asset;
  /** OpenLineage run id of this asset's run (UUID), the same for its START and its end. */
  runId: string;
  eventType: LineageEventType;
  at: Date;
  /** dbt's message: the error text on FAIL. */
  message?: string;
  trace?: TraceIds;
  rowsAffected?: number;
}

export function buildAssetEvent(spec: LineageRunSpec, input: AssetEventInput): OpenLineageRunEvent {
  return buildAssetEventWithInputs(spec, input).event;
}

/** The asset's event, and the asset id behind each of its inputs (for the store's graph). */
export function buildAssetEventWithInputs(
  spec: LineageRunSpec,
  input: AssetEventInput,
): { event: OpenLineageRunEvent; inputAssetIds: (string | undefined)[] } {
  const { producer } = spec;
  const { asset } = input;
  const runFacets: OpenLineageFacets = {};
  withFacet(
    runFacets,
    'parent',
    parentFacet(producer, {
      runId: spec.runId,
      namespace: spec.jobNamespace,
      name: spec.runJobName,
    }),
  );
  withFacet(
    runFacets,
    'processing_engine',
    processingEngineFacet(producer, spec.dbtVersion, spec.floeVersion),
  );
  if (input.trace) withFacet(runFacets, TRACE_RUN_FACET, traceFacet(producer, input.trace));
  if (input.eventType === 'FAIL') {
    withFacet(
      runFacets,
      'errorMessage',
      errorMessageFacet(producer, input.message || 'dbt reported an error'),
    );
  }

  const jobFacets: OpenLineageFacets = {};
  withFacet(jobFacets, 'jobType', jobTypeFacet(producer, assetJobType(asset)));
  if (asset.compiledSql)
    withFacet(
      jobFacets,
      'sql',
      sqlFacet(producer, asset.compiledSql, sqlDialect(spec.compute.target)),
    );
  if (asset.owner) withFacet(jobFacets, 'ownership', ownershipFacet(producer, asset.owner, 'job'));
  if (asset.tags.length > 0) {
    const tags = asset.tags.map((tag) => ({ key: tag, value: 'true', source: 'DBT' }));
    withFacet(jobFacets, 'tags', tagsFacet(producer, tags, 'job'));
  }

  let output = assetDataset(spec, asset);
  if (
    input.eventType === 'COMPLETE' &&
    input.rowsAffected !== undefined &&
    input.rowsAffected >= 0
  ) {
    output = {
      ...output,
      outputFacets: {
        outputStatistics: outputStatisticsFacet(producer, Math.round(input.rowsAffected)),
      },
    };
  }
  const inputs = assetInputs(spec, asset);
  return {
    event: event(
      spec,
      input.eventType,
      input.at,
      { runId: input.runId, facets: runFacets },
      { namespace: spec.jobNamespace, name: assetJobName(asset), facets: jobFacets },
      inputs.map((ref) => ref.dataset),
      [output],
    ),
    inputAssetIds: inputs.map((ref) => ref.assetId),
  };
}

export interface RunEventInput {
  eventType: LineageEventType;
  at: Date;
  message?: string;
  trace?: TraceIds;
  /** dbt test results per tested asset id, sent as `dataQualityAssertions` on the run's end. */
  assertions?: ReadonlyMap<string, Assertion[]>;
}

export function buildRunEvent(spec: LineageRunSpec, input: RunEventInput): OpenLineageRunEvent {
  const { producer } = spec;
  const runFacets: OpenLineageFacets = {};
  withFacet(
    runFacets,
    'processing_engine',
    processingEngineFacet(producer, spec.dbtVersion, spec.floeVersion),
  );
  const tags = [
    { key: 'floe.run_id', value: spec.floeRunId, source: 'FLOE' },
    { key: 'floe.environment', value: spec.env, source: 'FLOE' },
    { key: 'floe.selection', value: spec.selection, source: 'FLOE' },
    { key: 'floe.trigger', value: spec.trigger, source: 'FLOE' },
  ];
  withFacet(runFacets, 'tags', tagsFacet(producer, tags, 'run'));
  if (input.trace) withFacet(runFacets, TRACE_RUN_FACET, traceFacet(producer, input.trace));
  if (input.eventType === 'FAIL') {
    withFacet(
      runFacets,
      'errorMessage',
      errorMessageFacet(producer, input.message || 'dbt build failed'),
    );
  }
  const jobFacets: OpenLineageFacets = { jobType: jobTypeFacet(producer, 'JOB') };

  const inputs: OpenLineageDataset[] = [];
  for (const [assetId, assertions] of input.assertions ?? []) {
    const asset = spec.assets.get(assetId);
    if (asset === undefined || assertions.length === 0) continue;
    inputs.push({
      namespace: spec.datasetNamespace,
      name: datasetName(asset),
      inputFacets: { dataQualityAssertions: dataQualityAssertionsFacet(producer, assertions) },
    });
  }
  return event(
    spec,
    input.eventType,
    input.at,
    { runId: spec.runId, facets: runFacets },
    { namespace: spec.jobNamespace, name: spec.runJobName, facets: jobFacets },
    inputs,
    [],
  );
}

/** A dbt test's result as an OpenLineage assertion on the asset it tests. */
export function checkAssertion(check: AssetCheck, success: boolean): Assertion {
  const assertion: Assertion = {
    assertion: check.testName ?? check.name,
    success,
    name: check.name,
  };
  if (check.columnName) assertion.column = check.columnName;
  if (check.severity) assertion.severity = check.severity.toLowerCase();
  return assertion;
}
