import { loadConfig } from '../config/config';
import { redisConnection, redisOptions } from './queues';

describe('redisOptions', () => {
  it('takes host, port, user, password, database and TLS from REDIS_URL alone, as before', () => {
    expect(redisOptions('rediss://u:p%40ss@redis.internal:6380/2')).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: 'u',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
    expect(redisConnection(loadConfig({}))).toMatchObject({
      host: '127.0.0.1',
      port: 6379,
      maxRetriesPerRequest: null,
    });
  });

  it('asks the Sentinels for the primary of REDIS_SENTINEL_NAME and follows a failover', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://:secret@ignored:6379/1',
      REDIS_SENTINELS: 's1:26379,[::1]:26380',
      REDIS_SENTINEL_NAME: 'portal',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    const o = redisOptions(config);
    expect(o).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'portal',
      role: 'master',
      password: 'secret',
      sentinelPassword: 'sentinel-secret',
      db: 1,
    });
    expect(o.host).toBeUndefined();
    // A demoted primary's READONLY answer reconnects (and resends); other errors do not.
    const reconnect = o.reconnectOnError as (e: Error) => unknown;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error('ERR unknown command'))).toBe(false);
    expect(redisConnection(config)).toMatchObject({ name: 'portal', maxRetriesPerRequest: null });
  });
});
