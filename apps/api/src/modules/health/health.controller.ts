import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { LiveResponse } from '@portal/shared';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../../core/auth/authenticated.decorator';
import { HealthResponseDto, LiveResponseDto, ReadinessResponseDto } from '../../core/http/response-dtos';
import { Lifecycle } from '../../core/shutdown';
import { RedisHealthIndicator } from './redis.health';

/**
 * Liveness, readiness and the combined check of earlier versions. Public and cheap: orchestrators and load
 * balancers poll them without credentials; they name no data of the portal.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** 200 when PostgreSQL and Redis answer, 503 (with which one failed) otherwise. Kept for existing monitors. */
  @ApiOperation({ summary: '健康检查 · Health: PostgreSQL and Redis' })
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'PostgreSQL or Redis does not answer' })
  @Public()
  async check(@Res() res: Response): Promise<void> {
    const { status, body } = await this.dependencies();
    res.status(status).json(body);
  }

  /** 200 while the process runs and its event loop answers; restart it when this fails. Touches nothing else. */
  @ApiOperation({ summary: '存活探针 · Liveness probe' })
  @Get('live')
  @ApiOkResponse({ type: LiveResponseDto })
  @Public()
  live(): LiveResponse {
    return { status: 'ok' };
  }

  /**
   * 200 when this API process should get requests: not shutting down, PostgreSQL and Redis answering. 503 while
   * draining after SIGTERM (`draining: true`) or while a dependency is down (named in `details`). `workers` lists
   * the worker processes whose heartbeat is current; it informs and does not decide readiness (the API serves
   * without workers; queued jobs wait for one).
   */
  @ApiOperation({ summary: '就绪探针 · Readiness probe' })
  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponseDto })
  @ApiServiceUnavailableResponse({ type: ReadinessResponseDto, description: 'draining, or a dependency is down' })
  @Public()
  async ready(@Res() res: Response): Promise<void> {
    if (this.lifecycle.draining) {
      res.status(503).json({
        status: 'error',
        draining: true,
        since: this.lifecycle.drainingSince?.toISOString(),
        message_en: 'shutting down',
        message_zh: '正在停止服务',
      });
      return;
    }
    const { status, body } = await this.dependencies();
    const workers = await this.redis.workers();
    res.status(status).json({
      ...body,
      draining: false,
      workers: workers && { count: workers.length, processes: workers },
    });
  }

  private async dependencies(): Promise<{ status: number; body: object }> {
    try {
      const result = await this.health.check([
        () => this.db.pingCheck('database', { timeout: 1500 }),
        () => this.redis.isHealthy('redis'),
      ]);
      return { status: 200, body: result };
    } catch (e) {
      if (e instanceof ServiceUnavailableException) return { status: 503, body: e.getResponse() as object };
      throw e;
    }
  }
}
