import type { Dims } from './return-facts';

/*
 * The code lists facts depend on — the region tree with kinds, enterprise-nature groups, the outsourcing-category
 * tree, partner-group memberships — in memory, every version of the codes it was given, answering as of a day.
 * The facts writer loads what a batch of returns needs (facts.repository.ts codeVersions / groupMemberships with
 * the batch's codes), the bench loader everything at once; both compute through this class.
 */

/** One version of a code (code_item). */
export interface CodeVersion {
  list: string;
  code: string;
  parent: string | null;
  from: string;
  to: string | null;
  kind: string | null;
  reviewUnit: boolean;
}

/** One effective-dated membership of an economy in a partner group (partner_group_member). */
export interface GroupMembership {
  group: string;
  member: string;
  from: string;
  to: string | null;
}

/** A profile version of a firm (enterprise_profile). */
export interface ProfileVersion {
  validFrom: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
  advancedTech: boolean;
  /** GB/T 4754-2002 division or section (the technology tables' classification); absent or null where unknown. */
  industryCode2002?: string | null;
}

/** The version valid on `day` (the latest from on or before it), else none. Versions sorted by validFrom. */
export function profileOn(versions: readonly ProfileVersion[] | undefined, day: string): ProfileVersion | null {
  let found: ProfileVersion | null = null;
  for (const v of versions ?? []) if (v.validFrom <= day) found = v;
  return found;
}

/** The lists the lookup answers for. */
export const FACT_CODE_LISTS = ['regions', 'enterprise-natures', 'outsourcing-categories'] as const;
export type FactCodeList = (typeof FACT_CODE_LISTS)[number];

const validOn = (v: { from: string; to: string | null }, day: string) =>
  v.from <= day && (v.to === null || v.to >= day);

export class FactLookup {
  private readonly cache = new Map<string, unknown>();
  private readonly lists = new Map<string, Map<string, CodeVersion[]>>();
  private readonly groups = new Map<string, GroupMembership[]>();

  constructor(codes: readonly CodeVersion[], groups: readonly GroupMembership[]) {
    for (const list of FACT_CODE_LISTS) this.lists.set(list, new Map());
    for (const c of codes) {
      const map = this.lists.get(c.list);
      if (!map) continue;
      const known = map.get(c.code);
      if (known) known.push(c);
      else map.set(c.code, [c]);
    }
    for (const g of groups) {
      const known = this.groups.get(g.member);
      if (known) known.push(g);
      else this.groups.set(g.member, [g]);
    }
  }

  private memo<T>(key: string, f: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = f();
    this.cache.set(key, v);
    return v;
  }

  private on(list: FactCodeList, code: string, day: string): CodeVersion | undefined {
    return this.lists
      .get(list)!
      .get(code)
      ?.find((v) => validOn(v, day));
  }

  /** The region and its ancestors valid on `day`, nearest first (at most 11). */
  regionChain(code: string, day: string): { code: string; kind: string; reviewUnit: boolean }[] {
    return this.memo(`r|${code}|${day}`, () => {
      const chain: { code: string; kind: string; reviewUnit: boolean }[] = [];
      let v = this.on('regions', code, day);
      let at = code;
      while (v && chain.length <= 10) {
        chain.push({ code: at, kind: String(v.kind), reviewUnit: v.reviewUnit });
        if (v.parent === null) break;
        at = v.parent;
        v = this.on('regions', at, day);
      }
      return chain;
    });
  }

  /** The group of an enterprise nature (its parent, else itself) valid on `day`; the code itself when unknown. */
  natureGroup(code: string, day: string): string {
    const v = this.on('enterprise-natures', code, day);
    return v ? (v.parent ?? code) : code;
  }

  /** The outsourcing category and its ancestors valid on `day` (at most 6); itself when not valid then. */
  businessChain(code: string, day: string): string[] {
    return this.memo(`b|${code}|${day}`, () => {
      const chain: string[] = [];
      let v = this.on('outsourcing-categories', code, day);
      let at = code;
      while (v && chain.length < 6) {
        chain.push(at);
        if (v.parent === null) break;
        at = v.parent;
        v = this.on('outsourcing-categories', at, day);
      }
      return chain.length ? chain : [code];
    });
  }

  /** Partner groups the economy belongs to on `day`. */
  groupsOf(partner: string, day: string): string[] {
    return this.memo(`g|${partner}|${day}`, () =>
      (this.groups.get(partner) ?? []).filter((g) => validOn(g, day)).map((g) => g.group),
    );
  }

  /**
   * The firm's dimensions at the end of the period: its profile then valid (else its earliest), placed in the
   * region tree then valid.
   */
  dims(versions: readonly ProfileVersion[] | undefined, end: string, provinceCode: string): Dims {
    const p = profileOn(versions, end) ?? versions?.[0] ?? null;
    const regionCode = p?.regionCode ?? provinceCode;
    const areaCode = p?.zoneCode ?? regionCode;
    const chain = this.regionChain(areaCode, end);
    const natureCode = p?.natureCode ?? 'DOM';
    return {
      provinceCode: chain.find((c) => c.kind === 'province')?.code ?? provinceCode,
      cityCode: chain.find((c) => c.kind === 'city')?.code ?? areaCode,
      areaCode,
      regionCode,
      zoneCode: p?.zoneCode ?? null,
      natureCode,
      natureGroup: this.natureGroup(natureCode, end),
      industryCode: p?.industryCode ?? '',
      keyEnterprise: p?.keyEnterprise ?? false,
      nameZh: p?.nameZh ?? '',
    };
  }
}
