import { cleanup, render, screen } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, RecordContextProvider } from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { beijingLastDay, beijingTime } from './beijingTime';
import { DateTimeField } from './DateTimeField';

afterEach(cleanup);

describe('beijingTime, the one formatter of times', () => {
  it('shows instants in Beijing time whatever the browser zone', () => {
    expect(beijingTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(beijingTime('2026-10-20T02:00:00Z')).toBe('2026-10-20 10:00');
    // An instant with its own offset: 23:59 in New York is the next morning in Beijing.
    expect(beijingTime('2026-11-21T23:59:00-05:00')).toBe('2026-11-22 12:59');
    expect(beijingTime('2026-12-31T16:30:00.000Z', { dateOnly: true })).toBe('2027-01-01');
  });

  it('shows nothing for no value or a value that is no time', () => {
    expect(beijingTime(null)).toBe('');
    expect(beijingTime('')).toBe('');
    expect(beijingTime('not a time')).toBe('');
  });

  it('gives the last day a deadline instant covers', () => {
    // An extension to the end of 2027-01-10 in Beijing is the instant 2027-01-10T16:00Z: its last day is the 10th.
    expect(beijingLastDay('2027-01-10T16:00:00.000Z')).toBe('2027-01-10');
  });
});

describe('DateTimeField', () => {
  const renderIn = (locale: string, record: Record<string, unknown>, showTime?: boolean) =>
    render(
      <AdminContext i18nProvider={polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale)}>
        <RecordContextProvider value={{ id: 1, ...record }}>
          <DateTimeField source="at" emptyText="—" showTime={showTime} />
        </RecordContextProvider>
      </AdminContext>,
    );

  it('labels the time as Beijing time in the language on screen', () => {
    renderIn('zh-CN', { at: '2026-11-22T01:05:00Z' });
    expect(screen.getByText('2026-11-22 09:05')).toBeTruthy();
    expect(screen.getByText('北京时间')).toBeTruthy();
    cleanup();
    renderIn('en', { at: '2026-11-22T01:05:00Z' });
    expect(screen.getByText('2026-11-22 09:05')).toBeTruthy();
    expect(screen.getByText('Beijing time')).toBeTruthy();
  });

  it('shows a date alone without the time, and the empty text for no value', () => {
    renderIn('zh-CN', { at: '2026-11-21T17:00:00Z' }, false);
    expect(screen.getByText('2026-11-22')).toBeTruthy();
    cleanup();
    renderIn('zh-CN', { at: null });
    expect(screen.getByText('—')).toBeTruthy();
  });
});
