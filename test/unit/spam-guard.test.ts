import { describe, expect, it } from 'vitest';
import { DENIAL_WINDOW_MS, MUTE_MS, SpamGuard } from '@/lib/permissions/spam-guard';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the spam guard', () => {
  it('mutes a site denied three times within 30 s, for 60 s', () => {
    const time = clock();
    const guard = new SpamGuard(time.now);
    guard.recordDenial('https://a.example');
    time.advance(10_000);
    guard.recordDenial('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(false);
    time.advance(10_000);
    guard.recordDenial('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(true);
    time.advance(MUTE_MS - 1);
    expect(guard.isMuted('https://a.example')).toBe(true);
    time.advance(1);
    expect(guard.isMuted('https://a.example')).toBe(false);
  });

  it('does not mute when the denials are spread over more than 30 s', () => {
    const time = clock();
    const guard = new SpamGuard(time.now);
    guard.recordDenial('https://a.example');
    time.advance(DENIAL_WINDOW_MS / 2);
    guard.recordDenial('https://a.example');
    time.advance(DENIAL_WINDOW_MS / 2 + 1);
    guard.recordDenial('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(false);
  });

  it('keeps each origin to itself, and forgives a site the user changes', () => {
    const time = clock();
    const guard = new SpamGuard(time.now);
    for (let i = 0; i < 3; i++) guard.recordDenial('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(true);
    expect(guard.isMuted('https://b.example')).toBe(false);
    guard.forgive('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(false);
  });

  it('starts counting afresh after a mute ends', () => {
    const time = clock();
    const guard = new SpamGuard(time.now);
    for (let i = 0; i < 3; i++) guard.recordDenial('https://a.example');
    time.advance(MUTE_MS);
    guard.recordDenial('https://a.example');
    expect(guard.isMuted('https://a.example')).toBe(false);
  });
});
