// An asset's own YAML entry is fingerprinted: its edits count, formatting and its neighbours' do not.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Asset, AssetGraph } from '../../../shared/assets';
import { PropertiesChecksums } from './properties-checksums';
import { testAsset } from '../../../shared/testing/test-asset';

const dbtDir = mkdtempSync(join(tmpdir(), 'floe-properties-'));
afterAll(() => rmSync(dbtDir, { recursive: true, force: true }));
mkdirSync(join(dbtDir, 'models'));
const YAML_PATH = 'models/_models.yml';

function asset(name: string, extra: Partial<Asset> = {}): Asset {
  return testAsset({ id: `model.shop.${name}`, name, patchPath: YAML_PATH, ...extra });
}

const graph: AssetGraph = {
  projectName: 'shop',
  dbtVersion: '1.11.0',
  manifestSchemaVersion: 12,
  assets: [
    asset('orders'),
    asset('customers'),
    asset('no_yaml', { patchPath: undefined }),
    asset('raw', { resourceType: 'seed', id: 'seed.shop.raw', patchPath: 'seeds/_seeds.yml' }),
  ],
  checks: [],
};

/** Writes the YAML with a distinct mtime so the reader's size+mtime stamp sees every write. */
let tick = 0;
function writeYaml(text: string, path = YAML_PATH): void {
  writeFileSync(join(dbtDir, path), text);
  tick += 1;
  const when = new Date(Date.UTC(2026, 0, 1, 0, 0, tick));
  utimesSync(join(dbtDir, path), when, when);
}

function checksums(reader: PropertiesChecksums): Record<string, string | undefined> {
  const applied = reader.apply(graph, dbtDir);
  return Object.fromEntries(applied.assets.map((a) => [a.name, a.propertiesChecksum]));
}

const BASE = `version: 2
models:
  - name: orders
    description: Orders.
    columns:
      - name: id
        data_tests: [unique]
  - name: customers
    description: Customers.
`;

describe('properties YAML fingerprints', () => {
  const reader = new PropertiesChecksums();

  it('fingerprints each model’s own entry; assets without YAML get none', () => {
    writeYaml(BASE);
    const first = checksums(reader);
    expect(first.orders).toMatch(/^[0-9a-f]{64}$/);
    expect(first.customers).toMatch(/^[0-9a-f]{64}$/);
    expect(first.orders).not.toBe(first.customers);
    expect(first.no_yaml).toBeUndefined();
    expect(first.raw).toBeUndefined(); // its seeds YAML does not exist
  });

  it('formatting, comments and key order do not count; another model’s edit does not either', () => {
    writeYaml(BASE);
    const before = checksums(reader);
    writeYaml(`version: 2
# a comment
models:
  - description: "Orders."
    name: orders
    columns: [{ name: id, data_tests: [unique] }]
  - name: customers
    description: Customers, now documented better.
`);
    const after = checksums(reader);
    expect(after.orders).toBe(before.orders);
    expect(after.customers).not.toBe(before.customers);
  });

  it('a new test or config on the model changes its fingerprint', () => {
    writeYaml(BASE);
    const before = checksums(reader);
    writeYaml(BASE.replace('data_tests: [unique]', 'data_tests: [unique, not_null]'));
    expect(checksums(reader).orders).not.toBe(before.orders);
  });

  it('broken YAML gives no fingerprint (dbt reports the file itself); the graph is kept when nothing changed', () => {
    writeYaml('models: [unclosed');
    expect(checksums(reader).orders).toBeUndefined();
    writeYaml(BASE);
    const once = reader.apply(graph, dbtDir);
    expect(reader.apply(once, dbtDir)).toBe(once);
  });
});

describe('fingerprints kept in the project cache (a new process parses no file it has seen)', () => {
  const cacheDir = join(dbtDir, 'cache');
  const cacheFile = join(cacheDir, 'properties-checksums.json');
  const withCache = (reader: PropertiesChecksums): Record<string, string | undefined> =>
    Object.fromEntries(
      reader.apply(graph, dbtDir, cacheDir).assets.map((a) => [a.name, a.propertiesChecksum]),
    );

  it('a second reader gets the first one’s fingerprints from the cache file, not from parsing', () => {
    writeYaml(BASE);
    const first = withCache(new PropertiesChecksums());
    expect(first.orders).toMatch(/^[0-9a-f]{64}$/);
    expect(first).toEqual(checksums(new PropertiesChecksums()));
    // Mark the cached entry: a reader that parsed the file could not return the mark.
    const saved = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      files: Record<string, [string, string][]>;
    };
    for (const entries of Object.values(saved.files))
      for (const entry of entries) if (entry[0] === 'models/orders') entry[1] = 'from-the-cache';
    writeFileSync(cacheFile, JSON.stringify(saved));
    expect(withCache(new PropertiesChecksums()).orders).toBe('from-the-cache');
  });

  it('edited content is parsed (its fingerprint is new), and undoing the edit finds the old one', () => {
    writeYaml(BASE);
    const before = withCache(new PropertiesChecksums());
    writeYaml(BASE.replace('description: Orders.', 'description: All orders.'));
    const edited = withCache(new PropertiesChecksums());
    expect(edited.orders).not.toBe(before.orders);
    expect(edited.orders).toBe(checksums(new PropertiesChecksums()).orders);
    writeYaml(BASE);
    expect(withCache(new PropertiesChecksums()).orders).toBe(before.orders);
  });

  it('a damaged or foreign cache file costs a parse, and is rewritten', () => {
    writeYaml(BASE);
    const expected = checksums(new PropertiesChecksums());
    for (const text of ['{"format": 1, "files": ', '[1, 2]', '{"format": 99, "files": {}}']) {
      writeFileSync(cacheFile, text);
      expect(withCache(new PropertiesChecksums())).toEqual(expected);
      expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toMatchObject({ format: 1 });
    }
  });
});
