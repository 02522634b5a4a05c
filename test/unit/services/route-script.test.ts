// The route helper script: iproute2 when present, else the perl rtnetlink fallback, with the
// addresses validated so nothing else can reach the shell.
import { describe, expect, it } from 'vitest';
import { routeScript } from '../../../orchestrator/node/proxy/route-script.js';

describe('routeScript', () => {
  it('uses ip when present and perl rtnetlink otherwise', () => {
    const via = routeScript('via', '10.96.0.0/12', '172.18.0.4');
    expect(via).toMatch(
      /^if command -v ip .* then exec ip route replace 10\.96\.0\.0\/12 via 172\.18\.0\.4; else exec perl -e '.*' via 10\.96\.0\.0 12 172\.18\.0\.4; fi$/,
    );
    const local = routeScript('local', '10.96.0.0/12');
    expect(local).toContain('exec ip route replace local 10.96.0.0/12 dev lo;');
    expect(local).toMatch(/' local 10\.96\.0\.0 12; fi$/);
    // The perl program is single-quoted: it must hold no single quote itself.
    expect(via.split("'")).toHaveLength(3);
  });

  it('refuses anything but dotted addresses', () => {
    expect(() => routeScript('via', '10.96.0.0/12', '1.2.3.4; rm -rf /')).toThrow(/bad route/);
    expect(() => routeScript('local', '$(x)/12')).toThrow(/bad route/);
  });
});
