#!/usr/bin/env node
// The edge's operator CLI (agent accounts); its code is compiled TypeScript in dist/.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('branchline-edge: not built yet; run `npm run build` in the repository first.');
    process.exit(1);
  }
  throw error;
});
