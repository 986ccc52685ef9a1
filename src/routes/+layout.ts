// Public pages are static HTML: prerendered, and readable without JavaScript. Small scripts in
// src/lib/client enhance search and sharing where the browser runs them.
export const prerender = true;
export const csr = false;
export const trailingSlash = 'always';
