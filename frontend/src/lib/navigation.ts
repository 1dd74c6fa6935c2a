/** Leaves the SPA for another site (a payment provider's page): one place tests can replace. */
export function leaveTo(url: string) {
  window.location.assign(url);
}
