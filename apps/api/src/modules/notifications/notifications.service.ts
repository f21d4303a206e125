import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { notFound } from '../../core/errors/app-error';
import { QUEUES } from '../../core/queue/queues';
import { UserEntity } from '../users/user.entity';
import { NotificationEntity, type NotificationKind } from './notification.entity';
import { withRequestId } from '../../core/context/request-context';

export interface NotificationInput {
  kind: NotificationKind;
  titleZh: string;
  titleEn: string;
  body: string;
  link: string | null;
  /** Makes sending idempotent per user: a second send with the same key adds nothing. */
  dedupeKey?: string;
}

export const MAIL_JOB = 'mail.send';
/** A mail that is not an in-app notification (a password-reset link must not sit in a notification list). */
export const DIRECT_MAIL_JOB = 'mail.direct';

export interface DirectMail {
  to: string;
  subject: string;
  text: string;
}

/** The mail job of a notification; its id is the notification's, so a repeated enqueue does not mail twice. */
function mailJob(notificationId: string) {
  return {
    name: MAIL_JOB,
    data: withRequestId({ notificationId }),
    opts: {
      jobId: `mail-${notificationId}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: 1000,
    },
  };
}

/** One notification to several users, written by `stageNotifications`. */
export interface StagedNotice extends NotificationInput {
  userIds: readonly string[];
}

/**
 * Writes notifications inside the caller's transaction (they commit with the change they tell of, or not at all)
 * and answers their ids; the mail is queued after the commit (`NotificationsService.queueMail`), and the job sweep
 * queues any a crash left unqueued. Keyed ones a user already has are skipped.
 */
export async function stageNotifications(m: EntityManager, notices: readonly StagedNotice[]): Promise<string[]> {
  const values = notices.flatMap(({ userIds, ...n }) =>
    userIds.map((userId) => ({ userId, ...n, dedupeKey: n.dedupeKey ?? null })),
  );
  if (!values.length) return [];
  const res = await m
    .createQueryBuilder()
    .insert()
    .into(NotificationEntity)
    .values(values)
    .orIgnore()
    .returning('id')
    .execute();
  return (res.raw as { id: string }[]).map((r) => r.id);
}

/** In-app notifications, mailed by the worker (queue `notifications`) when SMTP_URL is set. */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger('notifications');
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores one notification per user (skipping keyed ones a user already has) and queues their mail. */
  async send(userIds: readonly string[], n: NotificationInput): Promise<NotificationEntity[]> {
    if (!userIds.length) return [];
    const res = await this.ds
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values(userIds.map((userId) => ({ userId, ...n, dedupeKey: n.dedupeKey ?? null })))
      .orIgnore()
      .returning('id')
      .execute();
    const created = (res.raw as { id: string }[]).map((r) => r.id);
    const rows = created.length ? await this.ds.getRepository(NotificationEntity).findBy({ id: In(created) }) : [];
    if (this.config.SMTP_URL) {
      await this.queue.addBulk(rows.map((r) => mailJob(r.id)));
    }
    return rows;
  }

  /**
   * Queues the mail of notifications written by `stageNotifications`, after their transaction committed. A failure
   * to reach Redis is logged, not thrown (the change is committed; the job sweep mails them later).
   */
  async queueMail(notificationIds: readonly string[]): Promise<void> {
    if (!this.config.SMTP_URL || !notificationIds.length) return;
    try {
      await this.queue.addBulk(notificationIds.map(mailJob));
    } catch (e) {
      this.log.error({ err: e, notificationIds }, 'notification mail not queued');
    }
  }

  /**
   * Part of the worker's job sweep: the last day's notifications not mailed yet to an active user with an address
   * whose mail job is gone (Redis lost it) are queued again. Mail jobs that failed for good stay failed (Bull
   * Board); one-off mails (password-reset links) have no row and are not swept.
   */
  async requeueUnmailed(): Promise<number> {
    if (!this.config.SMTP_URL) return 0;
    const rows: { id: string }[] = await this.ds.query(
      `SELECT n.id FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.mailed_at IS NULL AND u.active AND u.email IS NOT NULL AND n.created_at > now() - interval '1 day'`,
    );
    let queued = 0;
    for (const { id } of rows) {
      const job = mailJob(id);
      if ((await this.queue.getJobState(job.opts.jobId)) !== 'unknown') continue;
      await this.queue.add(job.name, job.data, job.opts);
      queued += 1;
    }
    return queued;
  }

  /** Active accounts of the given firms (filers and signatories). */
  async firmUsers(enterpriseIds: readonly string[]): Promise<UserEntity[]> {
    if (!enterpriseIds.length) return [];
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`u.scopeKind = 'ENTERPRISE' AND u.active AND u.scopeCode IN (:...enterpriseIds)`, { enterpriseIds })
      .getMany();
  }

  /** Active provincial reviewers of a province: where escalations go. */
  provincialReviewers(provinceCode: string): Promise<UserEntity[]> {
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`u.scopeKind = 'PROVINCE' AND u.active AND u.scopeCode = :provinceCode`, { provinceCode })
      .andWhere(`'PROVINCIAL_REVIEWER' = ANY(u.roles)`)
      .getMany();
  }

  /** The caller's own notifications (list contract). */
  own(user: AuthUser): SelectQueryBuilder<NotificationEntity> {
    return this.ds
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.userId = :ownUser', { ownUser: user.id });
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationEntity> {
    const repo = this.ds.getRepository(NotificationEntity);
    const n = await repo.findOneBy({ id, userId: user.id });
    if (!n) throw notFound('通知', 'Notification');
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.update({ id }, { readAt: n.readAt });
    }
    return n;
  }

  /** Queues a one-off mail (kept in the queue only until sent). False when no mail server is configured. */
  async queueDirectMail(mail: DirectMail): Promise<boolean> {
    if (!this.config.SMTP_URL) return false;
    await this.queue.add(DIRECT_MAIL_JOB, withRequestId(mail), {
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: true,
      removeOnFail: 100,
    });
    return true;
  }

  /** Worker: sends a queued one-off mail. */
  async sendDirect(mail: DirectMail): Promise<{ sent: boolean }> {
    if (!this.config.SMTP_URL) return { sent: false };
    this.transport ??= createTransport(this.config.SMTP_URL);
    await this.transport.sendMail({ from: this.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return { sent: true };
  }

  /** Worker: mails one notification to its user's address, once. Users without an address are skipped. */
  async mail(notificationId: string): Promise<{ sent: boolean }> {
    const n = await this.ds.getRepository(NotificationEntity).findOneBy({ id: notificationId });
    if (!n || n.mailedAt || !this.config.SMTP_URL) return { sent: false };
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: n.userId });
    if (!user?.email || !user.active) return { sent: false };
    this.transport ??= createTransport(this.config.SMTP_URL);
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: user.email,
      subject: n.titleZh,
      text: `${n.body}\n\n${n.titleEn}`,
    });
    await this.ds.getRepository(NotificationEntity).update({ id: n.id }, { mailedAt: new Date() });
    this.log.log({ notificationId: n.id, kind: n.kind }, 'mailed');
    return { sent: true };
  }
}
