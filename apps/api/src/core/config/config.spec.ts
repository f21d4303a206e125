import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('fills defaults for a development start', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, WEB_PORT: 4200, REDIS_URL: 'redis://127.0.0.1:6379', DEMO: false });
    expect(c.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('names each malformed variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT:/);
      expect((e as Error).message).toMatch(/DATABASE_URL: .*postgres/);
    }
  });

  it('refuses unknown PORTAL_* settings (typos)', () => {
    expect(() => loadConfig({ PORTAL_DEBUGG: '1' })).toThrow(/PORTAL_DEBUGG: unknown setting/);
  });

  it('requires a secret and a database in production, and forbids demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: 'true' })).toThrow(
      /JWT_SECRET: required in production[\s\S]*DATABASE_URL: required in production[\s\S]*DEMO: demo data is not allowed/,
    );
  });

  it('refuses a short JWT secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });
});
