import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In production the api serves web/build on the same origin; in dev this server proxies to it.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const port = Number(process.env.WEB_PORT ?? 5173);

const proxy = {
  '/api': { target: apiUrl, changeOrigin: true },
  '/socket.io': { target: apiUrl, changeOrigin: true, ws: true },
};

export default defineConfig({
  plugins: [sveltekit()],
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
});
