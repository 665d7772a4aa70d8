/** An ARI error response: Asterisk answers `{"message": "..."}` with the status code. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AriError';
  }
}

export const notFound = (message: string): AriError => new AriError(404, message);
export const conflict = (message: string): AriError => new AriError(409, message);
export const badRequest = (message: string): AriError => new AriError(400, message);
export const unprocessable = (message: string): AriError => new AriError(422, message);
export const preconditionFailed = (message: string): AriError => new AriError(412, message);
export const internalError = (message: string): AriError => new AriError(500, message);
