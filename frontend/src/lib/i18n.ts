import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import en from '@/locales/en/common.json';
import ru from '@/locales/ru/common.json';
import uz from '@/locales/uz/common.json';

export const languages = ['uz', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];

const defaultLanguage: Language = 'uz';
const storageKey = 'dorixona.language';

function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}

function savedLanguage(): Language {
  const saved = localStorage.getItem(storageKey);
  return isLanguage(saved) ? saved : defaultLanguage;
}

i18n.on('languageChanged', (language) => {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: {
    uz: { common: uz },
    ru: { common: ru },
    en: { common: en },
  },
  lng: savedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: languages,
  defaultNS: 'common',
  ns: ['common'],
  // Resources are bundled, so initialisation can finish before the first render.
  initAsync: false,
  interpolation: { escapeValue: false },
});

export default i18n;
