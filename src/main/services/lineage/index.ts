// OpenLineage for Floe Studio: a RunObserver emitting events per run and per asset, transports,
// the spool, and the local lineage store the studio's lineage view reads.
export { createLineageObserver } from './observer';
export type { LineageObserver, LineageObserverOptions } from './observer';
export { configuredEndpoint, knownEndpoints, runObservability } from './endpoints';
export type { Environ } from './endpoints';
export { drainSpool } from './spool';
export type { DrainSpoolOptions, DrainSpoolResult } from './spool';
export { LineageStore, openLineageStore, defaultLineageDbPath } from './store';
export { lineageGraph } from './graph';
export type { LineageGraphOptions } from './graph';
export {
  assetClassifications,
  assetDataset,
  assetInputs,
  buildAssetEvent,
  buildAssetEventWithInputs,
  buildRunEvent,
  checkAssertion,
  lineageRunSpec,
} from './events';
export type { AssetEventInput, LineageRunSpec, RunEventInput, TraceIds } from './events';
export { FACET_SCHEMA_URLS, RUN_EVENT_SCHEMA_URL, producerUrl } from './facets';
export {
  assetJobName,
  datasetName,
  datasetNamespace,
  lineageEndpointUrl,
  normalizeSnowflakeAccount,
  redactUrl,
  runJobName,
} from './naming';
export { DEFAULT_DELIVERY } from './sender';
export type { DeliveryOptions } from './sender';
export { uuidv7 } from './uuid';
