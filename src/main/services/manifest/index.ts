export { buildAssetGraph } from './build-asset-graph';
export { columnClassifications } from './column-classifications';
export { graphCacheDir } from './graph-cache';
export {
  loadAssetGraph,
  parseManifestText,
  readManifestText,
  type LoadGraphOptions,
} from './load-asset-graph';
export {
  ManifestError,
  PARSE_HINT,
  isManifestError,
  type ManifestErrorCode,
} from './manifest-error';
export { MIN_SCHEMA_VERSION, schemaVersionOf } from './schema-version';
