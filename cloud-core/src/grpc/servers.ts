import {
  ArtifactServiceService,
  DialogServiceService,
  EnrollmentServiceService,
  FleetServiceService,
} from '@branchline/proto';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { CertificateAuthority, ServerKeyPair } from '../pki/index.js';

export interface GrpcServers {
  /** Ports actually bound (useful when configured as 0). */
  grpcPort: number;
  enrollPort: number;
  close(): Promise<void>;
}

export interface GrpcServices {
  enrollment: UntypedServiceImplementation;
  fleet: UntypedServiceImplementation;
  dialog: UntypedServiceImplementation;
  artifacts: UntypedServiceImplementation;
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.forceShutdown(), 3000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * Two listeners: the mTLS port refuses any client without a certificate from the fleet CA at
 * the handshake; the enrollment port is server-TLS only, because an edge has no certificate yet.
 */
export async function startGrpcServers(
  bindAddress: string,
  ports: { grpcPort: number; enrollPort: number },
  ca: CertificateAuthority,
  serving: ServerKeyPair,
  services: GrpcServices,
): Promise<GrpcServers> {
  const keyCertPairs = [
    { private_key: Buffer.from(serving.privateKeyPem), cert_chain: Buffer.from(serving.certificateChainPem) },
  ];
  const host = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;

  const mtls = new Server();
  mtls.addService(FleetServiceService, services.fleet);
  mtls.addService(DialogServiceService, services.dialog);
  mtls.addService(ArtifactServiceService, services.artifacts);
  const grpcPort = await bind(
    mtls,
    `${host}:${ports.grpcPort}`,
    ServerCredentials.createSsl(Buffer.from(ca.certificatePem), keyCertPairs, true),
  );

  const enrollment = new Server();
  enrollment.addService(EnrollmentServiceService, services.enrollment);
  const enrollPort = await bind(
    enrollment,
    `${host}:${ports.enrollPort}`,
    ServerCredentials.createSsl(null, keyCertPairs, false),
  );

  return {
    grpcPort,
    enrollPort,
    close: async () => {
      await Promise.all([shutdown(mtls), shutdown(enrollment)]);
    },
  };
}
