import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from './en';
import { zh } from './zh';

export const LOCALES = [
  { locale: 'zh-CN', name: '中文' },
  { locale: 'en', name: 'English' },
] as const;
type Locale = (typeof LOCALES)[number]['locale'];

const STORAGE_KEY = 'portal.locale';
const DEFAULT_LOCALE: Locale = 'zh-CN';

function isLocale(value: string | null): value is Locale {
  return LOCALES.some((l) => l.locale === value);
}

/**
 * The choice is kept under its own key because react-admin clears its store at logout, and a user who chose
 * English should still get English on the login page. The portal is Chinese whatever the browser asks for.
 */
function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

export function createI18nProvider() {
  const locale = initialLocale();
  document.documentElement.lang = locale;
  const provider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale, [...LOCALES]);
  return {
    ...provider,
    changeLocale(next: string) {
      if (isLocale(next)) {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next;
      }
      return provider.changeLocale(next);
    },
  };
}
