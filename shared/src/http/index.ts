export { errorHandler, jsonBody, notFound } from './errors.js';
export { type PageAppOptions, pageApp } from './page-app.js';
export { signInLimit } from './sign-in-limit.js';
