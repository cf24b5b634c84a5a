#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A 6bed4 test peer over a plain UDP socket, written from the protocol
document alone (no code shared with the module).

  sixbed4_peer.py [--bind V4:PORT] --router V4:PORT --prefix P COMMAND ...

  ping DST [--src ADDR] [--hlim N] [--size N]
        send an echo request (from our own 6bed4 address unless --src) and
        print the first datagram that comes back, decoded, as JSON
  raw HEX
        send HEX as the UDP payload; print what comes back (or null)
  icmp SRC DST BODY [--hlim N] [--bad-checksum]
        send an ICMPv6 message (BODY in hex, checksum filled in)
  serve [--seconds S]
        answer echo requests that reach us, for S seconds
  listen [--seconds S]
        only count what reaches us in S seconds (printed as JSON)
  address V4:PORT [--lanip N]
        print the 6bed4 address of an endpoint under --prefix
Exit status: 0 if something came back (ping/raw) or served, 1 otherwise;
listen and address: 0.
"""
import argparse
import ipaddress
import json
import os
import socket
import struct
import sys
import time

ICMPV6 = 58


def endpoint(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


def sixbed4_address(prefix, v4, port, lanip=1):
    """Protocol section 4.2: prefix, IPv4 with its two low bits of the
    first octet moved to byte 14, port, lanip."""
    p = ipaddress.IPv6Network(prefix).network_address.packed[:8]
    a = ipaddress.IPv4Address(v4).packed
    low = bytes([a[0] & 0xfc]) + a[1:] + struct.pack('!H', port)
    low += bytes([((a[0] & 3) << 6) | ((lanip >> 8) & 0x3f), lanip & 0xff])
    return ipaddress.IPv6Address(p + low)


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def icmpv6(src, dst, body, hlim=64, fix_checksum=True):
    """An IPv6 packet carrying ICMPv6 message @body (checksum field 0)."""
    if fix_checksum:
        pseudo = (src.packed + dst.packed + struct.pack('!I', len(body)) +
                  b'\0\0\0' + bytes([ICMPV6]))
        c = checksum(pseudo + body)
        body = body[:2] + struct.pack('!H', c) + body[4:]
    return struct.pack('!IHBB', 6 << 28, len(body), ICMPV6, hlim) + \
        src.packed + dst.packed + body


def decode(payload, peer):
    """One received datagram, as a dict."""
    out = {'from': '%s:%d' % peer, 'len': len(payload), 'hex': payload.hex()}
    if len(payload) < 40:
        return out
    v_tc_fl, plen, nh, hlim = struct.unpack('!IHBB', payload[:8])
    src = ipaddress.IPv6Address(payload[8:24])
    dst = ipaddress.IPv6Address(payload[24:40])
    out.update(version=v_tc_fl >> 28, plen=plen, nh=nh, hlim=hlim,
               src=str(src), dst=str(dst))
    body = payload[40:]
    if nh == ICMPV6 and len(body) >= 4:
        pseudo = (src.packed + dst.packed + struct.pack('!I', len(body)) +
                  b'\0\0\0' + bytes([ICMPV6]))
        out.update(type=body[0], code=body[1],
                   checksum_ok=checksum(pseudo + body) == 0,
                   icmp=body.hex())
        if body[0] in (128, 129) and len(body) >= 8:
            out.update(ident=struct.unpack('!H', body[4:6])[0],
                       seq=struct.unpack('!H', body[6:8])[0])
    return out


def receive(sock, seconds):
    sock.settimeout(seconds)
    try:
        payload, peer = sock.recvfrom(65535)
    except socket.timeout:
        return None
    return decode(payload, peer), payload


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bind', type=endpoint, default=('0.0.0.0', 0))
    ap.add_argument('--router', type=endpoint, required=True)
    ap.add_argument('--prefix', required=True)
    ap.add_argument('--address',
                    help='our own 6bed4 address (default: from --bind), '
                         'e.g. the one an RA gave us behind a NAT')
    ap.add_argument('--wait', type=float, default=3)
    ap.add_argument('--count', type=int, default=1,
                    help='send this many copies at once, print all answers')
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('ping')
    p.add_argument('dst')
    p.add_argument('--src')
    p.add_argument('--hlim', type=int, default=64)
    p.add_argument('--size', type=int, default=8)
    r = sub.add_parser('raw')
    r.add_argument('hex')
    i = sub.add_parser('icmp')
    i.add_argument('src')
    i.add_argument('dst')
    i.add_argument('body')
    i.add_argument('--hlim', type=int, default=255)
    i.add_argument('--bad-checksum', action='store_true')
    s = sub.add_parser('serve')
    s.add_argument('--seconds', type=float, default=5)
    s = sub.add_parser('listen')
    s.add_argument('--seconds', type=float, default=2)
    a = sub.add_parser('address')
    a.add_argument('endpoint', type=endpoint)
    a.add_argument('--lanip', type=int, default=1)
    args = ap.parse_args()

    if args.cmd == 'address':
        print(sixbed4_address(args.prefix, *args.endpoint, args.lanip))
        return 0

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(args.bind)
    v4, port = sock.getsockname()
    me = (ipaddress.IPv6Address(args.address) if args.address
          else sixbed4_address(args.prefix, v4, port))

    if args.cmd == 'ping':
        src = ipaddress.IPv6Address(args.src) if args.src else me
        body = struct.pack('!BBHHH', 128, 0, 0, os.getpid() & 0xffff, 1)
        body += bytes(range(256)) * (args.size // 256) + bytes(args.size % 256)
        sock.sendto(icmpv6(src, ipaddress.IPv6Address(args.dst), body,
                           args.hlim), args.router)
    elif args.cmd == 'raw':
        for _ in range(args.count):
            sock.sendto(bytes.fromhex(args.hex), args.router)
    elif args.cmd == 'icmp':
        packet = icmpv6(ipaddress.IPv6Address(args.src),
                        ipaddress.IPv6Address(args.dst),
                        bytes.fromhex(args.body), args.hlim)
        if args.bad_checksum:
            packet = packet[:42] + bytes([packet[42] ^ 0xff]) + packet[43:]
        for _ in range(args.count):
            sock.sendto(packet, args.router)
    if args.cmd in ('ping', 'raw', 'icmp') and args.count > 1:
        answers = []
        while True:
            got = receive(sock, args.wait)
            if not got:
                break
            answers.append(got[0])
        print(json.dumps(answers))
        return 0 if answers else 1
    if args.cmd in ('ping', 'raw', 'icmp'):
        got = receive(sock, args.wait)
        print(json.dumps(got[0] if got else None))
        return 0 if got else 1

    deadline = time.time() + args.seconds
    served = 0
    seen = []
    while time.time() < deadline:
        got = receive(sock, deadline - time.time())
        if not got:
            break
        info, payload = got
        seen.append(info)
        if args.cmd == 'listen':
            continue
        if info.get('type') == 128 and info.get('dst') == str(me):
            body = bytes([129, 0, 0, 0]) + payload[44:]
            sock.sendto(icmpv6(me, ipaddress.IPv6Address(info['src']), body),
                        args.router)
            served += 1
    print(json.dumps({'address': str(me), 'served': served, 'seen': seen}))
    return 0 if served or args.cmd == 'listen' else 1


if __name__ == '__main__':
    sys.exit(main())
