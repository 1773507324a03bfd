// Watches a project for the edits that change what the studio shows: floe.yaml, the dbt project's
// code and YAML, and target/manifest.json. Changes are classified and debounced into one callback.
import { watch, type FSWatcher } from 'chokidar';
import { basename, relative, sep } from 'node:path';

export type ChangeKind = 'config' | 'code' | 'manifest';

export interface ProjectChange {
  kinds: Set<ChangeKind>;
  paths: string[];
}

export interface WatchOptions {
  projectDir: string;
  dbtDir: string;
  onChange(change: ProjectChange): void;
  /** Coalesces editors' write bursts (save = truncate + write + rename) into one update. */
  debounceMs?: number;
}

export interface Disposable {
  dispose(): Promise<void>;
}

const CODE_FOLDERS = ['models', 'seeds', 'snapshots', 'macros', 'tests', 'analyses'];

export function classifyPath(
  projectDir: string,
  dbtDir: string,
  path: string,
): ChangeKind | undefined {
  const name = basename(path);
  if (relative(projectDir, path) === 'floe.yaml' || relative(projectDir, path) === 'floe.yml')
    return 'config';
  if (name === '.env' && relative(projectDir, path) === '.env') return 'config';
  const inDbt = relative(dbtDir, path);
  if (inDbt.startsWith('..')) return undefined;
  if (inDbt === ['target', 'manifest.json'].join(sep)) return 'manifest';
  if (inDbt === 'dbt_project.yml' || inDbt === 'packages.yml') return 'code';
  const top = inDbt.split(sep)[0] ?? '';
  if (CODE_FOLDERS.includes(top) && /\.(sql|ya?ml|csv|py|md)$/.test(name)) return 'code';
  return undefined;
}

export function watchProject(options: WatchOptions): Disposable {
  const { projectDir, dbtDir, onChange } = options;
  const debounceMs = options.debounceMs ?? 25;
  let pending: ProjectChange | undefined;
  let timer: NodeJS.Timeout | undefined;

  const watcher: FSWatcher = watch([projectDir, dbtDir], {
    ignoreInitial: true,
    // Only the folders that matter; target/ is watched for manifest.json alone.
    ignored: (path: string) => {
      const inDbt = relative(dbtDir, path);
      if (!inDbt.startsWith('..') && inDbt !== '') {
        const top = inDbt.split(sep)[0] ?? '';
        if (top === 'target')
          return inDbt !== 'target' && inDbt !== ['target', 'manifest.json'].join(sep);
        if (top === 'logs' || top === 'dbt_packages' || top.startsWith('.')) return true;
        return false;
      }
      const inProject = relative(projectDir, path);
      if (inProject === '') return false;
      const top = inProject.split(sep)[0] ?? '';
      // Outside the dbt folder only floe.yaml and .env matter.
      return !(
        top === 'floe.yaml' ||
        top === 'floe.yml' ||
        top === '.env' ||
        !relative(path, dbtDir).startsWith('..')
      );
    },
    awaitWriteFinish: false,
  });

  const onEvent = (path: string): void => {
    const kind = classifyPath(projectDir, dbtDir, path);
    if (kind === undefined) return;
    pending ??= { kinds: new Set(), paths: [] };
    pending.kinds.add(kind);
    pending.paths.push(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const change = pending;
      pending = undefined;
      if (change) onChange(change);
    }, debounceMs);
  };
  watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);

  return {
    async dispose() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
