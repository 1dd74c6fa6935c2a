/** The look of the main call to action, shared by buttons and links that act as buttons. */
export const primaryButtonClass =
  'rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700';
