import { fetchUtils, HttpError } from 'react-admin';
import { apiErrorMessage } from './apiError';
import { readSession } from './session';

export type HttpClient = typeof fetchUtils.fetchJson;

/**
 * fetchJson with the bearer token, and errors re-thrown with the API's message in the current language so
 * react-admin's notifications show it as is.
 */
export function createHttpClient(getLocale: () => string): HttpClient {
  return async (url, options = {}) => {
    const headers = new Headers(options.headers ?? { Accept: 'application/json' });
    const token = readSession()?.accessToken;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetchUtils.fetchJson(url, { ...options, headers });
    } catch (error) {
      if (error instanceof HttpError) {
        throw new HttpError(apiErrorMessage(error.body, getLocale(), error.message), error.status, error.body);
      }
      throw error;
    }
  };
}
