// What `floe run` needs to start dbt, saved after each run so the next `floe run` can start dbt
// before the rest of floe has even loaded (cli/early-run.ts): dbt boots for a second or more, and
// that second no longer waits for floe's own start-up, compile and stores (issue 3: floe run within
// 5% of a bare dbt build).
//
// The plan holds no secrets: paths, the target and the *names* of the variables the profile reads;
// values are taken from the environment and `.env` at spawn, as the engine takes them. It is only a
// guess: the engine prepares the run as always and keeps the early dbt only when it would have
// started exactly the same command (adopted-run.ts); otherwise that dbt is killed before it has
// done anything and started again. The stamps of the files a compile reads make a stale guess rare.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLAN_FORMAT = 1;

export interface RunPlan {
  format: typeof PLAN_FORMAT;
  /** `--env` as given (null: the project's default environment). */
  requestedEnv: string | null;
  /** The compiled environment: dbt's --target. */
  target: string;
  dbtPath: string;
  dbtProjectDir: string;
  profilesDir: string;
  profileEnvVars: string[];
  /** Whether the run records traces (dbt then gets TRACEPARENT). */
  traces: boolean;
  /** mtime, size and inode of the files the plan was derived from (absent files count too). */
  stamps: Record<string, string>;
}

export function runPlanPath(projectDir: string): string {
  return join(projectDir, '.floe', 'cache', 'run-plan.json');
}

/** `mtime:size:inode` of a file, or `-` when it does not exist: a rewrite shows as a new stamp. */
export function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return '-';
  }
}

/** dbt reads `profiles.yml` from its --profiles-dir. */
export function profilesFileOf(profilesDir: string): string {
  return join(profilesDir, 'profiles.yml');
}

/** The files whose contents decide the plan: floe.yaml, `.env`, dbt_project.yml, profiles.yml. */
export function planInputs(
  projectDir: string,
  plan: Pick<RunPlan, 'dbtProjectDir' | 'profilesDir'>,
): string[] {
  return [
    join(projectDir, 'floe.yaml'),
    join(projectDir, '.env'),
    join(plan.dbtProjectDir, 'dbt_project.yml'),
    profilesFileOf(plan.profilesDir),
  ];
}

function currentStamps(projectDir: string, plan: Pick<RunPlan, 'dbtProjectDir' | 'profilesDir'>) {
  return Object.fromEntries(planInputs(projectDir, plan).map((path) => [path, fileStamp(path)]));
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRunPlan(value: unknown): value is RunPlan {
  if (typeof value !== 'object' || value === null) return false;
  const plan = value as Record<string, unknown>;
  const stamps = plan.stamps;
  return (
    plan.format === PLAN_FORMAT &&
    (plan.requestedEnv === null || typeof plan.requestedEnv === 'string') &&
    typeof plan.target === 'string' &&
    typeof plan.dbtPath === 'string' &&
    typeof plan.dbtProjectDir === 'string' &&
    typeof plan.profilesDir === 'string' &&
    isStringList(plan.profileEnvVars) &&
    typeof plan.traces === 'boolean' &&
    typeof stamps === 'object' &&
    stamps !== null &&
    Object.values(stamps).every((stamp) => typeof stamp === 'string')
  );
}

/**
 * The saved plan when it was made for `requestedEnv` and none of its files changed since; otherwise
 * undefined (no plan, a damaged one, another environment, an edited floe.yaml…). Never throws.
 */
export function readRunPlan(
  projectDir: string,
  requestedEnv: string | undefined,
): RunPlan | undefined {
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(runPlanPath(projectDir), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRunPlan(plan) || plan.requestedEnv !== (requestedEnv ?? null)) return undefined;
  const now = currentStamps(projectDir, plan);
  const saved = plan.stamps;
  const same =
    Object.keys(now).length === Object.keys(saved).length &&
    Object.entries(now).every(([path, stamp]) => saved[path] === stamp);
  return same ? plan : undefined;
}

/** Saves the plan of a run that just started dbt (write-then-rename); never throws. */
export function saveRunPlan(projectDir: string, plan: Omit<RunPlan, 'format' | 'stamps'>): void {
  const full: RunPlan = {
    format: PLAN_FORMAT,
    ...plan,
    stamps: currentStamps(projectDir, plan),
  };
  const path = runPlanPath(projectDir);
  const text = `${JSON.stringify(full, null, 2)}\n`;
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    // no plan yet
  }
  try {
    mkdirSync(join(projectDir, '.floe', 'cache'), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch {
    // A read-only project: the next run starts dbt the ordinary way.
  }
}
