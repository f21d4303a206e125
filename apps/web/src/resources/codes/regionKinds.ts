import type { RegionKind } from '@portal/shared';

const KINDS: RegionKind[] = ['province', 'city', 'district', 'zone'];

export const REGION_KIND_CHOICES = KINDS.map((kind) => ({ id: kind, name: `app.codes.kinds.${kind}` }));
