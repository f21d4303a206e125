import { Init1763800000000 } from './1763800000000-Init';
import { SeedReferenceData1763800000001 } from './1763800000001-SeedReferenceData';

/** Every migration, in the order it runs. A new migration is added at the end. */
export const MIGRATIONS = [Init1763800000000, SeedReferenceData1763800000001];
