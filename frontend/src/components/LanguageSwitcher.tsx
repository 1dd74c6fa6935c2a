import { useTranslation } from 'react-i18next';

import { languages, type Language } from '@/lib/i18n';

const labels: Record<Language, { short: string; name: string }> = {
  uz: { short: 'UZ', name: "O'zbekcha" },
  ru: { short: 'RU', name: 'Русский' },
  en: { short: 'EN', name: 'English' },
};

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();

  return (
    <div role="group" aria-label={t('language.label')} className="flex rounded-lg border border-slate-200 p-0.5">
      {languages.map((language) => {
        const isActive = i18n.resolvedLanguage === language;
        return (
          <button
            key={language}
            type="button"
            lang={language}
            aria-label={labels[language].name}
            aria-pressed={isActive}
            onClick={() => void i18n.changeLanguage(language)}
            className={`min-w-10 rounded-md px-2 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-700 ${
              isActive ? 'bg-brand-700 text-white' : 'text-slate-700 hover:bg-slate-100'
            }`}
          >
            {labels[language].short}
          </button>
        );
      })}
    </div>
  );
}
