import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { liveWorkers, RedisProbe, type Heartbeat } from '../../core/health/probes';

@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly probe: RedisProbe;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly indicator: HealthIndicatorService,
  ) {
    // A dedicated connection that fails fast: health must answer while Redis is down.
    this.probe = new RedisProbe(config);
  }

  async isHealthy(key: string) {
    const check = this.indicator.check(key);
    const problem = await this.probe.problem();
    return problem === null ? check.up() : check.down({ message: problem });
  }

  /** The workers whose heartbeat is current (null when Redis cannot be asked). */
  async workers(): Promise<Heartbeat[] | null> {
    return liveWorkers(this.probe.client, this.config.QUEUE_PREFIX).catch(() => null);
  }

  onModuleDestroy() {
    this.probe.close();
  }
}
