const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700';

/** The look of the main call to action, shared by buttons and links that act as buttons. */
export const primaryButtonClass = `rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

/** A secondary action next to a primary one. */
export const secondaryButtonClass = `rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

/** A destructive action (cancel an order, delete an account). */
export const dangerButtonClass = `rounded-lg bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700`;

/** Text inputs, selects and text areas. */
export const inputClass =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 placeholder:text-slate-400 focus:border-brand-700 focus:outline-2 focus:outline-brand-700/30 aria-invalid:border-red-600';

export const linkClass = 'font-medium text-brand-700 underline-offset-2 hover:underline';
