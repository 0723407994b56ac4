// Runs in its own process so that `NODE_OPTIONS=--tls-keylog` writes the key log exactly the way
// a real edge process would. Makes one unary call and exits 0 only if the server answered.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';

const { WIRE_TAP_TARGET, WIRE_TAP_PKI_DIR, WIRE_TAP_ASCII, WIRE_TAP_CHINESE } = process.env;
const read = (name) => readFileSync(`${WIRE_TAP_PKI_DIR}/${name}`);
const identity = (buffer) => buffer;
const Client = grpc.makeGenericClientConstructor(
  {
    say: {
      path: '/wiretap.Echo/Say',
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  },
  'Echo',
);
const credentials = grpc.credentials.createSsl(read('ca.pem'), read('client.key'), read('client.pem'));
const client = new Client(WIRE_TAP_TARGET, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
const metadata = new grpc.Metadata();
metadata.set('x-ascii-marker', WIRE_TAP_ASCII);
// gRPC metadata values outside ASCII must travel in a binary (-bin, base64) header.
metadata.set('x-name-bin', Buffer.from(WIRE_TAP_CHINESE, 'utf8'));
// The filler spreads the message over many TLS records and HTTP/2 DATA frames, past the initial
// 64 KiB flow-control window, with the markers at the far end.
const message = Buffer.from(`${'.'.repeat(200_000)}customer ${WIRE_TAP_CHINESE} ${WIRE_TAP_ASCII}`, 'utf8');
client.say(message, metadata, (error, reply) => {
  client.close();
  if (error) {
    process.stderr.write(`call failed: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(reply.toString('utf8'));
});
