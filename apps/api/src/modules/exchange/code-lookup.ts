import type { CodeLookup, ExchangeCodeList } from '@portal/exchange';
import { periodBounds } from '@portal/shared';
import type { CodeItemEntity } from '../codes/code-item.entity';

/**
 * Answers the exchange reader's code questions from the versioned code tables: a code is valid for a period
 * when one of its versions covers the quarter's last day (without a period: valid today or at any time).
 */
export class VersionedCodeLookup implements CodeLookup {
  private readonly versions = new Map<string, CodeItemEntity[]>();

  constructor(items: CodeItemEntity[]) {
    for (const item of items) {
      for (const list of listsOf(item)) {
        const key = `${list}:${item.code}`;
        const known = this.versions.get(key);
        if (known) known.push(item);
        else this.versions.set(key, [item]);
      }
    }
  }

  has(list: ExchangeCodeList, code: string, period?: string): boolean {
    const versions = this.versions.get(`${list}:${code}`);
    if (!versions) return false;
    if (!period) return true;
    const day = periodBounds(period).end;
    return versions.some((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day));
  }
}

/** Which exchange lists a code item answers for (a region is a zone or a city/district; SL is national only). */
function listsOf(item: CodeItemEntity): ExchangeCodeList[] {
  switch (item.list) {
    case 'regions':
      if (item.attrs.kind === 'zone') return ['zones'];
      return item.attrs.kind === 'city' || item.attrs.kind === 'district' ? ['regions'] : [];
    case 'service-categories':
      return item.attrs.provincial === true ? ['service-categories'] : [];
    case 'outsourcing-categories':
      return item.level === 3 ? ['outsourcing-level3'] : [];
    case 'enterprise-natures':
      return ['enterprise-natures'];
    case 'industries':
      return ['industries'];
    case 'partner-economies':
      return ['partner-economies'];
    case 'technology-modes':
      return ['technology-modes'];
    default:
      return [];
  }
}
