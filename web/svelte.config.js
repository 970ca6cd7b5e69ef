// The owner's dashboard is a pure single-page app: the api serves web/build and falls back to
// index.html for every dashboard route, so there is no server rendering to configure.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  vitePlugin: {
    // Runes everywhere in our code; libraries in node_modules keep their own mode.
    dynamicCompileOptions: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : { runes: true }),
  },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    alias: {
      // Types (and the few constants) shared with the api live in the repository's domain/.
      $domain: '../domain',
      // The api's HTTP contract (zod schemas); the dashboard imports its types only, so zod stays out of the bundle.
      $contracts: '../contracts',
    },
  },
};

export default config;
