import ExcelJS from 'exceljs';
import type { TestStack } from './app';
import { eventually } from './eventually';

/** An export job as GET /api/exports/:id answers it once finished. */
export interface FinishedExport {
  id: string;
  status: string;
  progress: number;
  snapshotHash: string;
  error: string | null;
}

/** Runs an export as `as` through the API (the worker writes it) and waits until it has succeeded. */
export async function runExport(s: TestStack, as: string, body: Record<string, unknown>): Promise<FinishedExport> {
  const created = await s.call('POST', '/api/exports', { as, body });
  expect(created.status).toBe(202);
  const job = await eventually(
    `export ${JSON.stringify(body)} finished`,
    async () => {
      const j = (await s.call('GET', `/api/exports/${created.body.id}`, { as })).body;
      return j.status === 'SUCCEEDED' || j.status === 'FAILED' ? j : null;
    },
    120_000,
  );
  expect(job).toMatchObject({ status: 'SUCCEEDED', error: null });
  return { ...job, id: created.body.id };
}

/** Runs an export and downloads its file: the job, the response headers, the bytes and the workbook read back. */
export async function exportedWorkbook(s: TestStack, as: string, body: Record<string, unknown>) {
  const job = await runExport(s, as, body);
  const res = await fetch(`${s.baseUrl}/api/exports/${job.id}/file`, {
    headers: { authorization: `Bearer ${(await s.login(as)).accessToken}` },
  });
  expect(res.status).toBe(200);
  const file = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return { job, headers: res.headers, file, wb };
}
