import { afterEach, describe, expect, it, vi } from 'vitest';
import { realDnsAvailable } from '../../../emulators/dns/knot.js';

describe('Function: realDnsAvailable', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('skips loudly, naming the install command, when knot is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    expect(realDnsAvailable({}, ['knotd'])).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^SKIPPED real-DNS tests: knot not installed .*apt-get install knot knot-dnsutils/,
      ),
    );
  });

  it('fails instead of skipping when LOOKOUT_REQUIRE_REAL_DNS=1', () => {
    expect(() => realDnsAvailable({ LOOKOUT_REQUIRE_REAL_DNS: '1' }, ['knotd', 'knsupdate'])).toThrow(
      /LOOKOUT_REQUIRE_REAL_DNS=1 but real-DNS tests: knot not installed \(missing knotd, knsupdate\)/,
    );
  });

  it('runs the tests silently when knot is installed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    expect(realDnsAvailable({ LOOKOUT_REQUIRE_REAL_DNS: '1' }, [])).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });
});
