import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, seedDemo: true, workers: 1, dbPoolSize: 10 });
  });

  it('runs several worker processes only on PostgreSQL (PGlite lives inside one process)', () => {
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(ConfigError);
    expect(loadConfig({ WORKERS: '2', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' }).workers).toBe(2);
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ WORKERS: '0', DATABASE_URL: 'postgres://h/x' })).toThrow(/WORKERS/);
    expect(() => loadConfig({ DB_POOL_SIZE: '1000' })).toThrow(/DB_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://h/x' })).toThrow(/DATABASE_URL/);
  });
});
