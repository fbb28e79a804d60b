import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClock, MAX_CLOCK_OFFSET_MS, readClockOffset } from '../../local/clock';
import { LocalCloud } from '../../local/runtime';

/** The local clock's bounds: a finite advance, never more than 10 years ahead; a bad file is ignored. */
describe('the local clock', () => {
  it('advances by finite, non-negative amounts up to 10 years ahead in all', () => {
    const clock = new LocalClock(0, undefined, () => 1_000);
    expect(() => clock.advance(Infinity)).toThrow(RangeError);
    expect(() => clock.advance(NaN)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(MAX_CLOCK_OFFSET_MS + 1)).toThrow(RangeError);
    clock.advance(MAX_CLOCK_OFFSET_MS - 10);
    expect(() => clock.advance(11)).toThrow(RangeError);
    expect(clock.offset).toBe(MAX_CLOCK_OFFSET_MS - 10);
  });

  it.each([
    ['unreadable JSON', () => 'not json {'],
    ['a file that cannot be read', () => { throw new Error('EACCES'); }],
    ['an absurd offset', () => JSON.stringify({ offsetMs: 1e20 })],
    ['a negative absurd offset', () => JSON.stringify({ offsetMs: -1e15 })],
    ['a string offset', () => JSON.stringify({ offsetMs: '5' })],
    ['no offset at all', () => 'null'],
  ])('reports %s and starts at the wall clock', (_name, read) => {
    const warnings: string[] = [];
    expect(readClockOffset(read as () => string, (m) => warnings.push(m))).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('clock.json');
  });

  it('keeps a sane stored offset, and no file is no offset (nothing reported)', () => {
    const warnings: string[] = [];
    expect(readClockOffset(() => JSON.stringify({ offsetMs: 86_400_000 }), (m) => warnings.push(m))).toBe(86_400_000);
    expect(readClockOffset(() => null, (m) => warnings.push(m))).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('a local cloud whose clock file is damaged still starts, on the wall clock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clock-file-'));
    writeFileSync(join(dir, 'clock.json'), JSON.stringify({ offsetMs: Number.MAX_VALUE }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const local = new LocalCloud({ dataDir: dir });
      expect(local.clock.offset).toBe(0);
      expect(Math.abs(local.clock.now() - Date.now())).toBeLessThan(60_000);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('clock.json'));
      local.close();
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
