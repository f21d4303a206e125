import { Injectable, Logger } from '@nestjs/common';
import { ImportsService } from '../exchange/imports.service';
import { ExportsService } from '../exports/exports.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ContractChecks } from '../technology-contracts/contract-checks';
import { ValidationService } from '../validation/validation.service';

export const JOB_SWEEP = 'jobs.sweep';

/**
 * One sweep for every kind of job that has a row in PostgreSQL (validations, exports, imports, notification
 * mails), run by the worker when it starts and then every JOB_SWEEP_SECONDS (a job scheduler with a fixed id, so
 * restarts and several workers do not multiply it). Each owner decides for its rows: a job that Redis lost is
 * queued again (idempotent job ids), a job that failed for good, or was lost while running, ends its row FAILED
 * with a message saying so, from where the user can retry it. Dry runs left unconfirmed past
 * IMPORT_DRY_RUN_TTL_HOURS expire here too (their uploads deleted).
 */
@Injectable()
export class JobSweep {
  private readonly log = new Logger('jobs');

  constructor(
    private readonly validation: ValidationService,
    private readonly exports: ExportsService,
    private readonly imports: ImportsService,
    private readonly notifications: NotificationsService,
    private readonly contractChecks: ContractChecks,
  ) {}

  async run() {
    const result = {
      validations: await this.validation.requeueStuck(),
      contractChecks: await this.contractChecks.requeueStuck(),
      exports: await this.exports.sweep(),
      imports: await this.imports.sweep(),
      dryRunsExpired: await this.imports.expireDryRuns(),
      mails: { requeued: await this.notifications.requeueUnmailed(), failed: 0 },
    };
    const { dryRunsExpired: _expired, ...repairs } = result;
    if (Object.values(repairs).some((r) => r.requeued || r.failed)) this.log.warn(result, 'job sweep repaired jobs');
    return result;
  }
}
