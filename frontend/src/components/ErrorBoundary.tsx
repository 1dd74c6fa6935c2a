import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { primaryButtonClass } from '@/components/buttonStyles';

/** What the user sees when rendering failed: an apology and a way out. */
export function ErrorFallback() {
  const { t } = useTranslation();
  return (
    <div role="alert" className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-xl font-semibold text-slate-900">{t('errorBoundary.title')}</h1>
      <p className="mt-2 text-slate-600">{t('errorBoundary.description')}</p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className={`mt-6 ${primaryButtonClass}`}
      >
        {t('errorBoundary.reload')}
      </button>
    </div>
  );
}

interface ErrorBoundaryState {
  hasError: boolean;
}

/**
 * Catches render errors outside the router; errors inside routes are caught by the router's
 * `errorElement`, which shows the same fallback.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  state: ErrorBoundaryState = { hasError: false };

  static getDerivedStateFromError(): ErrorBoundaryState {
    return { hasError: true };
  }

  render() {
    return this.state.hasError ? <ErrorFallback /> : this.props.children;
  }
}
