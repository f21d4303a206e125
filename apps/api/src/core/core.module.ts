import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { createSecretKey } from 'node:crypto';
import { UserEntity } from '../modules/users/user.entity';
import { AuthGuard } from './auth/auth.guard';
import { CONFIG, type AppConfig } from './config/config';
import { PdfDocuments } from './documents/pdf-document';
import { dataSourceOptions } from './database/data-source';
import { ErrorFilter } from './errors/error.filter';
import { ProblemsController } from './errors/problems.controller';
import {
  createLimitsRedis,
  LIMITS_REDIS,
  LimitsConnection,
  SharedThrottlerStorage,
  throttlerOptions,
} from './http/rate-limits';
import { redisConnection } from './queue/queues';
import { queueTelemetry } from './tracing/preload';
import { InputPipe } from './validation/input.pipe';
import { Lifecycle } from './shutdown';
import { PortalMetrics } from './metrics/metrics';
import { requestIdFor } from './context/request-context';
import { RequestContextInterceptor } from './context/request-context.interceptor';

/**
 * Config, logging, database, queue connection and (for the HTTP process) the auth guard, error filter,
 * input pipe and request limits. Both processes import it; `http: false` leaves the HTTP pieces out of the worker.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, opts: { http: boolean; process: string }): DynamicModule {
    const limitsRedis = opts.http ? createLimitsRedis(config) : null;
    const http = limitsRedis
      ? [
          { provide: LIMITS_REDIS, useValue: limitsRedis },
          LimitsConnection,
          AuthGuard,
          { provide: APP_GUARD, useExisting: AuthGuard },
          { provide: APP_FILTER, useClass: ErrorFilter },
          { provide: APP_PIPE, useClass: InputPipe },
          { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        ]
      : [];
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            base: { process: opts.process },
            // The id decided at the edge (app.factory.ts): the client's accepted X-Request-Id or a new UUID, on
            // every log line of the request as `requestId`.
            genReqId: requestIdFor,
            // quietReqLogger: every line of the request carries `requestId`; the request itself is logged once.
            quietReqLogger: true,
            customAttributeKeys: { reqId: 'requestId' },
            autoLogging: opts.http
              ? { ignore: (req) => /^\/api\/(health(\/(live|ready))?|metrics)(\?|$)/.test(req.url ?? '') }
              : false,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customProps: (req) => ({
              user: (req as { user?: { username: string } }).user?.username,
            }),
          },
        }),
        TypeOrmModule.forRoot(
          dataSourceOptions(
            config.DATABASE_URL ?? '',
            {},
            { size: config.DATABASE_POOL_SIZE, acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS },
            config.DATABASE_REPLICA_URLS,
          ),
        ),
        TypeOrmModule.forFeature([UserEntity]),
        JwtModule.register({
          global: true,
          // A key object made once: given the string, jsonwebtoken would try it as a public key (and catch the
          // error) and then make a secret key on every sign and verify. Same HMAC key, same tokens.
          secret: createSecretKey(Buffer.from(config.JWT_SECRET)),
          signOptions: { expiresIn: config.JWT_TTL_SECONDS },
        }),
        // The worker serves no requests, but its modules' controllers (and their guards) are built all the same.
        ThrottlerModule.forRoot(throttlerOptions(config, limitsRedis && new SharedThrottlerStorage(limitsRedis))),
        BullModule.forRoot({
          connection: redisConnection(config),
          prefix: config.QUEUE_PREFIX,
          // While tracing is on: a job's `process` span continues the trace of the request that added it.
          telemetry: queueTelemetry(),
        }),
      ],
      controllers: opts.http ? [ProblemsController] : [],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: Lifecycle, useValue: new Lifecycle() },
        { provide: PortalMetrics, useValue: new PortalMetrics(opts.process) },
        // Only the API serves PDFs, so only the API warns at boot about a missing font.
        {
          provide: PdfDocuments,
          useValue: new PdfDocuments({ path: config.PDF_FONT_PATH, name: config.PDF_FONT_NAME }, opts.http),
        },
        ...http,
      ],
      exports: [
        CONFIG,
        Lifecycle,
        PortalMetrics,
        PdfDocuments,
        TypeOrmModule,
        JwtModule,
        ...(opts.http ? [AuthGuard, LIMITS_REDIS] : []),
      ],
    };
  }
}
