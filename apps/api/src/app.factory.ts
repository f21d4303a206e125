import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { assertEveryPathParameterParsed, assertEveryRouteDeclaresAccess } from './core/auth/route-table';
import type { AppConfig } from './core/config/config';
import { expressErrorHandler } from './core/errors/error.filter';
import { documentErrorsAndSecurity } from './core/errors/openapi-errors';
import { rawUrlCheck, verifyFormBody, verifyJsonBody } from './core/validation/raw-input';
import { mountQueueBoard } from './modules/queues/queue-board';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { requestIdFor } from './core/context/request-context';
import { documentListContract } from './core/http/openapi-lists';
import { webStatic } from './core/http/web-static';
import { PortalMetrics } from './core/metrics/metrics';
import { QUEUES } from './core/queue/queues';

export const METRICS_PATH = '/api/metrics';

/** Builds the HTTP application (used by main.ts and by the integration tests). */
export async function createHttpApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // First of all: the request id (X-Request-Id accepted or generated, sent back) and the request's timing, so
  // answers of the middlewares below (bad URL, bad JSON, too large) carry the id and are counted too.
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdFor(req, res);
    next();
  });
  const metrics = app
    .get(PortalMetrics)
    .watchQueues(Object.values(QUEUES).map((name) => app.get<Queue>(getQueueToken(name))))
    .watchPool(app.get(DataSource));
  app.use(metrics.httpMiddleware());
  // Prometheus scrapes with `Authorization: Bearer <METRICS_TOKEN>` (docs/monitoring.md); mounted outside Nest's
  // router like the OpenAPI page and Bull Board, because it takes no login.
  const scrape = metrics.handler(config.METRICS_TOKEN);
  app.use(METRICS_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' && req.path === '/' ? scrape(req, res) : next(),
  );
  // X-Forwarded-For is believed only from configured proxies (TRUST_PROXY); otherwise the client is the connection's
  // peer, so a forged header cannot pose as another address to the login limits.
  app.set('trust proxy', config.TRUST_PROXY.length ? config.TRUST_PROXY : false);
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
    }),
  );
  // The built web app at / when this process serves it (WEB_DIST_DIR), before everything meant for /api.
  if (config.WEB_DIST_DIR) app.use(webStatic(config.WEB_DIST_DIR));
  app.enableCors({
    origin: config.WEB_ORIGIN ?? `http://localhost:${config.WEB_PORT}`,
    exposedHeaders: ['Content-Range', 'Content-Disposition', 'X-Request-Id'],
    credentials: true,
  });
  app.use(rawUrlCheck());
  app.use(express.json({ limit: config.BODY_LIMIT_BYTES, verify: verifyJsonBody }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT_BYTES, verify: verifyFormBody }));
  // Undecodable URLs, bad JSON (not UTF-8, too deep, not JSON) and oversized bodies fail before Nest's router:
  // answered in the same shape as every other error.
  app.use(expressErrorHandler());
  app.setGlobalPrefix('api');
  const doc = documentListContract(
    app,
    documentErrorsAndSecurity(
      app,
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('服务贸易与服务外包统计直报平台 API')
          .setDescription('Service-trade statistics reporting portal')
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    ),
  );
  SwaggerModule.setup('api/docs', app, doc, {
    jsonDocumentUrl: 'api/docs-json',
  });
  mountQueueBoard(app);
  await app.init();
  assertEveryRouteDeclaresAccess(app);
  assertEveryPathParameterParsed(app);
  return app;
}
