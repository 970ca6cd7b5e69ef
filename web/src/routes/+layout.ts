// A pure single-page app: the owner's token lives in the browser, so nothing can render on a server.
export const ssr = false;
export const prerender = false;
