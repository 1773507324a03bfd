// Target → profile-output generator (FR-002). Choices made for all seven:
// - Credentials are never values: each is `{{ env_var('<TARGET>_<ENV>_<SECRET>') }}` (e.g.
//   POSTGRES_STAGING_USER, SNOWFLAKE_PROD_PASSWORD, DATABRICKS_PROD_TOKEN, BIGQUERY_PROD_KEYFILE), or the
//   variable named by `<key>_env`. A literal credential, or an unknown key that looks like a secret
//   (password, token, secret, private_key, keyfile…, checked recursively), is refused with its key path.
//   Usernames count as credentials too, so the same profile works for every person on a team.
// - Non-secret values (host, account, port…) are written as given; `${VAR}` in floe.yaml covers
//   reading them from the environment at compile time, so `<known key>_env` is refused for them.
// - Unknown properties pass through to dbt unchanged (adapters have many options); `<key>_env: VAR`
//   on an unknown key becomes `<key>: {{ env_var('VAR') }}`.
// - Defaults: threads 4; schema main (duckdb), public (postgres, redshift), PUBLIC (snowflake), default
//   (databricks, spark); ports 5432 / 5439 / spark 10000 thrift, 443 http+odbc; methods: bigquery oauth,
//   redshift database, spark thrift, databricks token. Missing required keys are issues, not defaults.
// - duckdb `path` is resolved against floe.yaml's folder (default warehouse/<env>.duckdb).
// - Only the active environment's variables are reported as needed: dbt renders only the selected
//   output, so a dev run never needs (or receives) prod secrets.
import type { ComputeTarget } from '../../../shared/config/floe-schema';
import { bigqueryOutput } from './targets/bigquery';
import { databricksOutput } from './targets/databricks';
import { duckdbOutput } from './targets/duckdb';
import { postgresOutput } from './targets/postgres';
import { redshiftOutput } from './targets/redshift';
import { snowflakeOutput } from './targets/snowflake';
import { sparkOutput } from './targets/spark';
import type { OutputGenerator } from './targets/types';

export const PROFILE_GENERATORS: Readonly<Record<ComputeTarget, OutputGenerator>> = {
  duckdb: duckdbOutput,
  snowflake: snowflakeOutput,
  bigquery: bigqueryOutput,
  redshift: redshiftOutput,
  databricks: databricksOutput,
  postgres: postgresOutput,
  spark: sparkOutput,
};

export function profileGenerator(target: ComputeTarget): OutputGenerator {
  return PROFILE_GENERATORS[target];
}
