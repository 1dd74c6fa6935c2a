import { create } from 'zustand';

// The access token lives only in memory so a script injected into the page cannot read it from
// storage; the refresh token is kept so a reload can obtain a new access token.
const refreshTokenKey = 'dorixona.refresh';

export interface TokenPair {
  access: string;
  /** Present when the backend rotates refresh tokens. */
  refresh?: string;
}

interface AuthState {
  accessToken: string | null;
  refreshToken: string | null;
  setTokens: (tokens: TokenPair) => void;
  logout: () => void;
}

export const useAuthStore = create<AuthState>()((set) => ({
  accessToken: null,
  refreshToken: localStorage.getItem(refreshTokenKey),
  setTokens: ({ access, refresh }) => {
    if (refresh) localStorage.setItem(refreshTokenKey, refresh);
    set((state) => ({ accessToken: access, refreshToken: refresh ?? state.refreshToken }));
  },
  logout: () => {
    localStorage.removeItem(refreshTokenKey);
    set({ accessToken: null, refreshToken: null });
  },
}));

// Another tab that refreshed has rotated the refresh token, which makes this tab's copy worthless;
// another tab that logged out has logged this one out too.
window.addEventListener('storage', (event) => {
  if (event.key !== refreshTokenKey && event.key !== null) return;
  const refreshToken = localStorage.getItem(refreshTokenKey);
  useAuthStore.setState(refreshToken ? { refreshToken } : { accessToken: null, refreshToken: null });
});
