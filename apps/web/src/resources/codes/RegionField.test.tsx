import type { CodeItem } from '@portal/shared';
import { cleanup, render, screen } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, RecordContextProvider, testDataProvider } from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { RegionField } from './RegionField';

afterEach(cleanup);

const region = (code: string, nameZh: string, nameEn: string | null): CodeItem => ({
  id: Number(code.replace(/\D/g, '')),
  list: 'regions',
  code,
  parentCode: null,
  level: 2,
  nameZh,
  nameEn,
  sortOrder: 0,
  attrs: {},
  validFrom: '1900-01-01',
  validTo: null,
});

function renderIn(locale: string, code: string) {
  const regions = [region('610100', '西安市', "Xi'an"), region('6199Z9', '某新区', null)];
  const dataProvider = testDataProvider({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test provider's generic list answer
    getList: async () => ({ data: regions, total: regions.length }) as any,
  });
  const i18nProvider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale);
  return render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider}>
      <RecordContextProvider value={{ id: 1, regionCode: code }}>
        <RegionField source="regionCode" />
      </RecordContextProvider>
    </AdminContext>,
  );
}

describe('RegionField', () => {
  it('names the region in Chinese in Chinese mode', async () => {
    renderIn('zh-CN', '610100');
    expect(await screen.findByText('西安市（610100）')).toBeTruthy();
  });

  it('names the region in English in English mode, in Chinese where the list has no English name', async () => {
    renderIn('en', '610100');
    expect(await screen.findByText("Xi'an (610100)")).toBeTruthy();
    cleanup();
    renderIn('en', '6199Z9');
    expect(await screen.findByText('某新区 (6199Z9)')).toBeTruthy();
  });
});
