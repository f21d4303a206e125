import type { TestStack } from './app';
import { eventually } from './eventually';

/** Where the worker leaves an import: done, refused, or (a dry run) checked and waiting for confirmation. */
const SETTLED = ['SUCCEEDED', 'FAILED', 'PREVIEWED'];

/** Waits until the worker has settled an import and answers the job as `as` reads it (GET /api/imports/:id). */
export function settledImport(s: TestStack, id: string, as: string, timeoutMs = 60_000) {
  return eventually(
    `import ${id} finished`,
    async () => {
      const job = (await s.call('GET', `/api/imports/${id}`, { as })).body;
      return SETTLED.includes(job.status) ? job : null;
    },
    timeoutMs,
  );
}

/** Uploads a file as `as` (POST /api/imports, 202) and waits until the worker has settled it. */
export async function importAndSettle(
  s: TestStack,
  as: string,
  name: string,
  data: Buffer,
  fields: Record<string, string> = {},
  timeoutMs = 60_000,
) {
  const created = await s.upload(as, name, data, fields);
  expect(created.status).toBe(202);
  return settledImport(s, created.body.id, as, timeoutMs);
}
