import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { PageMeta } from '@/components/PageMeta';
import { PageSkeleton } from '@/components/Skeleton';
import { legalVersion, type LegalDocumentName, type LegalTexts } from '@/features/legal/content/types';
import type { Language } from '@/lib/i18n';

// Each language's texts are a chunk of their own, loaded only when a legal page is opened.
const loaders: Record<Language, () => Promise<{ texts: LegalTexts }>> = {
  uz: () => import('@/features/legal/content/uz'),
  ru: () => import('@/features/legal/content/ru'),
  en: () => import('@/features/legal/content/en'),
};

export function LegalPage({ document }: { document: LegalDocumentName }) {
  const { t, i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? 'uz') as Language;
  const texts = useQuery({
    queryKey: ['legal', language],
    queryFn: async () => (await loaders[language]()).texts,
    staleTime: Infinity,
  });

  if (!texts.data) return <PageSkeleton />;
  const content = texts.data[document];
  return (
    <article className="mx-auto max-w-3xl rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
      <PageMeta title={content.title} description={content.summary} />
      <h1 className="text-2xl font-bold">{content.title}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('legal.version', legalVersion)}</p>
      <p className="mt-4 text-slate-800">{content.summary}</p>
      {content.sections.map((section) => (
        <section key={section.heading} className="mt-6">
          <h2 className="text-lg font-semibold">{section.heading}</h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph.slice(0, 40)} className="mt-2 leading-relaxed text-slate-800">
              {paragraph}
            </p>
          ))}
        </section>
      ))}
      <nav aria-label={t('legal.other')} className="mt-8 flex flex-wrap gap-4 border-t border-slate-200 pt-4 text-sm">
        {(['privacy', 'terms', 'disclaimer'] as const)
          .filter((name) => name !== document)
          .map((name) => (
            <Link key={name} to={`/legal/${name}`} className="font-medium text-brand-700 hover:underline">
              {t(`legal.${name}`)}
            </Link>
          ))}
      </nav>
    </article>
  );
}
