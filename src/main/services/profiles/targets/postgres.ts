// PostgreSQL (dbt-postgres): user and password from POSTGRES_<ENV>_USER / _PASSWORD.
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

export function postgresOutput({ reader }: GeneratorInput): ProfileOutput {
  return compact({
    type: 'postgres',
    host: reader.required('host', 'the server name or address'),
    port: reader.number('port', 5432),
    user: reader.secret('user', 'USER'),
    password: reader.secret('password', 'PASSWORD'),
    dbname: reader.required(reader.alias(['database', 'dbname']), 'the database name'),
    schema: reader.string('schema') ?? 'public',
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
