// The waiting alert's sound, generated with Web Audio (no audio file): two short tones.
// Browsers start audio only after a gesture on the page: `unlock()` is called on the first one.

type AudioContextConstructor = new () => AudioContext;

export class Beeper {
  private context: AudioContext | null = null;

  private audio(): AudioContext | null {
    if (this.context !== null) return this.context;
    const Constructor: AudioContextConstructor | undefined =
      typeof window === 'undefined' ? undefined : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext);
    if (Constructor === undefined) return null;
    try {
      this.context = new Constructor();
    } catch {
      return null;
    }
    return this.context;
  }

  private resume(context: AudioContext): void {
    if (context.state === 'suspended') context.resume().catch(() => undefined);
  }

  /** After a click or key press: lets later beeps be heard. */
  unlock(): void {
    const context = this.audio();
    if (context !== null) this.resume(context);
  }

  beep(): void {
    const context = this.audio();
    if (context === null) return;
    this.resume(context);
    const start = context.currentTime + 0.02;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.22);
    }
  }

  close(): void {
    this.context?.close().catch(() => undefined);
    this.context = null;
  }
}
