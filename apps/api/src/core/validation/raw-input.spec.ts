import { jsonDeeperThan, undecodableField } from './raw-input';

const deeper = (text: string, max: number) => jsonDeeperThan(Buffer.from(text), max);

describe('jsonDeeperThan', () => {
  it('counts the nesting of objects and arrays', () => {
    expect(deeper('{"a":[1,{"b":[2]}]}', 4)).toBe(false);
    expect(deeper('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(deeper('['.repeat(50_000) + ']'.repeat(50_000), 32)).toBe(true);
    expect(deeper('[[],[],[],[]]', 2)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    expect(deeper('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(deeper('{"a":"\\"[[[["}', 1)).toBe(false);
    expect(deeper('{"a":"\\\\","b":[[[1]]]}', 3)).toBe(true);
    expect(deeper('{"a":"\\\\\\"[[","b":1}', 1)).toBe(false);
    expect(deeper('{"名":"西安[","b":[1]}', 2)).toBe(false);
  });

  it('leaves unterminated text to the parser', () => {
    expect(deeper('{"a":"[[[[', 1)).toBe(false);
  });
});

describe('undecodableField', () => {
  it('names the first field whose percent-encoding is not UTF-8', () => {
    expect(undecodableField('a=1&b=%E8%A5%BF&c=x+y')).toBeNull();
    expect(undecodableField('a=1&filter=%ED%A0%80')).toBe('filter');
    expect(undecodableField('a=1&%FF=2')).toBe('%FF');
    expect(undecodableField('bad%=1')).toBe('bad%');
  });
});
