export { type ConnectionPlaintext, capturedPlaintext } from './captured-plaintext.js';
export { WireTapError } from './errors.js';
export { decodeHttp2ClientStream, type Http2ClientStream } from './http2-decode.js';
export { startWireTap, type TappedConnection, type WireTap } from './tap.js';
export { decryptTls13ClientData } from './tls13-decrypt.js';
