import type { CodeItem, UserSummary } from '@portal/shared';

export type Region = Pick<CodeItem, 'code' | 'parentCode' | 'attrs'>;
export type Scope = Pick<UserSummary, 'scopeKind' | 'scopeCode'>;

/** The regions of one date by code, with the territory questions the API's RegionTree answers (属地). */
export class Regions<R extends Region = Region> {
  private readonly byCode: Map<string, R>;

  constructor(readonly all: readonly R[]) {
    this.byCode = new Map(all.map((r) => [r.code, r]));
  }

  ancestorsOrSelf(code: string): R[] {
    const out: R[] = [];
    for (
      let r = this.byCode.get(code);
      r && out.length <= 10;
      r = r.parentCode ? this.byCode.get(r.parentCode) : undefined
    ) {
      out.push(r);
    }
    return out;
  }

  /** The commerce bureau that reviews a firm: the nearest review unit above its zone (if any) or its district. */
  reviewUnitOf(regionCode: string, zoneCode: string | null): string | null {
    return this.ancestorsOrSelf(zoneCode || regionCode).find((r) => r.attrs.reviewUnit === true)?.code ?? null;
  }

  provinceOf(code: string): string | null {
    return this.ancestorsOrSelf(code).find((r) => r.attrs.kind === 'province')?.code ?? null;
  }

  /** Whether a user of this scope may register a firm placed so (the API's rule, checked before it answers). */
  inTerritory(scope: Scope, regionCode: string, zoneCode: string | null): boolean {
    const unit = this.reviewUnitOf(regionCode, zoneCode);
    if (!unit) return false;
    switch (scope.scopeKind) {
      case 'SYSTEM':
        return true;
      case 'PROVINCE':
        return this.provinceOf(unit) === scope.scopeCode;
      case 'REGION':
        return unit === scope.scopeCode;
      default:
        return false;
    }
  }

  /** A zone fits a region when it lies in the same city: its parent is the region or one of its ancestors. */
  zoneFits(zone: Region, regionCode: string | null): boolean {
    if (!regionCode) return true;
    return this.ancestorsOrSelf(regionCode).some((r) => r.code === zone.parentCode);
  }

  private ofKind(...kinds: string[]): R[] {
    return this.all.filter((r) => kinds.includes(String(r.attrs.kind)));
  }

  /** Every district and city: where a firm can be registered (its own users may move it anywhere). */
  districtsAndCities(): R[] {
    return this.ofKind('district', 'city');
  }

  /**
   * The registered regions (districts and cities) a firm of this user's territory can have: those the user's
   * bureau reviews directly, and those where one of its zones lies (a bureau of a zone reviews the zone's firms).
   */
  registrableRegions(scope: Scope): R[] {
    const zones = this.ofKind('zone');
    return this.districtsAndCities().filter(
      (r) =>
        this.inTerritory(scope, r.code, null) ||
        zones.some((z) => this.zoneFits(z, r.code) && this.inTerritory(scope, r.code, z.code)),
    );
  }

  /** The zones a firm of the region can lie in, within the user's territory (all of them for firms' own users). */
  zonesFor(scope: Scope, regionCode: string | null): R[] {
    return this.ofKind('zone').filter(
      (z) =>
        this.zoneFits(z, regionCode) &&
        (scope.scopeKind === 'ENTERPRISE' || !regionCode || this.inTerritory(scope, regionCode, z.code)),
    );
  }

  /** The region alone is outside the user's bureau: only one of its zones brings the firm into the territory. */
  zoneRequired(scope: Scope, regionCode: string | null): boolean {
    return !!regionCode && scope.scopeKind !== 'ENTERPRISE' && !this.inTerritory(scope, regionCode, null);
  }
}
