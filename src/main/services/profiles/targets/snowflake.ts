// Snowflake (dbt-snowflake): user always from SNOWFLAKE_<ENV>_USER; the authenticator decides the
// other credential: password (default), key pair (snowflake_jwt), token (oauth), none (externalbrowser).
import type { PropertyReader } from '../property-reader';
import { compact, DEFAULT_THREADS, type GeneratorInput, type ProfileOutput } from './types';

function credentials(reader: PropertyReader, authenticator: string | undefined): ProfileOutput {
  switch (authenticator?.toLowerCase()) {
    case 'externalbrowser':
      return {};
    case 'oauth':
      return { token: reader.secret('token', 'TOKEN') };
    case 'snowflake_jwt':
      // An empty passphrase means an unencrypted key (dbt-snowflake treats '' as none).
      return {
        private_key_path: reader.secret('private_key_path', 'PRIVATE_KEY_PATH'),
        private_key_passphrase: reader.secret('private_key_passphrase', 'PRIVATE_KEY_PASSPHRASE'),
      };
    default:
      // `snowflake`, username_password_mfa and Okta URLs all take a password.
      return { password: reader.secret('password', 'PASSWORD') };
  }
}

export function snowflakeOutput({ reader }: GeneratorInput): ProfileOutput {
  const authenticator = reader.string('authenticator');
  return compact({
    type: 'snowflake',
    account: reader.required('account', 'the account identifier, e.g. xy12345.eu-west-1'),
    user: reader.secret('user', 'USER'),
    authenticator,
    ...credentials(reader, authenticator),
    role: reader.string('role'),
    warehouse: reader.string('warehouse'),
    database: reader.required('database', 'the database dbt builds into'),
    schema: reader.string('schema') ?? 'PUBLIC',
    threads: reader.number('threads', DEFAULT_THREADS),
  });
}
