import { createConnection, createServer, type Socket } from 'node:net';

export interface TappedConnection {
  /** 1-based, in the order the client connected. */
  id: number;
  /** Chunks as read from each side, in arrival order. */
  clientToServer: Buffer[];
  serverToClient: Buffer[];
}

export interface WireTap {
  port: number;
  connections(): TappedConnection[];
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 that forwards to the target and keeps every byte it relays. */
export async function startWireTap(target: { host: string; port: number }): Promise<WireTap> {
  const recorded: TappedConnection[] = [];
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
    upstream.on('data', (chunk: Buffer) => connection.serverToClient.push(Buffer.from(chunk)));
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
