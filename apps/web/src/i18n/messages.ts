import {
  CODE_LIST_LABELS,
  CODE_LISTS,
  RETURN_STATUS_LABELS,
  ROLE_LABELS,
  type CodeListName,
  type ReturnStatus,
  type Role,
} from '@portal/shared';

/** The shape of a message tree with every leaf a string: zh must fill exactly the tree en defines. */
export type MessageTree<T> = { [K in keyof T]: T[K] extends string ? string : MessageTree<T[K]> };

type Language = 'zh' | 'en';

/** Role and code-list names come from @portal/shared so the API, exports and UI use the same words. */
export function roleMessages(language: Language): Record<Role, string> {
  return Object.fromEntries(Object.entries(ROLE_LABELS).map(([role, label]) => [role, label[language]])) as Record<
    Role,
    string
  >;
}

export function codeListNames(language: Language): Record<keyof typeof CODE_LIST_LABELS, string> {
  return Object.fromEntries(Object.entries(CODE_LIST_LABELS).map(([list, label]) => [list, label[language]])) as Record<
    keyof typeof CODE_LIST_LABELS,
    string
  >;
}

/** Every code list is its own react-admin resource with the same fields. */
export function codeListResources<F>(language: Language, fields: F): Record<CodeListName, { name: string; fields: F }> {
  const names = codeListNames(language);
  return Object.fromEntries(CODE_LISTS.map((list) => [list, { name: names[list], fields }])) as Record<
    CodeListName,
    { name: string; fields: F }
  >;
}

/** Return states in the words of RETURN_STATUS_LABELS, shared with the API's messages and receipts. */
export function returnStatusMessages(language: Language): Record<ReturnStatus, string> {
  return Object.fromEntries(
    Object.entries(RETURN_STATUS_LABELS).map(([status, label]) => [status, label[language]]),
  ) as Record<ReturnStatus, string>;
}
