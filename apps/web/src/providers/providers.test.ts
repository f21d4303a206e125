import { describe, expect, it } from 'vitest';
import { canAccessResource } from './access';
import { apiErrorMessage } from './apiError';

describe('apiErrorMessage', () => {
  const body = {
    statusCode: 401,
    code: 'BAD_CREDENTIALS',
    message_zh: '用户名或密码错误',
    message_en: 'Wrong username or password',
  };

  it('picks the message of the current language', () => {
    expect(apiErrorMessage(body, 'zh-CN', 'fallback')).toBe('用户名或密码错误');
    expect(apiErrorMessage(body, 'en', 'fallback')).toBe('Wrong username or password');
  });

  it('falls back when the body is not an API error', () => {
    expect(apiErrorMessage('<html>Bad gateway</html>', 'zh-CN', 'ra.notification.http_error')).toBe(
      'ra.notification.http_error',
    );
    expect(apiErrorMessage(undefined, 'en', 'x')).toBe('x');
  });
});

describe('canAccessResource', () => {
  it('lets readers list code lists but only writers edit them', () => {
    expect(canAccessResource(['codes.read'], 'regions', 'list')).toBe(true);
    expect(canAccessResource(['codes.read'], 'regions', 'edit')).toBe(false);
    expect(canAccessResource(['codes.read', 'codes.write'], 'regions', 'edit')).toBe(true);
  });

  it('keeps read-only resources read-only and unknown resources closed', () => {
    expect(canAccessResource(['enterprises.read'], 'enterprises', 'show')).toBe(true);
    expect(canAccessResource(['enterprises.read'], 'enterprises', 'edit')).toBe(false);
    expect(canAccessResource(['audit.read'], 'audit', 'delete')).toBe(false);
    expect(canAccessResource(['users.manage'], 'nonexistent', 'list')).toBe(false);
  });

  it('offers no stock delete: the API has none, and retiring a code is its own action', () => {
    expect(canAccessResource(['users.manage'], 'users', 'delete')).toBe(false);
    expect(canAccessResource(['codes.read', 'codes.write'], 'regions', 'delete')).toBe(false);
  });
});
