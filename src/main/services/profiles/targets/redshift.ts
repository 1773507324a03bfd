// Amazon Redshift (dbt-redshift): method database (user + password), iam (user, AWS profile
// credentials) or iam_role (no user).
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

export const REDSHIFT_METHODS = ['database', 'iam', 'iam_role'] as const;

export function redshiftOutput({ reader }: GeneratorInput): ProfileOutput {
  const method = reader.oneOf('method', REDSHIFT_METHODS, 'database');
  return compact({
    type: 'redshift',
    method,
    host: reader.required('host', 'the cluster or workgroup endpoint'),
    port: reader.number('port', 5439),
    user: method === 'iam_role' ? undefined : reader.secret('user', 'USER'),
    password: method === 'database' ? reader.secret('password', 'PASSWORD') : undefined,
    dbname: reader.required(reader.alias(['database', 'dbname']), 'the database name'),
    schema: reader.string('schema') ?? 'public',
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
