import { assuranceOf, deviceOf, qrCodeSource, rememberMeOf } from './format';

describe('a session’s device, named from its User-Agent', () => {
  it('names the browser and the system', () => {
    expect(
      deviceOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'),
    ).toBe('Chrome on Linux');
    expect(deviceOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox on Windows',
    );
    expect(
      deviceOf(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toBe('Safari on macOS');
  });

  it('names command-line clients, and says when there is nothing to go on', () => {
    expect(deviceOf('curl/8.5.0')).toBe('curl');
    expect(deviceOf(null)).toBe('unknown device');
    expect(deviceOf('')).toBe('unknown device');
  });
});

describe('a session’s assurance and remember me, in words', () => {
  it('names each assurance level', () => {
    expect(assuranceOf(2)).toBe('password and second factor (aal 2)');
    expect(assuranceOf(1)).toBe('password (aal 1)');
    expect(assuranceOf(0)).toMatch(/waiting for the second factor/);
    expect(rememberMeOf(true)).toMatch(/^yes/);
    expect(rememberMeOf(false)).toMatch(/^no/);
  });
});

describe('the QR code of an enrolment', () => {
  it('is an image data URL: the SVG is encoded, never markup in the page', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><path d="M0 0h1"/></svg>';
    const source = qrCodeSource(svg);
    expect(source.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(source).not.toMatch(/[<>"]/);
    expect(decodeURIComponent(source.slice(source.indexOf(',') + 1))).toBe(svg);
  });
});
