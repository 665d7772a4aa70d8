import { solve } from './sha256.js';

/** The proof-of-work off the page's thread: { challenge, bits } in, { nonce } out (about 2^bits hashes). */
interface Job {
  challenge: string;
  bits: number;
}
const scope = self as unknown as { onmessage: ((event: MessageEvent<Job>) => void) | null; postMessage(data: { nonce: string }): void };
scope.onmessage = (event) => {
  scope.postMessage({ nonce: solve(event.data.challenge, event.data.bits) });
};
