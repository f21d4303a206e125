import 'reflect-metadata';
import bcrypt from 'bcryptjs';
import { passwordMeetsPolicy } from '@portal/shared';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
import { createDataSource } from './core/database/data-source';
import { UserEntity } from './modules/users/user.entity';
import { BCRYPT_ROUNDS } from './modules/users/users.service';

/**
 * `npm run create-admin -- <username>` with ADMIN_PASSWORD in the environment: creates the first administrator
 * of a production deployment (demo accounts exist only in demo mode). Refuses an existing username.
 */
async function main() {
  const username = process.argv[2];
  const password = process.env.ADMIN_PASSWORD ?? '';
  if (!username || !/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username)) throw new Error('usage: create-admin <username>');
  if (!passwordMeetsPolicy(password)) {
    throw new Error(
      'ADMIN_PASSWORD must have at least 10 characters with upper- and lower-case letters, a digit and a symbol',
    );
  }
  const config = exitOnConfigError(loadConfig);
  const ds = createDataSource(config.DATABASE_URL!);
  await ds.initialize();
  try {
    const users = ds.getRepository(UserEntity);
    if (await users.existsBy({ username })) throw new Error(`user ${username} already exists`);
    await users.insert({
      username,
      displayName: '系统管理员',
      passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS),
      roles: ['ADMIN'],
      scopeKind: 'SYSTEM',
      scopeCode: null,
    });
    console.log(`administrator ${username} created`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
