// CompiledArtifacts: the one contract every other part reads (`.floe/compiled_artifacts.json`).
import type { ColumnClassification } from '../assets';
import type { ComputeTarget } from './floe-schema';

export const ARTIFACTS_VERSION = '1.0.0';

export interface CompiledCompute {
  target: ComputeTarget;
  properties: Record<string, unknown>;
}

export interface CompiledObservability {
  traces: boolean;
  lineage: boolean;
  otlp_endpoint: string | null;
  lineage_endpoint: string | null;
  lineage_namespace: string;
  attributes: Record<string, string | number | boolean>;
}

export interface CompiledEnvironment {
  name: string;
  protected: boolean;
  compute: CompiledCompute;
  observability: CompiledObservability;
}

export interface CompiledArtifacts {
  version: string;
  metadata: {
    compiled_at: string;
    floe_version: string;
    source_hash: string;
    source_path: string;
  };
  name: string;
  project_version: string;
  /** The environment this compilation is for. */
  environment: string;
  /** Every environment, resolved (profiles need all of them as outputs). */
  environments: Record<string, CompiledEnvironment>;
  compute: CompiledCompute;
  transforms: { type: 'dbt'; path: string; executable?: string }[];
  governance: { classification_source: string; policies: Record<string, unknown> };
  observability: CompiledObservability;
  orchestration: Record<string, unknown> | null;
  /** Absolute path of the folder holding dbt_project.yml. */
  dbt_project_path: string;
  /** dbt's `profile:` from dbt_project.yml: the profile name written into profiles.yml. */
  dbt_profile_name: string;
  dbt_manifest_path: string | null;
  dbt_profiles_path: string;
  column_classifications: Record<string, Record<string, ColumnClassification>>;
}
