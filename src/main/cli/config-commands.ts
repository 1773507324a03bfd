// floe validate | compile | schema
import { resolve } from 'node:path';
import { z } from 'zod';
import { floeSpecSchema } from '../../shared/config/floe-schema';
import { compileProject } from '../services/config/compile';
import { EXIT_FAILED, EXIT_OK, printJson, printProblems } from './cli-io';
import type { Command } from './commands';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check floe.yaml (and the dbt project it points at) without writing anything',
  usage: 'floe validate [dir] [--env NAME] [--json]',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const env = typeof args.values.env === 'string' ? args.values.env : undefined;
    const result = compileProject(dir, { env, environ: io.environ, write: false });
    if (args.values.json === true) {
      printJson(
        io,
        result.ok
          ? { valid: true, problems: result.warnings }
          : { valid: false, problems: result.problems },
      );
      return result.ok ? EXIT_OK : EXIT_FAILED;
    }
    if (!result.ok) {
      printProblems(io, result.problems);
      return EXIT_FAILED;
    }
    printProblems(io, result.warnings);
    io.out(
      `ok: ${result.artifacts.name} is valid (environments: ${Object.keys(result.artifacts.environments).join(', ')})`,
    );
    return EXIT_OK;
  },
};

export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile floe.yaml to .floe/compiled_artifacts.json and write dbt profiles.yml',
  usage: 'floe compile [dir] [--env NAME] [--json]',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const env = typeof args.values.env === 'string' ? args.values.env : undefined;
    const result = compileProject(dir, { env, environ: io.environ });
    if (!result.ok) {
      if (args.values.json === true) printJson(io, { ok: false, problems: result.problems });
      printProblems(io, result.problems);
      return EXIT_FAILED;
    }
    printProblems(io, result.warnings);
    if (args.values.json === true) {
      printJson(io, {
        ok: true,
        environment: result.artifacts.environment,
        artifacts_path: result.artifactsPath,
        profiles_path: result.profilesPath,
        env_vars: result.envVars,
      });
    } else {
      io.out(
        `compiled ${result.artifacts.name} for ${result.artifacts.environment} (${result.artifacts.compute.target})`,
      );
      io.out(`  artifacts: ${result.artifactsPath}`);
      io.out(`  profiles:  ${result.profilesPath}`);
      if (result.envVars.length > 0) io.out(`  dbt reads: ${result.envVars.join(', ')}`);
    }
    return EXIT_OK;
  },
};

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of floe.yaml (for the YAML language server)',
  usage: 'floe schema',
  options: {},
  maxPositionals: 0,
  run(_args, io) {
    io.out(JSON.stringify(floeJsonSchema(), null, 2));
    return EXIT_OK;
  },
};

export function floeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(floeSpecSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://floe.dev/schemas/floe.yaml.json',
    title: 'floe.yaml',
    description: 'Floe Studio project configuration',
  };
}
