#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send Neighbor Solicitations on an Ethernet interface, as a provider's
router does, and report the Neighbor Advertisements that come back.

  ns_probe.py IFACE TARGET [--src ADDR] [--hlim N] [--bad-checksum]
              [--eth-dst MAC] [--count N] [--wait S]

The solicitation goes to TARGET's solicited-node group from --src (default
the unspecified address: duplicate address detection, without a source
link-layer option) and carries a source link-layer option otherwise; its
Ethernet destination is the group's, or --eth-dst (another host's). The
first advertisement for TARGET is printed as JSON; with --count, all
advertisements seen are counted instead. Exit status: 0 if one came back.
"""
import argparse
import ipaddress
import json
import socket
import struct
import sys
import time

from sixbed4_peer import checksum

ETH_P_IPV6 = 0x86dd
PACKET_OUTGOING = 4


def solicitation(mac, src, target, hlim, bad_checksum, eth_dst):
    group = ipaddress.IPv6Address(b'\xff\x02' + b'\0' * 9 + b'\x01\xff' +
                                  target.packed[13:])
    body = struct.pack('!BBHI', 135, 0, 0, 0) + target.packed
    if not src.is_unspecified:
        body += bytes([1, 1]) + mac
    pseudo = (src.packed + group.packed + struct.pack('!I', len(body)) +
              b'\0\0\0\x3a')
    c = checksum(pseudo + body) ^ (0x5555 if bad_checksum else 0)
    body = body[:2] + struct.pack('!H', c) + body[4:]
    ip6 = struct.pack('!IHBB', 6 << 28, len(body), 58, hlim) + \
        src.packed + group.packed
    eth = (eth_dst or b'\x33\x33' + group.packed[12:]) + mac + \
        struct.pack('!H', ETH_P_IPV6)
    return eth + ip6 + body


def advertisement(frame, target):
    """The frame decoded if it is an NA for target, else None."""
    if len(frame) < 14 + 40 + 24 or frame[14 + 6] != 58 or frame[54] != 136:
        return None
    ip6, body = frame[14:54], frame[54:]
    if body[8:24] != target.packed:
        return None
    src, dst = ip6[8:24], ip6[24:40]
    pseudo = src + dst + struct.pack('!I', len(body)) + b'\0\0\0\x3a'
    out = {'eth_dst': frame[0:6].hex(':'), 'eth_src': frame[6:12].hex(':'),
           'src': str(ipaddress.IPv6Address(src)),
           'dst': str(ipaddress.IPv6Address(dst)), 'hlim': ip6[7],
           'code': body[1], 'checksum_ok': checksum(pseudo + body) == 0,
           'router': bool(body[4] & 0x80), 'solicited': bool(body[4] & 0x40),
           'override': bool(body[4] & 0x20)}
    opts = body[24:]
    while len(opts) >= 8 and opts[1]:
        if opts[0] == 2:
            out['tlla'] = opts[2:8].hex(':')
        opts = opts[opts[1] * 8:]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('iface')
    ap.add_argument('target', type=ipaddress.IPv6Address)
    ap.add_argument('--src', type=ipaddress.IPv6Address,
                    default=ipaddress.IPv6Address('::'))
    ap.add_argument('--hlim', type=int, default=255)
    ap.add_argument('--bad-checksum', action='store_true')
    ap.add_argument('--eth-dst',
                    type=lambda m: bytes.fromhex(m.replace(':', '')))
    ap.add_argument('--count', type=int, default=0)
    ap.add_argument('--wait', type=float, default=2)
    args = ap.parse_args()

    with open('/sys/class/net/%s/address' % args.iface) as f:
        mac = bytes.fromhex(f.read().strip().replace(':', ''))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_IPV6))
    sock.bind((args.iface, ETH_P_IPV6))
    frame = solicitation(mac, args.src, args.target, args.hlim,
                         args.bad_checksum, args.eth_dst)
    for _ in range(max(args.count, 1)):
        sock.send(frame)

    seen = 0
    deadline = time.time() + args.wait
    while time.time() < deadline:
        sock.settimeout(max(deadline - time.time(), 0.01))
        try:
            data, addr = sock.recvfrom(2048)
        except socket.timeout:
            break
        if addr[2] == PACKET_OUTGOING:
            continue
        na = advertisement(data, args.target)
        if not na:
            continue
        seen += 1
        if not args.count:
            print(json.dumps(na))
            return 0
    if args.count:
        print(json.dumps({'advertisements': seen}))
    return 0 if seen else 1


if __name__ == '__main__':
    sys.exit(main())
