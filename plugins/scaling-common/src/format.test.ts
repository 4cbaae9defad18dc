import { formatNumber, formatUsd } from './format';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345.5, '12,345.5'],
    [-1234567, '-1,234,567'],
    [100000, '100,000'],
  ])('%d → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('formats dollars', () => {
    expect(formatUsd(5000)).toBe('$5,000');
  });
});
