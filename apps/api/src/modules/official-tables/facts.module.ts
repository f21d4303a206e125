import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rebuildAllFacts, refreshApprovedReturn } from './facts';

/**
 * Keeps the facts and aggregates of approved returns current. The review workflow and historical imports call
 * `refreshApprovedReturn` inside their own transaction; it depends on nothing but the database, so any module
 * may import this one without a cycle.
 */
@Injectable()
export class FactsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Replaces the return's facts with those of its approved revision and moves the aggregates (same transaction). */
  refreshApprovedReturn(manager: EntityManager, returnId: string): Promise<void> {
    return refreshApprovedReturn(manager, returnId);
  }

  /** Rebuilds every approved return's facts (after loading data outside the services, or editing past codes). */
  rebuildAll(): Promise<number> {
    return this.ds.transaction((m) => rebuildAllFacts(m));
  }
}

@Module({ providers: [FactsService], exports: [FactsService] })
export class FactsModule {}
