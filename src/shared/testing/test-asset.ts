// Tests' assets: the fields every test would otherwise spell out (no description, no deps, no
// checks…), so a test states only what it is about.
import type { Asset } from '../assets';

export function testAsset(fields: Partial<Asset> & Pick<Asset, 'id' | 'name'>): Asset {
  return {
    resourceType: 'model',
    packageName: 'shop',
    group: 'default',
    tags: [],
    description: '',
    ephemeral: false,
    deps: [],
    checks: [],
    columns: [],
    ...fields,
  };
}
