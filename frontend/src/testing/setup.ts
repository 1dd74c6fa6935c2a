import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';

import { useToastStore } from '@/components/toastStore';
import { useAuthStore } from '@/lib/auth';
import i18n from '@/lib/i18n';
import { server } from '@/testing/server';

// Screens load lazily and the test machines are shared: give `findBy…`/`waitFor` more than the
// default second before a slow render counts as a failure.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(async () => {
  cleanup();
  server.resetHandlers();
  useAuthStore.setState({ accessToken: null, refreshToken: null });
  useToastStore.setState({ toasts: [] });
  await i18n.changeLanguage('uz');
  localStorage.clear();
});

afterAll(() => server.close());
