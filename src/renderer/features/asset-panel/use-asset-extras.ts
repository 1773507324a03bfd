// An asset's SQL and checks, for the asset shown: snapshots leave them out (they are most of a large
// project's snapshot), so the panel asks for the one asset it shows, again whenever a new snapshot
// arrives (a parse may have changed them).
import { useEffect, useState } from 'react';
import type { AssetSql, FloeApi } from '../../../shared/api/contract';
import type { AssetCheck } from '../../../shared/assets';
import { selectGraph, useProjectStore } from '../../stores/project-store';

export interface AssetExtras {
  assetId: string;
  sql: AssetSql | null;
  checks: AssetCheck[] | null;
}

export function useAssetExtras(api: FloeApi, assetId: string): AssetExtras {
  const graph = useProjectStore(selectGraph);
  const [extras, setExtras] = useState<AssetExtras>({ assetId, sql: null, checks: null });
  useEffect(() => {
    let alive = true;
    const update = (part: Partial<AssetExtras>): void => {
      if (!alive) return;
      setExtras((previous) =>
        previous.assetId === assetId
          ? { ...previous, ...part }
          : { assetId, sql: null, checks: null, ...part },
      );
    };
    // Failures (e.g. the asset vanished with the last parse) leave the blocks empty.
    api.request('assets.sql', { assetId }).then(
      (sql) => update({ sql }),
      () => update({ sql: { assetId } }),
    );
    api.request('assets.checks', { assetId }).then(
      ({ checks }) => update({ checks }),
      () => update({ checks: [] }),
    );
    return () => {
      alive = false;
    };
  }, [api, assetId, graph]);
  // Never show another asset's SQL or checks while the new one's load.
  return extras.assetId === assetId ? extras : { assetId, sql: null, checks: null };
}
