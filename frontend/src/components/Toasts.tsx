import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { useToastStore, type Toast, type ToastKind } from '@/components/toastStore';

const visibleForMs = 6000;

const kindStyles: Record<ToastKind, string> = {
  error: 'border-red-300 bg-red-50 text-red-900',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  info: 'border-slate-300 bg-white text-slate-900',
};

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToastStore((state) => state.toasts);

  return (
    <section
      aria-label={t('toasts.label')}
      className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
    >
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const dismiss = useToastStore((state) => state.dismiss);

  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(toast.id), visibleForMs);
    return () => window.clearTimeout(timer);
  }, [toast.id, dismiss]);

  return (
    <div
      role={toast.kind === 'error' ? 'alert' : 'status'}
      className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border p-3 shadow-md ${kindStyles[toast.kind]}`}
    >
      <p className="flex-1 text-sm">{toast.message}</p>
      <button
        type="button"
        onClick={() => dismiss(toast.id)}
        aria-label={t('toasts.dismiss')}
        className="-m-1 rounded p-1 leading-none opacity-70 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-current"
      >
        ×
      </button>
    </div>
  );
}
