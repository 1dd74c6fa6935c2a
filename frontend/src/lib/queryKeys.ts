/**
 * Query keys of server state that more than one feature reads or changes. A feature that changes
 * the cart (adding from the catalog, reordering an old order) invalidates the same key the cart
 * screen and the header read, without importing the cart feature.
 */
export const queryKeys = {
  me: ['me'] as const,
  cart: ['cart'] as const,
  addresses: ['addresses'] as const,
  orders: ['orders'] as const,
  prescriptions: ['prescriptions'] as const,
  notifications: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
};
