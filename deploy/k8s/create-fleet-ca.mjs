#!/usr/bin/env node
// Creates the fleet CA once, for core replicas that load it from the Secret branchline-core-ca
// (deploy/k8s/20-cloud-core.yaml). Run it after `npm run build`, on a trusted machine:
//   node deploy/k8s/create-fleet-ca.mjs ./fleet-ca
// or from the image:
//   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD/fleet-ca:/ca" branchline:dev \
//     node deploy/k8s/create-fleet-ca.mjs /ca
// It calls the core's own loader (cloud-core/src/pki), so the CA is the one a core would create
// on its first start; a CA already in the folder is loaded and kept, never replaced.
import { createLogger } from '@branchline/shared';
import { loadOrCreateCa } from '../../cloud-core/dist/pki/index.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node deploy/k8s/create-fleet-ca.mjs DIR');
  process.exit(2);
}
const ca = await loadOrCreateCa(dir, createLogger('fleet-ca', { level: 'warn' }));
process.stdout.write(
  [
    `fleet CA in ${dir}, sha256 ${ca.fingerprint}`,
    'store it in the cluster, then keep the key file only in a safe backup:',
    `  kubectl -n branchline create secret generic branchline-core-ca \\`,
    `    --from-file=ca.key.pem=${dir}/ca.key.pem --from-file=ca.cert.pem=${dir}/ca.cert.pem`,
    '',
  ].join('\n'),
);
