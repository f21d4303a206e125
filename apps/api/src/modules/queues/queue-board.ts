import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AuthGuard } from '../../core/auth/auth.guard';
import { AppError, BEARER_CHALLENGE, errorBody } from '../../core/errors/app-error';
import { sendProblem } from '../../core/errors/error.filter';
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
      sendProblem(req, res, errorBody('FORBIDDEN'));
    } catch (e) {
      res.setHeader(
        'WWW-Authenticate',
        e instanceof AppError ? (e.headers['WWW-Authenticate'] ?? BEARER_CHALLENGE) : BEARER_CHALLENGE,
      );
      sendProblem(req, res, errorBody('UNAUTHENTICATED'));
    }
  };
  app.use(QUEUE_BOARD_PATH, adminOnly, adapter.getRouter());
}
