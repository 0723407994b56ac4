// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the reflect polyfill
// loaded first; every use of x509 goes through this module so that order always holds.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// x509 signs through WebCrypto; Node's implementation is the one to use.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
