import { describe, expect, it } from 'vitest';
import { FixedClock } from '../testing/fakes.js';
import { GrowingDelayThrottle } from './growing-delay-throttle.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A throttle with its default options and a clock that only moves when told to. */
function setup() {
  const clock = new FixedClock();
  const throttle = new GrowingDelayThrottle();
  const fail = (key: string, times = 1) => {
    for (let i = 0; i < times; i++) throttle.recordFailure([key], clock.now());
  };
  const wait = (...keys: string[]) => throttle.retryAfterMs(keys, clock.now());
  return { clock, throttle, fail, wait };
}

describe('GrowingDelayThrottle', () => {
  it('an unknown key, or no key at all, waits nothing', () => {
    const { wait } = setup();

    expect(wait('user:nobody')).toBe(0);
    expect(wait()).toBe(0);
  });

  it('the first 3 failures of an account cost nothing; the 4th imposes 1 s', () => {
    const { fail, wait } = setup();

    fail('user:op1', 3);
    expect(wait('user:op1')).toBe(0);

    fail('user:op1');
    expect(wait('user:op1')).toBe(1000);
  });

  it('each further failure doubles the delay: 1 s, 2 s, 4 s, 8 s, 16 s', () => {
    const { fail, wait } = setup();
    fail('user:op1', 3);

    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      fail('user:op1');
      delays.push(wait('user:op1'));
    }

    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('the wait counts down from the last failure', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 5); // 2 s

    clock.advance(1500);
    expect(wait('user:op1')).toBe(500);
    clock.advance(500);
    expect(wait('user:op1')).toBe(0);
  });

  it('the delay is capped at 5 minutes', () => {
    const { fail, wait } = setup();

    fail('user:op1', 12); // 9 over the free ones: 256 s
    expect(wait('user:op1')).toBe(256_000);
    fail('user:op1'); // would be 512 s
    expect(wait('user:op1')).toBe(5 * MINUTE);
    fail('user:op1', 50); // 2 ** 62 s uncapped
    expect(wait('user:op1')).toBe(5 * MINUTE);
  });

  it('an address key gets 20 free failures (many staff share an office address)', () => {
    const { fail, wait } = setup();

    fail('addr:192.0.2.7', 20);
    expect(wait('addr:192.0.2.7')).toBe(0);
    fail('addr:192.0.2.7');
    expect(wait('addr:192.0.2.7')).toBe(1000);
    fail('addr:192.0.2.7');
    expect(wait('addr:192.0.2.7')).toBe(2000);
  });

  it('a username that looks like an address key still gets only 3 free failures (keys are prefixed)', () => {
    const { fail, wait } = setup();

    fail('user:addr:1', 4);
    expect(wait('user:addr:1')).toBe(1000);
  });

  it('failures within the forget window accumulate', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 4);

    clock.advance(30 * MINUTE);
    fail('user:op1');

    expect(wait('user:op1')).toBe(2000);
  });

  it('a key is forgotten after an hour without failure', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 8); // 16 s

    clock.advance(HOUR + 1);
    expect(wait('user:op1')).toBe(0);
    fail('user:op1'); // counts as the first failure again

    expect(wait('user:op1')).toBe(0);
  });

  it('a key stays remembered at exactly one hour', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 4);

    clock.advance(HOUR);
    expect(wait('user:op1')).toBe(0); // the 1 s delay is long over…
    fail('user:op1'); // …but this is the 5th failure

    expect(wait('user:op1')).toBe(2000);
  });

  it('a stale key is forgotten even when the next failure is recorded before any check', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 8);

    clock.advance(HOUR + 1);
    fail('user:op1');

    expect(wait('user:op1')).toBe(0);
  });

  it('success resets the given key only', () => {
    const { throttle, fail, wait } = setup();
    fail('user:op1', 5);
    fail('addr:192.0.2.7', 21);

    throttle.recordSuccess(['user:op1']);

    expect(wait('user:op1')).toBe(0);
    expect(wait('addr:192.0.2.7')).toBe(1000);
    fail('user:op1', 3); // the count starts over: three free failures again
    expect(wait('user:op1')).toBe(0);
  });

  it('with several keys the longest remaining wait wins', () => {
    const { clock, fail, wait } = setup();
    fail('user:op1', 5); // 2 s from t0
    clock.advance(1500);
    fail('user:op2', 4); // 1 s from t0 + 1.5 s

    expect(wait('user:op1')).toBe(500);
    expect(wait('user:op2')).toBe(1000);
    expect(wait('user:op1', 'user:op2')).toBe(1000);
    expect(wait('user:op2', 'user:op1', 'user:unknown')).toBe(1000);

    fail('user:op1', 2); // now 8 s from t0 + 1.5 s
    expect(wait('user:op2', 'user:op1')).toBe(8000);
  });

  it('a failure recorded for several keys counts for each', () => {
    const { clock, throttle, wait } = setup();

    for (let i = 0; i < 4; i++) throttle.recordFailure(['user:op1', 'addr:192.0.2.7'], clock.now());

    expect(wait('user:op1')).toBe(1000);
    expect(wait('addr:192.0.2.7')).toBe(0);
    expect(wait('user:op1', 'addr:192.0.2.7')).toBe(1000);
  });
});
