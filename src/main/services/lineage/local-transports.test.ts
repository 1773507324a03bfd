import { describe, expect, it } from 'vitest';
import { localTransportsFromEnv } from './local-transports';

describe('lineage file and console transports from the environment', () => {
  it('is off unless OPENLINEAGE__TRANSPORT__TYPE asks', () => {
    expect(localTransportsFromEnv({}, '/p')).toEqual({});
    expect(localTransportsFromEnv({ OPENLINEAGE__TRANSPORT__TYPE: 'http' }, '/p')).toEqual({});
  });
  it('console', () => {
    const { console: sink } = localTransportsFromEnv(
      { OPENLINEAGE__TRANSPORT__TYPE: 'Console' },
      '/p',
    );
    expect(typeof sink).toBe('function');
  });
  it('file: the given path (relative to the project) or .floe/lineage.jsonl', () => {
    expect(localTransportsFromEnv({ OPENLINEAGE__TRANSPORT__TYPE: 'file' }, '/p')).toEqual({
      filePath: '/p/.floe/lineage.jsonl',
    });
    expect(
      localTransportsFromEnv(
        {
          OPENLINEAGE__TRANSPORT__TYPE: 'file',
          OPENLINEAGE__TRANSPORT__LOG_FILE_PATH: 'out/ol.jsonl',
        },
        '/p',
      ),
    ).toEqual({ filePath: '/p/out/ol.jsonl' });
    expect(
      localTransportsFromEnv(
        {
          OPENLINEAGE__TRANSPORT__TYPE: 'file',
          OPENLINEAGE__TRANSPORT__LOG_FILE_PATH: '/tmp/ol.jsonl',
        },
        '/p',
      ),
    ).toEqual({ filePath: '/tmp/ol.jsonl' });
  });
});
