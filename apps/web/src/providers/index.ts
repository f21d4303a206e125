import { createI18nProvider } from '../i18n/i18nProvider';
import { createAuthProvider } from './authProvider';
import { createDataProvider } from './dataProvider';
import { createHttpClient } from './httpClient';

/** The providers share the current locale, so API errors come back in the language on screen. */
export function createProviders() {
  const i18nProvider = createI18nProvider();
  const getLocale = () => i18nProvider.getLocale();
  const httpClient = createHttpClient(getLocale);
  return {
    i18nProvider,
    authProvider: createAuthProvider(httpClient, getLocale),
    dataProvider: createDataProvider(httpClient, getLocale),
  };
}
