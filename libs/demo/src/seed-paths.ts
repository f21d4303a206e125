import type { INestApplicationContext } from '@nestjs/common';
import { writeBundle, type ExchangeData } from '@portal/exchange';
import { permissionsOf } from '@portal/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../../apps/api/src/core/auth/auth-user';
import { ImportsService } from '../../../apps/api/src/modules/exchange/imports.service';
import { UserEntity } from '../../../apps/api/src/modules/users/user.entity';

/** A demo account as the API's auth guard makes it the caller of a service. */
export async function actorOf(app: INestApplicationContext, username: string): Promise<AuthUser> {
  const user = await app.get(DataSource).getRepository(UserEntity).findOneByOrFail({ username });
  return {
    id: user.id,
    username: user.username,
    roles: user.roles,
    scopeKind: user.scopeKind,
    scopeCode: user.scopeCode,
    permissions: permissionsOf(user.roles),
  };
}

/**
 * An administrator's historical bundle, uploaded and processed by the import service as the worker processes it
 * (the queued message the upload also leaves finds the import finished and does nothing). Throws with the
 * import's first errors when it does not succeed.
 */
export async function importHistorical(
  app: INestApplicationContext,
  admin: AuthUser,
  name: string,
  data: ExchangeData,
  sourceNote: string,
): Promise<void> {
  const imports = app.get(ImportsService);
  const { zip } = await writeBundle(data);
  const { id } = await imports.create(
    admin,
    { originalname: name, buffer: zip, size: zip.length },
    { kind: 'HISTORICAL', sourceNote },
  );
  const job = await imports.run(id);
  if (job.status !== 'SUCCEEDED') {
    const { errors } = await imports.get(admin, id);
    throw new Error(`demo import ${name} ended ${job.status}: ${JSON.stringify(errors?.slice(0, 5))}`);
  }
}
