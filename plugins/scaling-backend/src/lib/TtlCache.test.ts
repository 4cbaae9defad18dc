import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('expires entries after the TTL', () => {
    let now = 1000;
    const cache = new TtlCache<string>(100, 10, () => now);
    cache.set('a', 'x');
    now = 1099;
    expect(cache.get('a')).toBe('x');
    now = 1100;
    expect(cache.get('a')).toBeUndefined();
    // An expired entry is gone, not only hidden: it stays gone, and setting it again serves
    // the new value for a full TTL.
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'y');
    now = 1199;
    expect(cache.get('a')).toBe('y');
    now = 1200;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the oldest entries past its size', () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // refreshed: now the newest
    cache.set('c', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(3);
    expect(cache.get('c')).toBe(4);
  });
});
