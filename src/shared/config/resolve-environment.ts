// Resolves one environment of a FloeSpec: its compute (override or merge) and observability.
import type { CompiledEnvironment } from './compiled-artifacts';
import type { FloeSpec } from './floe-schema';

/** Environments named like production ask for confirmation before a run unless told otherwise. */
const PROTECTED_BY_DEFAULT = new Set(['prod', 'production']);

export function resolveEnvironment(spec: FloeSpec, name: string): CompiledEnvironment {
  const override = spec.environments[name] ?? {};
  const base = spec.compute;
  const computeOverride = override.compute;
  const compute =
    computeOverride === undefined
      ? { target: base.target, properties: { ...base.properties } }
      : computeOverride.target === undefined || computeOverride.target === base.target
        ? { target: base.target, properties: { ...base.properties, ...computeOverride.properties } }
        : // A different warehouse shares nothing with the default one's properties.
          { target: computeOverride.target, properties: { ...computeOverride.properties } };

  const obs = spec.observability;
  const obsOverride = override.observability ?? {};
  return {
    name,
    protected: override.protected ?? PROTECTED_BY_DEFAULT.has(name),
    compute,
    observability: {
      traces: obsOverride.traces ?? obs.traces,
      lineage: obsOverride.lineage ?? obs.lineage,
      otlp_endpoint: emptyToNull(obsOverride.otlp_endpoint ?? obs.otlp_endpoint),
      lineage_endpoint: emptyToNull(obsOverride.lineage_endpoint ?? obs.lineage_endpoint),
      lineage_namespace: obsOverride.lineage_namespace ?? obs.lineage_namespace ?? spec.name,
      attributes: { ...obs.attributes, ...(obsOverride.attributes ?? {}) },
    },
  };
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

/** The environment a command uses when none is named. */
export function defaultEnvironmentName(spec: FloeSpec): string {
  const names = Object.keys(spec.environments);
  return spec.default_environment ?? (names.includes('dev') ? 'dev' : (names[0] ?? 'dev'));
}
