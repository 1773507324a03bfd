// Apache Spark (dbt-spark): thrift (Thrift server; user from SPARK_<ENV>_USER, password only with
// auth LDAP/CUSTOM), http and odbc (token from SPARK_<ENV>_TOKEN), session (in-process pyspark).
import type { PropertyReader } from '../property-reader';
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

export const SPARK_METHODS = ['thrift', 'http', 'odbc', 'session'] as const;
type SparkMethod = (typeof SPARK_METHODS)[number];

const DEFAULT_PORTS: Record<SparkMethod, number | undefined> = {
  thrift: 10000,
  http: 443,
  odbc: 443,
  session: undefined,
};

function methodFields(reader: PropertyReader, method: SparkMethod): ProfileOutput {
  switch (method) {
    case 'thrift': {
      const auth = reader.string('auth');
      const needsPassword = ['LDAP', 'CUSTOM'].includes(auth?.toUpperCase() ?? '');
      return {
        user: reader.secret('user', 'USER'),
        auth,
        password: needsPassword ? reader.secret('password', 'PASSWORD') : undefined,
      };
    }
    case 'http':
      return {
        token: reader.secret('token', 'TOKEN'),
        cluster: reader.required('cluster', 'the cluster id'),
      };
    case 'odbc':
      return {
        driver: reader.required('driver', 'the ODBC driver name or path'),
        token: reader.secret('token', 'TOKEN'),
        ...odbcEndpoint(reader),
      };
    case 'session':
      return {};
  }
}

/** ODBC talks to exactly one of an all-purpose cluster or a SQL endpoint. */
function odbcEndpoint(reader: PropertyReader): ProfileOutput {
  const key = reader.alias(['cluster', 'endpoint']);
  return { [key]: reader.required(key, 'the cluster id, or `endpoint` for a SQL endpoint') };
}

export function sparkOutput({ reader }: GeneratorInput): ProfileOutput {
  const method = reader.oneOf('method', SPARK_METHODS, 'thrift');
  const port = DEFAULT_PORTS[method];
  return compact({
    type: 'spark',
    method,
    // dbt-spark insists on a host even in session mode, where it is unused.
    host:
      method === 'session'
        ? (reader.string('host') ?? 'NA')
        : reader.required('host', 'the Spark server host'),
    port: port === undefined ? undefined : reader.number('port', port),
    ...methodFields(reader, method),
    schema: reader.string('schema') ?? 'default',
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
