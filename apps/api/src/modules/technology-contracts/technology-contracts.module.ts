import { Module } from '@nestjs/common';
import { TechnologyContractsRepository } from './technology-contracts.repository';

/** Technology import and export contracts (DOMAIN.md §8): storage and reads; the registration workflow builds on it. */
@Module({
  providers: [TechnologyContractsRepository],
  exports: [TechnologyContractsRepository],
})
export class TechnologyContractsModule {}
