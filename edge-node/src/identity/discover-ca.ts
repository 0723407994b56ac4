import { createHash, X509Certificate } from 'node:crypto';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { BranchlineError } from '@branchline/shared';

/**
 * Finds the core CA certificate whose sha256 the enrollment token pins, in the chain the
 * enrollment port presents. The handshake here verifies nothing by itself; the pin does: only
 * the CA with that exact hash is returned, and the real gRPC call then verifies the server
 * against it.
 */
export function discoverPinnedCa(
  host: string,
  port: number,
  tlsName: string,
  fingerprint: string,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: tlsName,
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
      timeout: timeoutMs,
    });
    const fail = (message: string) => {
      socket.destroy();
      reject(new BranchlineError('unavailable', message, true));
    };
    socket.once('timeout', () => fail(`no answer from the core's enrollment port ${host}:${port}`));
    socket.once('error', (error) =>
      fail(`cannot reach the core's enrollment port ${host}:${port}: ${error.message}`),
    );
    socket.once('secureConnect', () => {
      let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        if (createHash('sha256').update(cert.raw).digest('hex') === fingerprint) {
          socket.end();
          resolve(new X509Certificate(cert.raw).toString());
          return;
        }
        cert = cert.issuerCertificate;
      }
      socket.destroy();
      reject(
        new BranchlineError(
          'unauthenticated',
          `the server at ${host}:${port} does not present the CA this token pins: is BRANCHLINE_CORE_ENROLL the right core?`,
        ),
      );
    });
  });
}
