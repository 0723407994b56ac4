/** Raised when captured bytes cannot be turned into plaintext; names the connection and the gap. */
export class WireTapError extends Error {
  override name = 'WireTapError';
  constructor(
    readonly connectionId: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`connection ${connectionId}: ${message}`, options);
  }
}
