import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../../core/queue/queues';

/** Registers every queue so the API can enqueue and Bull Board can show them. */
@Module({
  imports: [BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })))],
  exports: [BullModule],
})
export class QueuesModule {}
