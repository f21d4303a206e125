import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { ERRORS } from '@portal/shared';
import { AuthGuard } from '../../core/auth/auth.guard';
import { AppError, BEARER_CHALLENGE } from '../../core/errors/app-error';
import { QUEUES } from '../../core/queue/queues';

export const QUEUE_BOARD_PATH = '/api/admin/queues';

/**
 * Bull Board for admins at /api/admin/queues. A browser page cannot send a bearer header, so the token also
 * comes from the `portal_token` cookie the web app sets for this path.
 */
export function mountQueueBoard(app: INestApplication): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: adapter,
  });
  const guard = app.get(AuthGuard);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const user = await guard.authenticate(req);
      if (user.permissions.has('queues.view')) return next();
      res.status(403).json({
        statusCode: 403,
        code: 'FORBIDDEN',
        message_zh: ERRORS.FORBIDDEN.zh,
        message_en: ERRORS.FORBIDDEN.en,
      });
    } catch (e) {
      res.setHeader(
        'WWW-Authenticate',
        e instanceof AppError ? (e.headers['WWW-Authenticate'] ?? BEARER_CHALLENGE) : BEARER_CHALLENGE,
      );
      res.status(401).json({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message_zh: ERRORS.UNAUTHENTICATED.zh,
        message_en: ERRORS.UNAUTHENTICATED.en,
      });
    }
  };
  app.use(QUEUE_BOARD_PATH, adminOnly, adapter.getRouter());
}
