// Adding a route without depending on iproute2: the node image's base (node:*-bookworm-slim) has
// no `ip`, but Debian's essential perl-base can speak rtnetlink. `ip` is used when present (the
// busybox-based test images have it); otherwise a small perl program sends one RTM_NEWROUTE
// (create|replace, so re-running is harmless).

/** rtnetlink RTM_NEWROUTE: "local <dst>/<len> dev lo" (table local) or "<dst>/<len> via <gw>". */
const PERL_NEWROUTE = [
  'use Socket;',
  'my ($mode, $dst, $len, $gw) = @ARGV;',
  'socket(my $s, 16, SOCK_RAW, 0) or die "netlink: $!\\n";',
  'my $attrs = pack("SS", 8, 1) . inet_aton($dst);',
  'my ($table, $scope, $type);',
  'if ($mode eq "local") { ($table, $scope, $type) = (255, 254, 2); $attrs .= pack("SSL", 8, 4, 1); }',
  'else { ($table, $scope, $type) = (254, 0, 1); $attrs .= pack("SS", 8, 5) . inet_aton($gw); }',
  'my $body = pack("CCCCCCCCL", 2, $len, 0, 0, $table, 3, $scope, $type, 0) . $attrs;',
  'send($s, pack("LSSLL", 16 + length($body), 24, 0x505, 1, 0) . $body, 0) or die "send: $!\\n";',
  'recv($s, my $ack, 4096, 0);',
  'my ($l, $t, $f, $q, $p, $err) = unpack("LSSLLl", $ack);',
  'if ($t == 2 && $err != 0) { $! = -$err; die "route $dst/$len: $!\\n"; }',
].join(' ');

/** A `sh -c` script adding the route: `local` claims cidr on lo; `via` routes cidr to gateway. */
export function routeScript(mode: 'local' | 'via', cidr: string, gateway?: string): string {
  const [dst, len] = cidr.split('/') as [string, string];
  if (!/^[\d.]+$/.test(dst) || !/^\d+$/.test(len) || (gateway && !/^[\d.]+$/.test(gateway)))
    throw new Error(`bad route ${cidr} ${gateway ?? ''}`);
  const ip =
    mode === 'local' ? `ip route replace local ${cidr} dev lo` : `ip route replace ${cidr} via ${gateway}`;
  const perlArgs = mode === 'local' ? `local ${dst} ${len}` : `via ${dst} ${len} ${gateway}`;
  return `if command -v ip >/dev/null 2>&1; then exec ${ip}; else exec perl -e '${PERL_NEWROUTE}' ${perlArgs}; fi`;
}
