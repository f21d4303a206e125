import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { addToAggregates, rebuildAllFacts, refreshFacts, type FactsInput, type RefreshOptions } from './facts';

/**
 * Keeps the facts and aggregates of approved returns current (facts.ts, the one writer). The return lifecycle
 * (returns/lifecycle) runs the writer inside the step's transaction when a return reaches or leaves APPROVED; this
 * service is for everything else (rebuilds, tests). It depends on nothing but the database, so any module may
 * import it without a cycle.
 */
@Injectable()
export class FactsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Replaces the returns' facts with those of their approved revisions (none approved: removed) and moves the
   * aggregates, in the caller's transaction. One return is a batch of one; a return may be given by id (its
   * approved revision is read) or with its approved revision in hand (bulk import).
   */
  refresh(manager: EntityManager, returns: readonly FactsInput[], opts?: RefreshOptions): Promise<void> {
    return refreshFacts(manager, returns, opts);
  }

  /** Adds facts written with `aggregates: 'later'` to the aggregates. */
  addToAggregates(manager: EntityManager, returnIds: readonly string[]): Promise<void> {
    return addToAggregates(manager, returnIds);
  }

  /** Rebuilds every approved return's facts (after loading data outside the services, or editing past codes). */
  rebuildAll(): Promise<number> {
    return this.ds.transaction((m) => rebuildAllFacts(m));
  }
}

@Module({ providers: [FactsService], exports: [FactsService] })
export class FactsModule {}
