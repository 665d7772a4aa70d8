import { useEffect } from 'react';

/**
 * The cue of an incoming call: a two-tone ring every 2 s (Web Audio, no sound file) and the tab's title blinking,
 * until the call is answered or gone. Browsers play sound only after the person has clicked on the page: the state
 * controls call `unlockRingCue()` on every click.
 */
let audio: AudioContext | undefined;

export function unlockRingCue(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = undefined; // no audio output: the visual cue remains
  }
}

function ringOnce(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.25, 660],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.24);
  }
}

export function useRingCue(ringing: boolean, titleText: string): void {
  useEffect(() => {
    if (!ringing) return;
    const original = document.title;
    let flip = false;
    ringOnce();
    const timer = window.setInterval(() => {
      flip = !flip;
      document.title = flip ? `🔔 ${titleText}` : original;
      if (flip) ringOnce();
    }, 1_000);
    return () => {
      window.clearInterval(timer);
      document.title = original;
    };
  }, [ringing, titleText]);
}
