import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zh } from './zh';

/** Every leaf of a message tree as a dotted path → text. */
function leaves(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [p, v] of leaves(value, path)) out.set(p, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const placeholders = (text: string) => new Set([...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]));

describe('Chinese messages', () => {
  const enLeaves = leaves(en);
  const zhLeaves = leaves(zh);

  it('translate every key of the English messages, react-admin and portal alike, and no other', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
  });

  it('are all non-empty text (react-admin null boolean excepted)', () => {
    for (const [path, text] of zhLeaves) {
      expect(typeof text, path).toBe('string');
      if (path !== 'ra.boolean.null') expect((text as string).trim(), path).not.toBe('');
    }
  });

  it('use only placeholders the English message defines', () => {
    for (const [path, text] of zhLeaves) {
      const allowed = placeholders(String(enLeaves.get(path)));
      for (const name of placeholders(String(text))) expect(allowed.has(name), `${path}: %{${name}}`).toBe(true);
    }
  });

  it('name the menu entries in Chinese', () => {
    expect(zh.app.menu.my_enterprise).toBe('本企业');
    expect(zh.resources.enterprises.name).toBe('企业');
    expect(zh.resources['partner-groups'].name).toBe('国别组');
    expect(zh.resources.users.name).toBe('用户');
    expect(zh.resources.audit.name).toBe('审计日志');
    expect(zh.app.menu.queues).toBe('队列监控');
  });
});
