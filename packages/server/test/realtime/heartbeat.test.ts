import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatWheel } from '../../src/realtime/heartbeat.js';

interface Member {
  name: string;
  heartbeatSlot: number;
}
const member = (name: string): Member => ({ name, heartbeatSlot: -1 });

describe('HeartbeatWheel', () => {
  afterEach(() => vi.useRealTimers());

  it('visits every member once per period, a slice per tick, never all at once', () => {
    const visits: string[][] = [];
    let tick: string[] = [];
    const wheel = new HeartbeatWheel<Member>(1000, 10, (m) => tick.push(m.name));
    const members = Array.from({ length: 95 }, (_, i) => member(`m${i}`));
    for (const m of members) wheel.add(m);
    expect(wheel.size).toBe(95);
    for (let t = 0; t < 20; t += 1) {
      tick = [];
      wheel.tick();
      visits.push(tick);
    }
    // Each tick visits one slice: 95 members over 10 slots is 9 or 10 per tick.
    for (const v of visits) expect(v.length === 9 || v.length === 10).toBe(true);
    // Over one period (10 ticks) each member is visited exactly once; over two, exactly twice.
    const firstPeriod = visits.slice(0, 10).flat();
    expect(new Set(firstPeriod).size).toBe(95);
    expect(firstPeriod).toHaveLength(95);
    // A member comes back in the same slice: one period between its visits.
    expect(visits.slice(10, 20)).toEqual(visits.slice(0, 10));
  });

  it('no longer visits a removed member, and takes it back only once', () => {
    const seen: string[] = [];
    const wheel = new HeartbeatWheel<Member>(1000, 4, (m) => seen.push(m.name));
    const [a, b, c] = [member('a'), member('b'), member('c')];
    for (const m of [a, b, c]) wheel.add(m);
    wheel.add(a); // already on the wheel: nothing changes
    wheel.remove(b);
    wheel.remove(b);
    expect(b.heartbeatSlot).toBe(-1);
    for (let t = 0; t < 8; t += 1) wheel.tick();
    expect(seen.sort()).toEqual(['a', 'a', 'c', 'c']);
    expect(wheel.size).toBe(2);
  });

  it('lets a visit remove the member it visits (a peer that missed its pong is terminated)', () => {
    const wheel = new HeartbeatWheel<Member>(1000, 1, (m) => wheel.remove(m));
    const members = [member('a'), member('b'), member('c')];
    for (const m of members) wheel.add(m);
    wheel.tick();
    expect(wheel.size).toBe(0);
  });

  it('tells each visit when its slice was last checked', () => {
    let now = 1_000;
    const since: number[] = [];
    const wheel = new HeartbeatWheel<Member>(300, 3, (_, s) => since.push(s), () => now);
    for (const name of ['a', 'b', 'c']) wheel.add(member(name));
    for (let t = 0; t < 6; t += 1) {
      now += 100;
      wheel.tick();
    }
    // First round: the wheel's start; second round: that slice's previous tick.
    expect(since).toEqual([1_000, 1_000, 1_000, 1_100, 1_200, 1_300]);
  });

  it('ticks on its own once started, one slice per period / slots, until stopped', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const wheel = new HeartbeatWheel<Member>(30_000, 300, (m) => seen.push(m.name));
    for (let i = 0; i < 600; i += 1) wheel.add(member(`m${i}`));
    wheel.start();
    vi.advanceTimersByTime(100);
    expect(seen).toHaveLength(2);
    vi.advanceTimersByTime(29_900);
    expect(seen).toHaveLength(600);
    wheel.stop();
    vi.advanceTimersByTime(60_000);
    expect(seen).toHaveLength(600);
  });

  it('refuses a wheel without slots', () => {
    expect(() => new HeartbeatWheel<Member>(1000, 0, () => {})).toThrow(RangeError);
  });
});
