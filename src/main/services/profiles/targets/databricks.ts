// Databricks (dbt-databricks): a personal access token (DATABRICKS_<ENV>_TOKEN) or OAuth — M2M with
// client_id + DATABRICKS_<ENV>_CLIENT_SECRET, U2M (browser) without. `catalog` picks the Unity Catalog.
import type { PropertyReader } from '../property-reader';
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

export const DATABRICKS_AUTH_TYPES = ['token', 'oauth'] as const;

function credentials(reader: PropertyReader): ProfileOutput {
  const authType = reader.oneOf('auth_type', DATABRICKS_AUTH_TYPES, 'token');
  if (authType === 'token') return { token: reader.secret('token', 'TOKEN') };
  const clientId = reader.string('client_id');
  if (clientId === undefined) return { auth_type: authType };
  return {
    auth_type: authType,
    client_id: clientId,
    client_secret: reader.secret('client_secret', 'CLIENT_SECRET'),
  };
}

export function databricksOutput({ reader }: GeneratorInput): ProfileOutput {
  return compact({
    type: 'databricks',
    host: reader.required('host', 'the workspace host, e.g. dbc-1234.cloud.databricks.com'),
    http_path: reader.required('http_path', 'the SQL warehouse or cluster HTTP path'),
    ...credentials(reader),
    catalog: reader.string('catalog'),
    schema: reader.string('schema') ?? 'default',
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
