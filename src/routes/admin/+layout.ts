// The dashboard is dynamic: never prerendered, rendered on the server for the signed-in user. Every
// form works without JavaScript; where the browser runs it, JavaScript adds live counts and previews.
export const prerender = false;
export const csr = true;
