import { createConnection, createServer, type Socket } from 'node:net';

export interface TappedConnection {
  /** 1-based, in the order the client connected. */
  id: number;
  /** Chunks as read from each side, in arrival order. */
  clientToServer: Buffer[];
  serverToClient: Buffer[];
  /** Whether the tap cut this connection (see `cutAfterServerBytes`). */
  cut?: boolean;
}

export interface WireTap {
  port: number;
  connections(): TappedConnection[];
  close(): Promise<void>;
}

export interface WireTapOptions {
  /**
   * Cut the first connection that relays more than this many bytes from the server, as a WAN
   * drop would: both sockets are destroyed mid-stream. Once; later connections pass whole.
   */
  cutAfterServerBytes?: number;
}

/** A TCP proxy on 127.0.0.1 that forwards to the target and keeps every byte it relays. */
export async function startWireTap(
  target: { host: string; port: number },
  options: WireTapOptions = {},
): Promise<WireTap> {
  const recorded: TappedConnection[] = [];
  let cutPending = options.cutAfterServerBytes !== undefined;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset on either side just ends the pair; the recording is what matters.
    socket.on('error', () => socket.destroy());
  };

  const server = createServer((client) => {
    const connection: TappedConnection = { id: recorded.length + 1, clientToServer: [], serverToClient: [] };
    recorded.push(connection);
    const upstream = createConnection({ host: target.host, port: target.port });
    track(client);
    track(upstream);
    // Record as bytes pass, not on the way out: the copy must be exactly what went over the wire.
    client.on('data', (chunk: Buffer) => connection.clientToServer.push(Buffer.from(chunk)));
    let relayed = 0;
    upstream.on('data', (chunk: Buffer) => {
      relayed += chunk.length;
      if (cutPending && relayed > (options.cutAfterServerBytes ?? 0)) {
        cutPending = false;
        connection.cut = true;
        upstream.unpipe(client);
        client.destroy();
        upstream.destroy();
        return;
      }
      connection.serverToClient.push(Buffer.from(chunk));
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('wire tap has no TCP address');

  return {
    port: address.port,
    connections: () => [...recorded],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
