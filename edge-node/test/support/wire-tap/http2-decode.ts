import { createServer, type IncomingHttpHeaders } from 'node:http2';
import { Duplex } from 'node:stream';

const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const frameType = { data: 0 } as const;
const padded = 0x8;

export interface Http2ClientStream {
  /** `name: value` for every request header field, in the order the streams opened. */
  headers: string[];
  /** DATA frame payloads (padding removed) of all streams, in wire order. */
  data: Buffer;
}

/**
 * Splits off DATA frames by hand and hands every other frame to a real `node:http2` server, which
 * does the HPACK (dynamic table, Huffman). Withholding DATA means this server's flow-control
 * windows, which differ from the real peer's, can never reject what the client legitimately sent.
 */
function splitFrames(bytes: Buffer): { control: Buffer[]; data: Buffer[] } {
  const control: Buffer[] = [preface];
  const data: Buffer[] = [];
  let offset = preface.length;
  while (offset + 9 <= bytes.length) {
    const length = bytes.readUIntBE(offset, 3);
    const end = offset + 9 + length;
    if (end > bytes.length) break;
    if (bytes[offset + 3] === frameType.data) {
      const flags = bytes[offset + 4] ?? 0;
      const padLength = flags & padded ? (bytes[offset + 9] ?? 0) : 0;
      data.push(bytes.subarray(offset + 9 + (flags & padded ? 1 : 0), end - padLength));
    } else {
      control.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  return { control, data };
}

// gRPC sends binary metadata (`-bin` keys) base64-encoded; decoded, personal data is searchable.
function headerLines(headers: IncomingHttpHeaders): string[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    [value ?? []]
      .flat()
      .map((v) => `${name}: ${name.endsWith('-bin') ? Buffer.from(v, 'base64').toString('utf8') : v}`),
  );
}

/** Decodes the client half of a cleartext HTTP/2 connection, starting at the connection preface. */
export async function decodeHttp2ClientStream(plaintext: Buffer): Promise<Http2ClientStream> {
  if (!plaintext.subarray(0, preface.length).equals(preface)) {
    throw new Error('the plaintext does not start with the HTTP/2 connection preface');
  }
  const { control, data } = splitFrames(plaintext);
  const headers: string[] = [];
  const server = createServer();
  server.on('stream', (stream, streamHeaders) => {
    stream.on('error', () => {});
    stream.on('trailers', (trailers: IncomingHttpHeaders) => headers.push(...headerLines(trailers)));
    headers.push(...headerLines(streamHeaders));
  });
  // Whatever the server answers goes nowhere: only the client's side is being read.
  const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
  await new Promise<void>((resolve, reject) => {
    server.on('session', (session) => {
      session.on('error', reject);
      session.on('close', resolve);
    });
    server.emit('connection', socket);
    for (const frame of control) socket.push(frame);
    socket.push(null);
  });
  return { headers, data: Buffer.concat(data) };
}
