import type { CodeItemEntity } from './code-item.entity';

/** The region hierarchy valid on a date, answering territory questions (属地) for firms. */
export class RegionTree {
  private readonly byCode = new Map<string, CodeItemEntity>();

  constructor(regions: readonly CodeItemEntity[]) {
    for (const r of regions) this.byCode.set(r.code, r);
  }

  get(code: string): CodeItemEntity | undefined {
    return this.byCode.get(code);
  }

  ancestorsOrSelf(code: string): CodeItemEntity[] {
    const out: CodeItemEntity[] = [];
    for (let r = this.byCode.get(code); r; r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) {
      out.push(r);
      if (out.length > 10) break;
    }
    return out;
  }

  /** The commerce bureau that reviews a firm: nearest review unit above its zone (if any) or its district. */
  reviewUnitOf(regionCode: string, zoneCode: string | null): string | null {
    const chain = this.ancestorsOrSelf(zoneCode ?? regionCode);
    return chain.find((r) => r.attrs.reviewUnit === true)?.code ?? null;
  }

  provinceOf(code: string): string | null {
    return this.ancestorsOrSelf(code).find((r) => r.attrs.kind === 'province')?.code ?? null;
  }

  /** The area a firm is counted under in district tables: its zone when it lies in one, else its district. */
  statisticalAreaOf(regionCode: string, zoneCode: string | null): string {
    return zoneCode ?? regionCode;
  }
}
