import { describe, expect, it } from 'vitest';
import { ActiveCalls } from '@/lib/permissions/active-calls';
import { OnceGrants } from '@/lib/permissions/once-grants';

// What a revoke stops, and what "Allow once" allows, live in memory: each must reach exactly
// the calls and tabs it names, and no others.

describe('calls in flight, by origin', () => {
  it('aborts every call of the revoked origin with the revoke’s reason, and none of another origin', () => {
    const calls = new ActiveCalls();
    const [a1, a2, b] = [new AbortController(), new AbortController(), new AbortController()];
    calls.track('https://a.example', a1);
    calls.track('https://a.example', a2);
    calls.track('https://b.example', b);
    const reason = new Error('revoked');
    expect(calls.abortOrigin('https://a.example', reason)).toBe(2);
    expect([a1.signal.reason, a2.signal.reason]).toEqual([reason, reason]);
    expect(b.signal.aborted).toBe(false);
    expect(calls.abortOrigin('https://none.example', reason)).toBe(0);
  });

  it('leaves a finished call alone, keeps its siblings tracked, and forgets an origin with none left', () => {
    const calls = new ActiveCalls();
    const [done, running] = [new AbortController(), new AbortController()];
    const untrackDone = calls.track('https://a.example', done);
    const untrackRunning = calls.track('https://a.example', running);
    untrackDone();
    expect(calls.abortOrigin('https://a.example', 'stop')).toBe(1);
    expect(done.signal.aborted).toBe(false);
    expect(running.signal.aborted).toBe(true);
    untrackRunning();
    const later = new AbortController();
    calls.track('https://b.example', later);
    expect(calls.abortOrigin('https://a.example', 'stop')).toBe(0);
  });
});

describe('"Allow once" grants', () => {
  it('allow one origin in one tab only', () => {
    const grants = new OnceGrants();
    grants.add(1, 'https://a.example');
    expect(grants.has(1, 'https://a.example')).toBe(true);
    expect(grants.has(2, 'https://a.example')).toBe(false);
    expect(grants.has(1, 'https://b.example')).toBe(false);
  });

  it('end with their tab, or for one origin in every tab, and no further', () => {
    const grants = new OnceGrants();
    grants.add(1, 'https://a.example');
    grants.add(1, 'https://b.example');
    grants.add(2, 'https://a.example');
    grants.forgetOrigin('https://a.example');
    expect([
      grants.has(1, 'https://a.example'),
      grants.has(2, 'https://a.example'),
      grants.has(1, 'https://b.example'),
    ]).toEqual([false, false, true]);
    grants.add(3, 'https://c.example');
    grants.forgetTab(1);
    expect([grants.has(1, 'https://b.example'), grants.has(3, 'https://c.example')]).toEqual([false, true]);
  });

  it('survive a worker restart through their stored form, exactly', () => {
    const grants = new OnceGrants();
    grants.add(4, 'https://a.example');
    grants.add(4, 'https://b.example');
    grants.add(9, 'https://a.example');
    const stored = JSON.parse(JSON.stringify(grants)) as Array<[number, string[]]>;
    expect(stored).toEqual([
      [4, ['https://a.example', 'https://b.example']],
      [9, ['https://a.example']],
    ]);
    const restored = OnceGrants.from(stored);
    expect([
      restored.has(4, 'https://b.example'),
      restored.has(9, 'https://a.example'),
      restored.has(9, 'https://b.example'),
    ]).toEqual([true, true, false]);
    expect(OnceGrants.from(undefined).toJSON()).toEqual([]);
  });
});
