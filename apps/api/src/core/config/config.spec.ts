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

  it('takes a metrics token of 32 printable characters or more, and no short or spaced one', () => {
    const token = 'm'.repeat(32);
    expect(loadConfig({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: `${token} x` })).toThrow(/METRICS_TOKEN: printable ASCII without spaces/);
  });

  it('leaves tracing off unless given an http(s) OTLP endpoint, and takes a service name', () => {
    const off = loadConfig({});
    expect(off.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(off.OTEL_SERVICE_NAME).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'portal-api-xa' }),
    ).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'portal-api-xa' });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must start with http\/https:\/\//,
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT:/);
  });

  it('refuses a short JWT secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });
  it('trusts no proxy unless told, and takes addresses, CIDR ranges and the named ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.2.15, fd00::/8 ,uniquelocal' }).TRUST_PROXY).toEqual([
      '10.0.2.15',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it('refuses a proxy entry that is not an address, a range or a range name', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'loopback,everyone' })).toThrow(
      /TRUST_PROXY: "everyone" is not an IP address/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY: "10.0.0.0\/33": the prefix length must be 0 to 32/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY:/);
  });

  it('bounds the database pool and its acquire timeout', () => {
    expect(loadConfig({})).toMatchObject({ DATABASE_POOL_SIZE: 20, DATABASE_ACQUIRE_TIMEOUT_MS: 5000 });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0', DATABASE_ACQUIRE_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_POOL_SIZE:[\s\S]*DATABASE_ACQUIRE_TIMEOUT_MS:/,
    );
    // No timeout at all would be the old hang.
    expect(() => loadConfig({ DATABASE_ACQUIRE_TIMEOUT_MS: '0' })).toThrow(/DATABASE_ACQUIRE_TIMEOUT_MS:/);
  });

  it("sets PDFs in Debian's WenQuanYi Zen Hei unless told, and takes only a font file", () => {
    expect(loadConfig({})).toMatchObject({
      PDF_FONT_PATH: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
      PDF_FONT_NAME: 'WenQuanYiZenHei',
    });
    expect(loadConfig({ PDF_FONT_PATH: '/opt/fonts/NotoSansSC-Regular.otf' }).PDF_FONT_PATH).toBe(
      '/opt/fonts/NotoSansSC-Regular.otf',
    );
    expect(() => loadConfig({ PDF_FONT_PATH: '/usr/share/fonts/wqy' })).toThrow(
      /PDF_FONT_PATH: must be a .ttf, .otf, .ttc or .otc font file/,
    );
    expect(() => loadConfig({ PDF_FONT_NAME: 'Zen Hei' })).toThrow(/PDF_FONT_NAME: a PostScript name/);
  });

  it('reads a list of replica URLs, names a bad entry, and wants the primary beside them', () => {
    expect(loadConfig({}).DATABASE_REPLICA_URLS).toEqual([]);
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://p@db1/portal',
        DATABASE_REPLICA_URLS: ' postgres://r@db2/portal, postgresql://r@db3/portal ',
      }).DATABASE_REPLICA_URLS,
    ).toEqual(['postgres://r@db2/portal', 'postgresql://r@db3/portal']);
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://p@db1/portal',
        DATABASE_REPLICA_URLS: 'postgres://r@db2/portal,db3:5432',
      }),
    ).toThrow(/DATABASE_REPLICA_URLS: entry 2 must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r@db2/portal' })).toThrow(
      /DATABASE_REPLICA_URLS: needs DATABASE_URL/,
    );
  });

  it("reads Redis Sentinels as host:port entries, names a bad entry, and wants the primary's name beside them", () => {
    expect(loadConfig({}).REDIS_SENTINELS).toEqual([]);
    expect(
      loadConfig({ REDIS_SENTINELS: ' s1:26379, 10.0.0.2:26380,[::1]:26381 ', REDIS_SENTINEL_NAME: 'portal' }),
    ).toMatchObject({ REDIS_SENTINELS: ['s1:26379', '10.0.0.2:26380', '[::1]:26381'], REDIS_SENTINEL_NAME: 'portal' });
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:26379,s2', REDIS_SENTINEL_NAME: 'portal' })).toThrow(
      /REDIS_SENTINELS: entry 2 \("s2"\) must be host:port/,
    );
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:99999', REDIS_SENTINEL_NAME: 'portal' })).toThrow(
      /REDIS_SENTINELS: entry 1/,
    );
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:26379' })).toThrow(
      /REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/,
    );
    expect(() => loadConfig({ REDIS_SENTINEL_NAME: 'portal' })).toThrow(
      /REDIS_SENTINELS: required with REDIS_SENTINEL_NAME/,
    );
  });
});
