// Reads floe.yaml: YAML with positions → `${VAR}` interpolation → zod validation.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { floeSpecSchema, type FloeSpec } from '../../../shared/config/floe-schema';
import type { Environ } from '../../../shared/config/interpolate';
import type { Problem } from '../../../shared/problems';
import { zodIssuesToProblems } from './schema-errors';
import { interpolateDocument, parseYamlFile, type LocatedDocument } from './yaml-document';

export const CONFIG_FILE_NAMES = ['floe.yaml', 'floe.yml'] as const;

export type LoadResult =
  | { ok: true; spec: FloeSpec; file: string; source: string; located: LocatedDocument }
  | { ok: false; problems: Problem[]; file: string };

/** A project dir holds floe.yaml; a path to the file itself is accepted too. */
export function findConfigFile(projectDirOrFile: string): string | undefined {
  const target = resolve(projectDirOrFile);
  if (existsSync(target) && statSync(target).isFile()) return target;
  return CONFIG_FILE_NAMES.map((name) => join(target, name)).find((file) => existsSync(file));
}

export function loadFloeSpec(projectDirOrFile: string, environ: Environ): LoadResult {
  const file = findConfigFile(projectDirOrFile);
  if (file === undefined) {
    const dir = resolve(projectDirOrFile);
    return {
      ok: false,
      file: join(dir, 'floe.yaml'),
      problems: [
        {
          severity: 'error',
          source: 'config',
          file: join(dir, 'floe.yaml'),
          message: existsSync(dir)
            ? `no floe.yaml in ${dir}: create one (see examples/shop/floe.yaml) or open the folder that has it`
            : `project folder ${dir} does not exist`,
        },
      ],
    };
  }
  const source = readFileSync(file, 'utf8');
  return parseFloeSpec(file, source, environ);
}

export function parseFloeSpec(file: string, source: string, environ: Environ): LoadResult {
  const parsed = parseYamlFile(file, source);
  if (!parsed.ok) return { ok: false, file, problems: parsed.problems };
  const located = parsed.located;
  const interpolationProblems = interpolateDocument(located, environ);
  const input: unknown = located.doc.toJS();
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      file,
      problems: [
        {
          severity: 'error',
          source: 'config',
          file,
          line: 1,
          column: 1,
          message:
            'floe.yaml must be a mapping with at least name, version, compute and transforms',
        },
      ],
    };
  }
  const result = floeSpecSchema.safeParse(input);
  const schemaProblems = result.success
    ? []
    : zodIssuesToProblems(result.error.issues, floeSpecSchema, input, located);
  const problems = [...interpolationProblems, ...schemaProblems];
  if (!result.success || problems.length > 0) return { ok: false, file, problems };
  return { ok: true, spec: result.data, file, source, located };
}
