import type { CodeItem } from '@portal/shared';
import { codeName, matchesCode } from '../returns/CodePicker';

/** A code as a choice of an autocomplete: `610113 雁塔区`, searchable by code and both names. */
export interface CodeChoice {
  id: string;
  name: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
}

export function toCodeChoices(
  items: readonly Pick<CodeItem, 'code' | 'nameZh' | 'nameEn'>[],
  locale: string,
): CodeChoice[] {
  return items.map((item) => ({
    id: item.code,
    name: `${item.code} ${codeName(item, locale)}`,
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
  }));
}

export const matchCodeChoice = (filter: string, choice: CodeChoice) => matchesCode(choice, filter);

/** The codes nothing else hangs under: a firm is 民营企业, not 内资企业 in general. */
export function leafCodes<T extends Pick<CodeItem, 'code' | 'parentCode'>>(items: readonly T[]): T[] {
  const parents = new Set(items.map((item) => item.parentCode).filter(Boolean));
  return items.filter((item) => !parents.has(item.code));
}
