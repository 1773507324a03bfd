// Pure builders for the resource and span attributes of a run (names in src/shared/traces.ts ATTR).
import type { Attributes } from '@opentelemetry/api';
import type { AssetGraph } from '../../../shared/assets';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { AssetRunStatus } from '../../../shared/runs';
import { ATTR } from '../../../shared/traces';
import type { NodeEvent, NodeFinishedEvent, RunContext } from '../runs/run-observer';
import type { Environ } from './otlp-config';
import { parseOtelHeaders } from './otlp-config';

export const DEFAULT_SERVICE_NAME = 'floe';

/**
 * Resource attribute namespaces of the OTel semantic conventions. A tenant attribute in one of these
 * (e.g. `service.name`, `deployment.environment.name`) describes the process and goes on the resource
 * only; any other key (`tenant.id`, `team`…) goes on the resource AND on every span, because many
 * backends (and the local store) filter and group by span attributes only.
 */
const RESOURCE_NAMESPACES = [
  'service.',
  'deployment.',
  'telemetry.',
  'host.',
  'os.',
  'process.',
  'container.',
  'k8s.',
  'cloud.',
  'faas.',
  'device.',
  'aws.',
  'gcp.',
  'azure.',
  'heroku.',
  'otel.',
];

export function isResourceKey(key: string): boolean {
  return RESOURCE_NAMESPACES.some((prefix) => key.startsWith(prefix));
}

/** Resource attributes: defaults < OTEL_RESOURCE_ATTRIBUTES < OTEL_SERVICE_NAME < floe.yaml attributes. */
export function resourceAttributes(
  artifacts: CompiledArtifacts,
  env: string,
  environ: Environ,
): Attributes {
  const attributes: Attributes = {
    'service.name': DEFAULT_SERVICE_NAME,
    'service.version': artifacts.metadata.floe_version,
    'deployment.environment.name': env,
    'floe.project': artifacts.name,
    ...parseOtelHeaders(environ.OTEL_RESOURCE_ATTRIBUTES),
  };
  const serviceName = environ.OTEL_SERVICE_NAME?.trim();
  if (serviceName) attributes['service.name'] = serviceName;
  return { ...attributes, ...artifacts.observability.attributes };
}

/** The tenant attributes that also go on every span. */
export function tenantSpanAttributes(artifacts: CompiledArtifacts): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(artifacts.observability.attributes)) {
    if (!isResourceKey(key)) attributes[key] = value;
  }
  return attributes;
}

export function runSpanAttributes(context: RunContext, tenant: Attributes): Attributes {
  const attributes: Attributes = {
    ...tenant,
    [ATTR.runId]: context.runId,
    [ATTR.environment]: context.env,
    [ATTR.selection]: context.selection,
    [ATTR.trigger]: context.trigger,
    [ATTR.computeTarget]: context.artifacts.compute.target,
    'floe.project': context.artifacts.name,
  };
  if (context.exclude) attributes['floe.exclude'] = context.exclude;
  if (context.graph.dbtVersion) attributes[ATTR.dbtVersion] = context.graph.dbtVersion;
  return attributes;
}

export interface NodeInfo {
  name: string;
  resourceType: string;
  materialization?: string;
  relationName?: string;
  group?: string;
  /** For a check: the assets it tests. */
  assetIds?: string[];
}

/** unique_id → what the span needs, built once per run. */
export function indexGraph(graph: AssetGraph): Map<string, NodeInfo> {
  const index = new Map<string, NodeInfo>();
  for (const asset of graph.assets) {
    const info: NodeInfo = {
      name: asset.name,
      resourceType: asset.resourceType,
      group: asset.group,
    };
    if (asset.materialization !== undefined) info.materialization = asset.materialization;
    if (asset.relationName !== undefined) info.relationName = asset.relationName;
    index.set(asset.id, info);
  }
  for (const check of graph.checks) {
    index.set(check.id, {
      name: check.name,
      resourceType: 'test',
      materialization: 'test',
      assetIds: check.assetIds,
    });
  }
  return index;
}

/** What a node not in the manifest index is, from its unique_id (`model.pkg.name`, `test.pkg.name.hash`). */
export function nodeInfoFromId(nodeId: string, kind: NodeEvent['kind']): NodeInfo {
  const [type, , name] = nodeId.split('.');
  return { name: name ?? nodeId, resourceType: type ?? (kind === 'check' ? 'test' : 'model') };
}

export function nodeSpanAttributes(
  context: RunContext,
  tenant: Attributes,
  nodeId: string,
  kind: NodeEvent['kind'],
  info: NodeInfo,
): Attributes {
  const attributes: Attributes = {};
  for (const key in tenant) attributes[key] = tenant[key];
  attributes[ATTR.runId] = context.runId;
  attributes[ATTR.environment] = context.env;
  attributes[ATTR.computeTarget] = context.artifacts.compute.target;
  attributes[ATTR.assetName] = info.name;
  attributes[ATTR.uniqueId] = nodeId;
  attributes[ATTR.resourceType] = info.resourceType;
  attributes[ATTR.nodeKind] = kind;
  if (info.materialization !== undefined) attributes[ATTR.materialization] = info.materialization;
  if (info.relationName !== undefined) attributes['dbt.relation_name'] = info.relationName;
  if (info.group !== undefined) attributes['floe.asset.group'] = info.group;
  if (info.assetIds !== undefined) attributes['floe.check.asset_ids'] = info.assetIds;
  return attributes;
}

export function finishedAttributes(event: NodeFinishedEvent): Attributes {
  const attributes: Attributes = { [ATTR.assetStatus]: event.status };
  if (event.rowsAffected !== undefined) attributes[ATTR.rowsAffected] = event.rowsAffected;
  if (event.executionTime !== undefined) attributes['dbt.execution_time'] = event.executionTime;
  if (event.failures !== undefined) attributes['dbt.failures'] = event.failures;
  if (event.thread !== undefined) attributes[ATTR.thread] = event.thread;
  return attributes;
}

/** The word used in log lines: "model.shop.customers succeeded". */
export function statusVerb(status: AssetRunStatus): string {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    case 'warned':
      return 'warned';
    case 'canceled':
      return 'canceled';
    case 'queued':
      return 'queued';
    case 'running':
      return 'running';
  }
}
