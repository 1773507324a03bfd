// Google BigQuery (dbt-bigquery): oauth (gcloud application-default credentials, no secret),
// service-account (key file path from BIGQUERY_<ENV>_KEYFILE) or oauth-secrets (a token).
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

export const BIGQUERY_METHODS = ['oauth', 'service-account', 'oauth-secrets'] as const;

export function bigqueryOutput({ reader }: GeneratorInput): ProfileOutput {
  const method = reader.oneOf('method', BIGQUERY_METHODS, 'oauth');
  return compact({
    type: 'bigquery',
    method,
    project: reader.required('project', 'the GCP project id'),
    dataset: reader.required(reader.alias(['dataset', 'schema']), 'the dataset dbt builds into'),
    keyfile: method === 'service-account' ? reader.secret('keyfile', 'KEYFILE') : undefined,
    token: method === 'oauth-secrets' ? reader.secret('token', 'TOKEN') : undefined,
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
