// The file and console transports, switched on the way OpenLineage's own clients read their
// environment: OPENLINEAGE__TRANSPORT__TYPE=file (+ OPENLINEAGE__TRANSPORT__LOG_FILE_PATH) or =console.
// HTTP stays configured by lineage_endpoint / OPENLINEAGE_URL.
import { isAbsolute, join } from 'node:path';

export interface LocalTransports {
  filePath?: string;
  /** Events go to stderr: stdout belongs to the command's own output (`floe run --json`). */
  console?: (line: string) => void;
}

const toStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function localTransportsFromEnv(
  environ: Readonly<Record<string, string | undefined>>,
  projectDir: string,
): LocalTransports {
  const type = (environ.OPENLINEAGE__TRANSPORT__TYPE ?? '').trim().toLowerCase();
  if (type === 'console') return { console: toStderr };
  if (type !== 'file') return {};
  const path =
    environ.OPENLINEAGE__TRANSPORT__LOG_FILE_PATH?.trim() || join('.floe', 'lineage.jsonl');
  return { filePath: isAbsolute(path) ? path : join(projectDir, path) };
}
