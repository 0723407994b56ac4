export { errorHandler, jsonBody, notFound } from './errors.js';
