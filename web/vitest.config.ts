// Component and state unit tests for the dashboard: Vitest in jsdom, with the same SvelteKit
// plugin as the build (so $lib, $domain and runes work) and Testing Library's Svelte setup.
import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit(), svelteTesting({ autoCleanup: false })],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    // 2 shared cores: one worker is enough for a few hundred fast tests.
    maxWorkers: 1,
  },
});
