// Column classifications (meta.floe.{classification,pii_type,sensitivity}) per asset, for the
// compiled artifacts' `column_classifications`. Only classified columns and assets appear.
import type { AssetGraph, ColumnClassification } from '../../../shared/assets';

export function columnClassifications(
  graph: AssetGraph,
): Record<string, Record<string, ColumnClassification>> {
  const out: Record<string, Record<string, ColumnClassification>> = {};
  for (const asset of graph.assets) {
    let columns: Record<string, ColumnClassification> | undefined;
    for (const column of asset.columns) {
      const entry: ColumnClassification = {};
      if (column.classification !== undefined) entry.classification = column.classification;
      if (column.pii_type !== undefined) entry.pii_type = column.pii_type;
      if (column.sensitivity !== undefined) entry.sensitivity = column.sensitivity;
      if (Object.keys(entry).length === 0) continue;
      columns ??= {};
      columns[column.name] = entry;
    }
    if (columns !== undefined) out[asset.id] = columns;
  }
  return out;
}
