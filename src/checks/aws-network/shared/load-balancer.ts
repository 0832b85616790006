// Shared reading of load balancer listeners for the aws-elb-* checks.
import { isUnknown, type V } from '../../../domain/resources/index.js';
import type { LoadBalancerListener } from '../../../domain/resources/aws.js';

/**
 * How a listener carries traffic: `tls` (HTTPS on application and classic LBs, TLS on network
 * LBs, SSL on classic), `http` (plain HTTP, which an application LB can redirect), `passthrough`
 * (TCP, UDP, TCP_UDP, QUIC: bytes the load balancer does not read), `geneve` (gateway LBs),
 * `unrecognized`, or `unknown` when not known statically.
 */
export type ListenerKind = 'tls' | 'http' | 'passthrough' | 'geneve' | 'unrecognized' | 'unknown';

export function listenerKind(protocol: V<string>): ListenerKind {
  if (isUnknown(protocol)) return 'unknown';
  switch (protocol.trim().toUpperCase()) {
    case 'HTTPS': case 'TLS': case 'SSL': return 'tls';
    case 'HTTP': return 'http';
    case 'TCP': case 'UDP': case 'TCP_UDP': case 'QUIC': case 'TCP_QUIC': return 'passthrough';
    case 'GENEVE': return 'geneve';
    default: return 'unrecognized';
  }
}

/** "HTTP:80"; for messages. */
export function describeListener(l: LoadBalancerListener): string {
  const protocol = isUnknown(l.protocol) ? `(protocol from ${l.protocol.$unknown})` : l.protocol;
  const port = isUnknown(l.port) ? `(port from ${l.port.$unknown})` : String(l.port);
  return `${protocol}:${port}`;
}
