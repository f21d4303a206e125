import { ConfigError, type AppConfig } from './config';

/** Loads the config or stops the process with the message naming each bad variable. */
export function exitOnConfigError(load: () => AppConfig): AppConfig {
  try {
    const config = load();
    if (!config.DATABASE_URL)
      throw new ConfigError(
        'Invalid configuration 配置错误:\n  DATABASE_URL: required (未设置数据库地址; `npm start` provides an embedded PostgreSQL)',
      );
    return config;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}
