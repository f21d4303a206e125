import type { ApiErrorBody } from '@portal/shared';
import { isApiErrorBody } from '../../providers/apiError';
import type {
  ColleaguePayload,
  FirmRole,
  ProfileChangePayload,
  ProfileFields,
  RegisterPayload,
} from './enterprisesApi';
import { normaliseUscc } from './uscc';

/** A firm's profile fields as react-hook-form holds them: empty inputs are '' or null, flags may be unset. */
export type ProfileValues = { [K in keyof ProfileFields]?: ProfileFields[K] | null };

/** The register form. */
export type RegisterValues = { uscc?: string | null } & ProfileValues;

const text = (value: string | null | undefined) => (value ?? '').trim();
const code = (value: string | null | undefined) => text(value) || null;

/** The profile fields of a form, trimmed: an empty zone is null, an unset flag false. */
function profileFieldsOf(values: ProfileValues): ProfileFields {
  return {
    nameZh: text(values.nameZh),
    regionCode: text(values.regionCode),
    zoneCode: code(values.zoneCode),
    natureCode: text(values.natureCode),
    industryCode: text(values.industryCode),
    industryCode2002: code(values.industryCode2002),
    keyEnterprise: values.keyEnterprise === true,
    advancedTech: values.advancedTech === true,
  };
}

/** The body of POST /api/enterprises: only the fields the API accepts (it refuses unknown ones). */
export function toRegisterPayload(values: RegisterValues): RegisterPayload {
  return { uscc: normaliseUscc(values.uscc), ...profileFieldsOf(values) };
}

/** The code fields of a body, where apiFieldErrors looks for a code the API names as unknown. */
export const codeFieldsOf = (
  p: Partial<Pick<ProfileFields, 'regionCode' | 'zoneCode' | 'natureCode' | 'industryCode' | 'industryCode2002'>>,
) => ({
  regionCode: p.regionCode,
  zoneCode: p.zoneCode,
  natureCode: p.natureCode,
  industryCode: p.industryCode,
  industryCode2002: p.industryCode2002,
});

/** The form of a profile change. */
export type ProfileChangeValues = { validFrom?: string | null } & ProfileValues;

/** The fields of a profile, in the order of the forms and the versions' table. */
export const PROFILE_FIELDS: readonly (keyof ProfileFields)[] = [
  'nameZh',
  'regionCode',
  'zoneCode',
  'natureCode',
  'industryCode',
  'industryCode2002',
  'keyEnterprise',
  'advancedTech',
];

/**
 * The body of POST /api/enterprises/:id/profile: the date and only the fields that differ from the version the
 * form started from. The API takes every other field from the version valid on that date, so a change of name
 * recorded for a past date does not also undo a later move. Null when nothing changed.
 */
export function toProfileChangePayload(values: ProfileChangeValues, base: ProfileFields): ProfileChangePayload | null {
  const next = profileFieldsOf(values);
  const changed: Partial<ProfileFields> = {};
  for (const key of PROFILE_FIELDS) {
    if (next[key] !== (base[key] ?? null)) Object.assign(changed, { [key]: next[key] });
  }
  if (Object.keys(changed).length === 0) return null;
  return { validFrom: text(values.validFrom), ...changed };
}

export interface ColleagueValues {
  username?: string | null;
  displayName?: string | null;
  email?: string | null;
  password?: string | null;
  roles?: FirmRole[] | null;
}

/** The body of POST /api/enterprises/:id/users. */
export function toColleaguePayload(values: ColleagueValues): ColleaguePayload {
  return {
    username: text(values.username).toLowerCase(),
    displayName: text(values.displayName),
    email: code(values.email),
    password: values.password ?? '',
    roles: [...(values.roles ?? [])],
  };
}

/**
 * An API error as messages next to the form's fields, in the user's language, or null when it concerns no field
 * (the caller then shows it as a notification). `byCode` names the field an error code is about (USCC_INVALID →
 * uscc); codes the API names in its message (CODE_UNKNOWN, REGION_KIND_MISMATCH) go to the field holding that code;
 * the API's input validation lists its fields itself.
 */
export function apiFieldErrors(
  body: unknown,
  locale: string,
  options: { byCode?: Record<string, string>; codeFields?: Record<string, string | null | undefined> } = {},
): Record<string, string> | null {
  if (!isApiErrorBody(body)) return null;
  const error = body as ApiErrorBody;
  const zh = locale.startsWith('zh');
  const message = zh ? error.message_zh : error.message_en;
  const errors: Record<string, string> = {};
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    for (const detail of error.details as unknown[]) {
      if (typeof detail !== 'object' || detail === null) continue;
      const { field, problems, problems_zh } = detail as { field?: unknown; problems?: unknown; problems_zh?: unknown };
      if (typeof field !== 'string') continue;
      const own = zh && Array.isArray(problems_zh) ? problems_zh : problems;
      const list = Array.isArray(own) ? own.map(String) : [];
      errors[field] = list.length ? `${message}${zh ? '：' : ': '}${list.join('; ')}` : message;
    }
  }
  const field = options.byCode?.[error.code];
  if (field) errors[field] = message;
  if (error.code === 'CODE_UNKNOWN' || error.code === 'REGION_KIND_MISMATCH') {
    for (const [name, value] of Object.entries(options.codeFields ?? {})) {
      if (value && new RegExp(`(^|[^A-Za-z0-9-])${escapeRegExp(value)}($|[^A-Za-z0-9-])`).test(message)) {
        errors[name] = message;
      }
    }
  }
  return Object.keys(errors).length ? errors : null;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
