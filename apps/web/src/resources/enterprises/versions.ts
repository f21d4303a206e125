import type { ProfileVersion } from './enterprisesApi';

export type VersionState = 'current' | 'scheduled' | 'past';

/**
 * Where each version stands on a day: the latest version from that day or before is current, later ones are
 * scheduled, earlier ones past. Before the first version, the first one applies (the API's rule: a firm
 * registered today still files for the quarters before).
 */
export function versionStates(versions: readonly Pick<ProfileVersion, 'validFrom'>[], today: string): VersionState[] {
  const sorted = versions.map((v) => v.validFrom);
  let current = -1;
  sorted.forEach((from, i) => {
    if (from <= today && (current < 0 || from >= sorted[current])) current = i;
  });
  if (current < 0 && sorted.length > 0) current = sorted.indexOf([...sorted].sort()[0]);
  return sorted.map((from, i) => (i === current ? 'current' : from > today ? 'scheduled' : 'past'));
}

/** The version valid on a day (the one a change recorded for that day starts from). */
export function versionOn<T extends Pick<ProfileVersion, 'validFrom'>>(versions: readonly T[], day: string): T | null {
  const states = versionStates(versions, day);
  return versions[states.indexOf('current')] ?? null;
}
