/**
 * Where a notification leads in this app. The API writes plain paths (`/returns/<id>`, `/returns`); a return opens
 * on the review screen for reviewers and on the return's page for the firm.
 */
export function notificationTarget(link: string | null, reviewer: boolean): string | null {
  if (!link) return null;
  const one = /^\/returns\/([0-9a-f-]{36})$/i.exec(link);
  if (one) return reviewer ? `/review/inbox/${one[1]}/show` : `/returns/${one[1]}/show`;
  return link.startsWith('/') ? link : null;
}
