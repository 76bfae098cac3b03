import * as net from 'node:net';
import type { Request } from 'express';

/**
 * The caller's address for per-address limits and logs: Express's `req.ip` (which follows
 * X-Forwarded-For only from the proxies TRUST_PROXY trusts; by default a proxy on this host,
 * `loopback`), when it is an IP address at all, else the socket's peer. IPv4-mapped IPv6
 * addresses are written as IPv4.
 */
export function clientAddress(req: Request): string {
  const ip = net.isIP(req.ip ?? '') ? req.ip! : (req.socket.remoteAddress ?? 'unknown');
  return ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}
