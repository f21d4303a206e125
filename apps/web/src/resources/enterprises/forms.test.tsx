import type { CodeItem } from '@portal/shared';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { ReactNode } from 'react';
import { AdminContext, Form, SaveButton, testDataProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { PlacementInputs } from './PlacementInputs';
import { ProfileAttributeInputs } from './ProfileAttributeInputs';

const item = (code: string, nameZh: string, nameEn: string, parentCode: string | null = null, attrs = {}) =>
  ({ id: code, code, nameZh, nameEn, parentCode, attrs, sortOrder: 0 }) as unknown as CodeItem;

const LISTS: Record<string, CodeItem[]> = {
  'enterprise-natures': [
    item('DOM', '内资企业', 'Domestic enterprise'),
    item('DOM-PRI', '民营企业', 'Private enterprise', 'DOM'),
    item('DOM-SOE', '国有企业', 'State-owned enterprise', 'DOM'),
    item('FIE', '外商投资企业', 'Foreign-invested enterprise'),
  ],
  industries: [
    item('I', '信息传输、软件和信息技术服务业', 'Information technology'),
    item('65', '软件和信息技术服务业', 'Software and IT services', 'I'),
    item('L', '租赁和商务服务业', 'Leasing and business services'),
  ],
  'industries-2002': [
    item('G', '信息传输、计算机服务和软件业', 'Information, computer services and software'),
    item('61', '计算机服务业', 'Computer services', 'G'),
    item('62', '软件业', 'Software', 'G'),
  ],
  regions: [
    item('610000', '陕西省', 'Shaanxi', null, { kind: 'province' }),
    item('610100', '西安市', "Xi'an", '610000', { kind: 'city', reviewUnit: true }),
    item('610400', '咸阳市', 'Xianyang', '610000', { kind: 'city', reviewUnit: true }),
    item('610113', '雁塔区', 'Yanta', '610100', { kind: 'district' }),
    item('610403', '杨陵区', 'Yangling', '610400', { kind: 'district' }),
    item('6101Z1', '西安高新技术产业开发区', "Xi'an Hi-tech Zone", '610100', { kind: 'zone' }),
    item('6101Z8', '西咸新区', 'Xixian New Area', '610100', { kind: 'zone', reviewUnit: true }),
  ],
};

const dataProvider = testDataProvider({
  getList: (resource: string) =>
    Promise.resolve({ data: LISTS[resource] ?? [], total: LISTS[resource]?.length ?? 0 }) as never,
});

afterEach(cleanup);

function renderForm(children: ReactNode, onSubmit = vi.fn(), locale = 'zh-CN') {
  const i18nProvider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale);
  render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider}>
      <Form onSubmit={onSubmit} defaultValues={{ keyEnterprise: false, advancedTech: false, zoneCode: null }}>
        {children}
        <SaveButton alwaysEnable />
      </Form>
    </AdminContext>,
  );
  return onSubmit;
}

/** The options an autocomplete offers once opened, as shown. */
async function optionsOf(label: RegExp): Promise<string[]> {
  const input = await screen.findByRole('combobox', { name: label });
  fireEvent.mouseDown(input);
  const listbox = await screen.findByRole('listbox');
  const options = within(listbox)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
  fireEvent.keyDown(input, { key: 'Escape' });
  return options;
}

/** Picks an option of an autocomplete by typing part of its name, as a user does. */
async function pick(label: RegExp, search: string, option: string): Promise<void> {
  const input = await screen.findByRole('combobox', { name: label });
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: search } });
  fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: option }));
}

/** Waits until the code lists have been loaded into the inputs. */
async function loaded(label: RegExp, count: number): Promise<string[]> {
  let options: string[] = [];
  await waitFor(async () => {
    options = await optionsOf(label);
    expect(options).toHaveLength(count);
  });
  return options;
}

describe('ProfileAttributeInputs (registration and profile change)', () => {
  it('offers the leaf natures and every industry, code first, in Chinese', async () => {
    renderForm(<ProfileAttributeInputs />);
    expect(await loaded(/^企业性质/, 3)).toEqual(['DOM-PRI 民营企业', 'DOM-SOE 国有企业', 'FIE 外商投资企业']);
    expect(await optionsOf(/^所属行业（GB\/T 4754-2017/)).toEqual([
      'I 信息传输、软件和信息技术服务业',
      '65 软件和信息技术服务业',
      'L 租赁和商务服务业',
    ]);
    expect(await optionsOf(/^所属行业（GB\/T 4754-2002/)).toEqual([
      'G 信息传输、计算机服务和软件业',
      '61 计算机服务业',
      '62 软件业',
    ]);
    expect(screen.getByRole('switch', { name: '重点联系企业' })).toHaveProperty('checked', false);
    expect(screen.getByRole('switch', { name: '技术先进型服务企业' })).toHaveProperty('checked', false);
  });

  it('names the same choices in English', async () => {
    renderForm(<ProfileAttributeInputs />, vi.fn(), 'en');
    expect(await loaded(/^Enterprise nature/, 3)).toEqual([
      'DOM-PRI Private enterprise',
      'DOM-SOE State-owned enterprise',
      'FIE Foreign-invested enterprise',
    ]);
    expect(await optionsOf(/^Industry \(GB\/T 4754-2017/)).toHaveLength(3);
    expect(await optionsOf(/^Industry \(GB\/T 4754-2002/)).toEqual([
      'G Information, computer services and software',
      '61 Computer services',
      '62 Software',
    ]);
    screen.getByRole('switch', { name: 'Key enterprise (重点联系企业)' });
    screen.getByRole('switch', { name: 'Advanced-technology service enterprise' });
  });

  it('requires a nature and an industry, not the flags nor the GB/T 4754-2002 industry', async () => {
    const onSubmit = renderForm(<ProfileAttributeInputs />);
    await loaded(/^企业性质/, 3);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getAllByText('必填')).toHaveLength(2));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('takes a division of each classification, found by its name', async () => {
    const onSubmit = renderForm(<ProfileAttributeInputs />);
    await loaded(/^企业性质/, 3);
    await pick(/^企业性质/, '民营', 'DOM-PRI 民营企业');
    await pick(/^所属行业（GB\/T 4754-2017/, '软件和信息', '65 软件和信息技术服务业');
    await pick(/^所属行业（GB\/T 4754-2002/, '软件业', '62 软件业');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ industryCode: '65', industryCode2002: '62' });
  });
});

describe('PlacementInputs', () => {
  it("offers a firm's own change every district and city, and every zone of the region's city", async () => {
    const onSubmit = renderForm(<PlacementInputs />);
    expect(await loaded(/^注册地/, 4)).toEqual(['610100 西安市', '610400 咸阳市', '610113 雁塔区', '610403 杨陵区']);
    await pick(/^注册地/, '雁塔', '610113 雁塔区');
    expect(await optionsOf(/^所在开发区/)).toEqual(['6101Z1 西安高新技术产业开发区', '6101Z8 西咸新区']);
    await pick(/^所在开发区/, '西咸', '6101Z8 西咸新区');
    // A zone of another city is cleared with the move, not only hidden.
    await pick(/^注册地/, '杨陵', '610403 杨陵区');
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ regionCode: '610403', zoneCode: null });
  });

  it("offers a city bureau's registration only its own districts and zones", async () => {
    renderForm(<PlacementInputs territory={{ scopeKind: 'REGION', scopeCode: '610100' }} />);
    expect(await loaded(/^注册地/, 2)).toEqual(['610100 西安市', '610113 雁塔区']);
    await pick(/^注册地/, '雁塔', '610113 雁塔区');
    // 西咸新区 has a bureau of its own: Xi'an's bureau does not register its firms.
    expect(await optionsOf(/^所在开发区/)).toEqual(['6101Z1 西安高新技术产业开发区']);
  });
});
