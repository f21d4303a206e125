import { writeDetailExport, type DetailExportMessage, type DetailExportTask } from './detail-export';

/*
 * Entry of the detail-export process forked by the worker (see detail-export.ts): receives one task, writes and
 * stores the workbook, reports progress and the result over IPC, and exits. It exits at once if the worker goes
 * away (the IPC channel closes), so no export outlives the process that owns its job.
 */

const send = (m: DetailExportMessage) =>
  new Promise<void>((resolve) => (process.connected ? process.send!(m, () => resolve()) : resolve()));

process.on('disconnect', () => process.exit(1));
process.once('message', (task: DetailExportTask) => {
  writeDetailExport(task, (percent) => void send({ type: 'progress', percent }))
    .then(async (r) => {
      await send({ type: 'done', ...r, peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 });
      process.exit(0);
    })
    .catch(async (e: unknown) => {
      await send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    });
});
