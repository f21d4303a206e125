import type { ReturnContent } from '@portal/shared';
import type { FieldMessages } from './content';

/** What every section of the return form gets: the content, a way to change it, and the messages by path. */
export interface SectionProps {
  content: ReturnContent;
  update: (change: (content: ReturnContent) => ReturnContent) => void;
  messages: FieldMessages;
  readOnly: boolean;
  periodCode: string;
  cnyPerUsd: number;
}

/** Replaces line `index` of a list immutably. */
export function replaceAt<T>(list: readonly T[], index: number, line: T): T[] {
  return list.map((l, i) => (i === index ? line : l));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_l, i) => i !== index);
}
