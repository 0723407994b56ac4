#!/usr/bin/env node
// The operator CLI; its code is compiled TypeScript in dist/ (`npm run build`, or `npm start`/`npm test`).
import('../dist/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('branchline: not built yet; run `npm run build` in the repository first.');
    process.exit(1);
  }
  throw error;
});
