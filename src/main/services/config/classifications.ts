// column_classifications for the artifacts, read through the same asset graph the app uses.
import type { ColumnClassification } from '../../../shared/assets';
import type { Problem } from '../../../shared/problems';
import { columnClassifications, loadAssetGraph, ManifestError } from '../manifest';

export function readColumnClassifications(
  manifestPath: string,
  warnings: Problem[],
  cacheDir?: string,
): Record<string, Record<string, ColumnClassification>> {
  try {
    return columnClassifications(loadAssetGraph(manifestPath, { cacheDir }));
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    warnings.push({ ...error.toProblem(), severity: 'warning' });
    return {};
  }
}
