// The shown asset's details and checks: snapshots carry only asset summaries (the rest is most of a
// large project's snapshot), so the panel asks for the one asset it shows, again whenever a new
// snapshot arrives (a parse may have changed them).
import { useEffect, useState } from 'react';
import type { FloeApi } from '../../../shared/api/contract';
import { apiErrorMessage } from '../../../shared/api/api-error';
import type { Asset, AssetCheck } from '../../../shared/assets';
import { selectGraph, useProjectStore } from '../../stores/project-store';

export interface AssetExtras {
  assetId: string;
  /** The full asset (description, columns, paths, SQL); null while it loads or when it failed. */
  detail: Asset | null;
  /** Why the detail could not be loaded (e.g. the asset vanished with the last parse). */
  detailError: string | null;
  checks: AssetCheck[] | null;
}

const loading = (assetId: string): AssetExtras => ({
  assetId,
  detail: null,
  detailError: null,
  checks: null,
});

export function useAssetExtras(api: FloeApi, assetId: string): AssetExtras {
  const graph = useProjectStore(selectGraph);
  const [extras, setExtras] = useState<AssetExtras>(() => loading(assetId));
  useEffect(() => {
    let alive = true;
    const update = (part: Partial<AssetExtras>): void => {
      if (!alive) return;
      setExtras((previous) =>
        previous.assetId === assetId ? { ...previous, ...part } : { ...loading(assetId), ...part },
      );
    };
    api.request('assets.detail', { assetId }).then(
      (detail) => update({ detail, detailError: null }),
      (error: unknown) => update({ detail: null, detailError: apiErrorMessage(error) }),
    );
    // A failure (e.g. the asset vanished with the last parse) leaves the list empty.
    api.request('assets.checks', { assetId }).then(
      ({ checks }) => update({ checks }),
      () => update({ checks: [] }),
    );
    return () => {
      alive = false;
    };
  }, [api, assetId, graph]);
  // Never show another asset's details or checks while the new one's load.
  return extras.assetId === assetId ? extras : loading(assetId);
}
