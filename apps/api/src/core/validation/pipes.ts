import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  CODE_LISTS,
  INT4_MAX,
  isIsoDate,
  parsePeriod,
  parseTablePeriod,
  PERIOD_YEAR_MAX,
  PERIOD_YEAR_MIN,
  type CodeListName,
} from '@portal/shared';
import { AppError, notFound } from '../errors/app-error';

/**
 * Typed parsing of path and query parameters. Each pipe answers a malformed value with BAD_PARAMETER naming the
 * parameter (`path.id`, `query.period`) in Chinese and English, before the value reaches a service or SQL: a
 * non-UUID, an id beyond int4 or an impossible date would otherwise fail in PostgreSQL as a 500.
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `path.id`, `query.period`: where the value came from and its name. */
export function parameterName(metadata: Pick<ArgumentMetadata, 'type' | 'data'>): string {
  const where = metadata.type === 'param' ? 'path' : metadata.type;
  return metadata.data ? `${where}.${metadata.data}` : where;
}

export function badParameter(name: string, zh: string, en: string): AppError {
  return new AppError('BAD_PARAMETER', { name, detail: zh, detailEn: en });
}

abstract class ParameterPipe<T> implements PipeTransform<unknown, T> {
  /** What the value must look like, for the error (zh, en). */
  protected abstract readonly expected: readonly [string, string];
  protected abstract parse(value: string): T | null;

  transform(value: unknown, metadata: ArgumentMetadata): T {
    const parsed = typeof value === 'string' ? this.parse(value) : null;
    if (parsed === null) throw badParameter(parameterName(metadata), ...this.expected);
    return parsed;
  }
}

/** A UUID (any version, as PostgreSQL's uuid type reads it). */
export class UuidPipe extends ParameterPipe<string> {
  protected readonly expected = ['须为 UUID', 'expected a UUID'] as const;
  protected parse(value: string): string | null {
    return UUID_PATTERN.test(value) ? value.toLowerCase() : null;
  }
}

/** A positive integer that fits PostgreSQL's int4 (serial ids, revision numbers). */
export class Int4Pipe extends ParameterPipe<number> {
  protected readonly expected = [
    `须为 1 至 ${INT4_MAX} 的整数`,
    `expected a whole number from 1 to ${INT4_MAX}`,
  ] as const;
  protected parse(value: string): number | null {
    if (!/^[0-9]{1,10}$/.test(value)) return null;
    const n = Number(value);
    return n >= 1 && n <= INT4_MAX ? n : null;
  }
}

/** A reporting period, YYYYQn, in the years the portal knows. */
export class PeriodCodePipe extends ParameterPipe<string> {
  protected readonly expected = [
    `须为报告期，如 2026Q3（年份 ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX}）`,
    `expected a period such as 2026Q3 (years ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX})`,
  ] as const;
  protected parse(value: string): string | null {
    return parsePeriod(value) ? value : null;
  }
}

/** At most this many periods in one list parameter (ten years of quarters). */
export const PERIOD_LIST_MAX = 40;

/**
 * An optional comma-separated list of reporting periods (`2026Q2,2026Q3`), each YYYYQn in the years the portal
 * knows: distinct and in order. Absent: undefined (no restriction); present but empty or malformed: BAD_PARAMETER.
 */
export class PeriodListPipe implements PipeTransform<unknown, string[] | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string[] | undefined {
    if (value === undefined) return undefined;
    const codes = typeof value === 'string' ? value.split(',').map((c) => c.trim()) : [];
    const bad = codes.find((c) => !parsePeriod(c));
    if (!codes.length || bad !== undefined || codes.length > PERIOD_LIST_MAX) {
      throw badParameter(
        parameterName(metadata),
        `须为以逗号分隔的 1 至 ${PERIOD_LIST_MAX} 个报告期，如 2026Q2,2026Q3（年份 ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX}）${bad ? `，“${bad}”不是报告期` : ''}`,
        `expected 1 to ${PERIOD_LIST_MAX} comma-separated periods such as 2026Q2,2026Q3 (years ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX})${bad ? `; "${bad}" is not a period` : ''}`,
      );
    }
    return [...new Set(codes)].sort();
  }
}

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export class IsoDatePipe extends ParameterPipe<string> {
  protected readonly expected = ['须为实际存在的日期 YYYY-MM-DD', 'expected a calendar date YYYY-MM-DD'] as const;
  protected parse(value: string): string | null {
    return isIsoDate(value) ? value : null;
  }
}

/** One of the code lists (regions, partner-economies, …); another name is a resource that does not exist (404). */
export class CodeListPipe implements PipeTransform<unknown, CodeListName> {
  transform(value: unknown): CodeListName {
    const list = String(value);
    if (!(CODE_LISTS as readonly string[]).includes(list)) throw notFound(`代码表 ${list}`, `code list ${list}`);
    return list as CodeListName;
  }
}

/** An identifier of the catalogue (a rule id R-AMT-001, a table id so_t01): letters, digits, - and _. */
export class SlugPipe extends ParameterPipe<string> {
  protected readonly expected = [
    '须为 1 至 64 个字母、数字、连字符或下划线',
    'expected 1 to 64 letters, digits, hyphens or underscores',
  ] as const;
  protected parse(value: string): string | null {
    return /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
  }
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** A date YYYY-MM-DD or an ISO 8601 time on such a date, as PostgreSQL's timestamptz reads it. */
export function isIsoDateTime(v: unknown): v is string {
  const m = typeof v === 'string' ? DATETIME.exec(v) : null;
  return !!m && isIsoDate(m[1]) && !Number.isNaN(Date.parse(v as string));
}

/** class-validator: a date or an ISO 8601 time that exists (2026-02-30 does not, nor does year 0000). */
export const IsIsoDateTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoDateTime',
      validator: {
        validate: isIsoDateTime,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a date YYYY-MM-DD or an ISO 8601 time`,
          options,
        ),
      },
    },
    options,
  );

/** class-validator: an object of return id → version (a positive int4), as bulk approval takes it. */
export const IsVersionMap = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isVersionMap',
      validator: {
        validate: (v) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.entries(v).every(
            ([id, n]) =>
              UUID_PATTERN.test(id) && Number.isInteger(n) && (n as number) >= 1 && (n as number) <= INT4_MAX,
          ),
        defaultMessage: buildMessage(
          (each) => `${each}$property must map return ids (UUID) to versions from 1 to ${INT4_MAX}`,
          options,
        ),
      },
    },
    options,
  );

/** class-validator: a calendar date YYYY-MM-DD that exists. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v) => typeof v === 'string' && isIsoDate(v),
        defaultMessage: buildMessage((each) => `${each}$property must be a calendar date YYYY-MM-DD`, options),
      },
    },
    options,
  );

/** class-validator: a reporting period YYYYQn in the years the portal knows. */
export const IsPeriodCode = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPeriodCode',
      validator: {
        validate: (v) => typeof v === 'string' && parsePeriod(v) !== null,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a period such as 2026Q3 (years ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX})`,
          options,
        ),
      },
    },
    options,
  );

/** class-validator: a table period (2021, 2021Q4, 2021Q1-Q3) in the years the portal knows. */
export const IsTablePeriod = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTablePeriod',
      validator: {
        validate: (v) => typeof v === 'string' && parseTablePeriod(v) !== null,
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must look like 2021Q4, 2021 or 2021Q1-Q3 (years ${PERIOD_YEAR_MIN}–${PERIOD_YEAR_MAX})`,
          options,
        ),
      },
    },
    options,
  );
