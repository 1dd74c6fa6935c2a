import 'i18next';

import type common from '@/locales/uz/common.json';

// Uzbek is the reference language: a key missing from it is a type error wherever it is used.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { common: typeof common };
  }
}
