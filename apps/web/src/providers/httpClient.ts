import { fetchUtils, HttpError } from 'react-admin';
import { apiErrorMessage } from './apiError';
import { readSession } from './session';

export type HttpClient = typeof fetchUtils.fetchJson;

/** How often a request the API refused as busy (503 SERVICE_BUSY: its connection pool was full) is sent again. */
export const BUSY_RETRIES = 3;
/** Seconds before the first retry; each later one waits twice as long (plus up to a second of jitter). */
const BUSY_FIRST_WAIT_SECONDS = 2;

const isBusy = (e: unknown) =>
  e instanceof HttpError && e.status === 503 && (e.body as { code?: string } | undefined)?.code === 'SERVICE_BUSY';

/**
 * The API answers 503 SERVICE_BUSY before it has written anything when the deadline crowd fills its pool, so the
 * same request is safe to send again after a wait; the firm sees an error only if the portal stays busy.
 */
async function retryWhenBusy<T>(send: () => Promise<T>, wait: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (e) {
      if (!isBusy(e) || attempt >= BUSY_RETRIES) throw e;
      await wait((BUSY_FIRST_WAIT_SECONDS * 2 ** attempt + Math.random()) * 1000);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * fetchJson with the bearer token, and errors re-thrown with the API's message in the current language so
 * react-admin's notifications show it as is.
 */
export function createHttpClient(getLocale: () => string, wait = sleep): HttpClient {
  return (url, options = {}) => retryWhenBusy(() => send(url, options), wait);
  async function send(url: string, options: fetchUtils.Options) {
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
  }
}

/**
 * A JSON endpoint whose answer is `T`, a response type of `@portal/shared`. The API's services are declared with
 * the same types (apps/api/test/types/response-types.ts fails the type-check when one drifts), so the body is
 * taken as `T` here, in this one place, instead of being cast at every call.
 */
export async function fetchData<T>(
  httpClient: HttpClient,
  url: string,
  options?: fetchUtils.Options,
): Promise<{ data: T }> {
  const { json }: { json: T } = await httpClient(url, options);
  return { data: json };
}
