import type { Colleague } from './enterprisesApi';

/** With maker-checker on, only an active signatory can submit: without one the firm could not file. */
export function hasActiveSignatory(colleagues: readonly Pick<Colleague, 'roles' | 'active'>[]): boolean {
  return colleagues.some((c) => c.active && c.roles.includes('ENTERPRISE_SIGNATORY'));
}
