export { type CoreAppDeps, createCoreApp } from './app.js';
