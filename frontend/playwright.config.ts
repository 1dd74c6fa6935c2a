import { defineConfig, devices } from '@playwright/test';

// Run through e2e/run.sh, which builds the SPA, starts the real backend on a fresh database and
// sets E2E_BASE_URL. The browser is the system Chromium (FRONTEND.md): no browser is downloaded.
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000';
const outputDir = new URL('../tests/e2e/output/', import.meta.url).pathname;

const launchOptions = {
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  outputDir: `${outputDir}results`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./e2e/skipReasons.ts'], ['html', { outputFolder: `${outputDir}report`, open: 'never' }]],
  use: {
    baseURL,
    locale: 'uz-UZ',
    timezoneId: 'Asia/Tashkent',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions }, grep: /@phone/ },
  ],
});
