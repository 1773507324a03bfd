// `${VAR}` (an error when VAR is unset) and `${VAR:-default}` in string values. `$${` escapes.
export type Environ = Readonly<Record<string, string | undefined>>;

export type InterpolationResult =
  | { ok: true; value: string; variables: string[] }
  | { ok: false; variable: string; message: string };

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{([^}]*)\}?/g;

export function interpolate(input: string, environ: Environ): InterpolationResult {
  const variables: string[] = [];
  let failure: { variable: string; message: string } | undefined;
  const value = input.replace(
    PATTERN,
    (match, name: string | undefined, fallback: string | undefined, bad: string | undefined) => {
      if (match === '$${') return '${';
      if (failure) return match;
      if (name === undefined) {
        failure = {
          variable: bad ?? '',
          message: `invalid variable reference "${match}": use \${NAME} or \${NAME:-default} (NAME: letters, digits, _)`,
        };
        return match;
      }
      variables.push(name);
      const current = environ[name];
      if (current !== undefined && current !== '') return current;
      if (fallback !== undefined) return fallback;
      if (current === '') return current;
      failure = {
        variable: name,
        message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
      };
      return match;
    },
  );
  return failure ? { ok: false, ...failure } : { ok: true, value, variables };
}
