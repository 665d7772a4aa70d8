/// <reference lib="dom" />
/**
 * What the `web` scenario injects into the page before the app's scripts run (Playwright `addInitScript`, through the
 * DevTools protocol: the page's CSP stays on and the app is not changed). It wraps `WebSocket` so that a listener of
 * its own sees every socket.io frame first (before engine.io's `onmessage`), stamps the arrival with
 * `performance.now()`, and ends each measurement after the next paint that follows the DOM change:
 *
 * - `screen_pop.v1`: arrival → the pop (`[data-testid=pop-number]`) shows this call's number → the frame after it is
 *   painted (requestAnimationFrame, then a MessageChannel message, which runs once that frame is presented);
 * - `wallboard.delta.v1`: arrival → the first DOM mutation after it (`deltaApplied`) → the frame after it is
 *   painted (`delta`).
 *
 * Samples go to `window.__webBench` (read with page.evaluate). The function is serialised into the page: it may use
 * nothing from this module.
 */
export interface PageSamples {
  pop: number[];
  delta: number[];
  /** Delta arrival → the DOM changed (React committed), without waiting for the frame. */
  deltaApplied: number[];
  /** Pops never painted within 3 s (the call may have gone already), deltas that changed nothing within 1 s. */
  popMissed: number;
  deltaNoChange: number;
  frames: number;
}

export function installPageProbe(): void {
  const samples: PageSamples = { pop: [], delta: [], deltaApplied: [], popMissed: 0, deltaNoChange: 0, frames: 0 };
  (window as unknown as { __webBench: PageSamples }).__webBench = samples;

  const afterPaint = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });

  // Pops waiting for their number on screen; deltas waiting for a DOM change.
  const pops: Array<{ t0: number; digits: string }> = [];
  const deltas: number[] = [];

  const popShown = (digits: string) => {
    const shown = document.querySelector('[data-testid="pop-number"]')?.textContent?.replace(/\D/g, '') ?? '';
    // The desk may write 0987… as +84 987…: the last 7 digits are the same.
    return shown.length > 0 && shown.slice(-7) === digits.slice(-7);
  };

  const check = () => {
    const now = performance.now();
    for (let i = pops.length - 1; i >= 0; i -= 1) {
      const pending = pops[i];
      if (!pending) continue;
      if (popShown(pending.digits)) {
        pops.splice(i, 1);
        afterPaint((at) => samples.pop.push(at - pending.t0));
      } else if (now - pending.t0 > 3_000) {
        pops.splice(i, 1);
        samples.popMissed += 1;
      }
    }
  };

  const observer = new MutationObserver(() => {
    check();
    if (deltas.length > 0) {
      const started = deltas.splice(0);
      const changed = performance.now();
      for (const t0 of started) samples.deltaApplied.push(changed - t0);
      afterPaint((at) => {
        for (const t0 of started) samples.delta.push(at - t0);
      });
    }
  });
  const observe = () => observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) observe();
  else document.addEventListener('DOMContentLoaded', observe);
  // Pending measurements that never see their change are counted, not left to end on some later change.
  window.setInterval(() => {
    check();
    const now = performance.now();
    while (deltas.length > 0 && now - (deltas[0] ?? now) > 1_000) {
      deltas.shift();
      samples.deltaNoChange += 1;
    }
  }, 250);
  const countFrames = () => {
    samples.frames += 1;
    requestAnimationFrame(countFrames);
  };
  requestAnimationFrame(countFrames);

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    const t0 = performance.now();
    if (data.includes('"screen_pop.v1"')) {
      try {
        const [, pop] = JSON.parse(data.slice(data.indexOf('['))) as [string, { callerNumber?: string }];
        pops.push({ t0, digits: String(pop.callerNumber ?? '').replace(/\D/g, '') });
      } catch {
        // not a frame of ours
      }
    } else if (data.includes('"wallboard.delta.v1"')) {
      deltas.push(t0);
    }
  };

  const Native = window.WebSocket;
  class ProbedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Added before engine.io sets onmessage: this listener runs first, at the frame's arrival.
      this.addEventListener('message', (event: MessageEvent) => onFrame(event.data));
    }
  }
  window.WebSocket = ProbedWebSocket;
}
