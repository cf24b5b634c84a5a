#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send Neighbor Solicitations on an Ethernet interface, as a provider's
router does, and report the Neighbor Advertisements that come back.

  ns_probe.py IFACE TARGET [--src ADDR] [--hlim N] [--bad-checksum]
              [--eth-dst MAC] [--vlan VID] [--count N] [--wait S]
              [--tap --setup CMD] [--fuzz SEED --prefix P64]

The solicitation goes to TARGET's solicited-node group from --src (default
the unspecified address: duplicate address detection, without a source
link-layer option) and carries a source link-layer option otherwise; its
Ethernet destination is the group's, or --eth-dst (another host's); with
--vlan the frame carries an 802.1Q tag. The
first advertisement for TARGET is printed as JSON; with --count, all
advertisements seen are counted instead, with the seconds it took to send
the solicitations. Exit status: 0 if one came back, 3 if none did (1 is
an error of the probe's own).

With --tap, IFACE is a tap device this creates (gone when it exits), runs
CMD (a shell command: bring it up, make it the proxy's upstream), then
writes the solicitation into it with a virtio_net_hdr whose header length
is only the Ethernet header, and padded past a page (tun copies smaller
frames whole into the linear area): the kernel puts the IPv6 packet in a
page fragment, as many NICs and GRO do.

With --fuzz, the --count solicitations are random mutations (targets under
--prefix or anywhere, sources, hop limits, options of any type and length,
lying lengths, checksums, VLAN tags), the same ones for the same SEED; the
advertisements that come back are counted.
"""
import random
import fcntl
import os
import select
import subprocess
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
TUNSETIFF = 0x400454ca
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
VNET_HDR_LEN = 10


class Tap:
    """A tap device whose frames go in and out with a virtio_net_hdr."""

    def __init__(self, name, setup):
        self.fd = os.open('/dev/net/tun', os.O_RDWR)
        fcntl.ioctl(self.fd, TUNSETIFF, struct.pack(
            '16sH', name.encode(), IFF_TAP | IFF_NO_PI | IFF_VNET_HDR))
        subprocess.run(setup, shell=True, check=True)

    def send(self, frame):
        # No offloads asked; only the Ethernet header in the linear area.
        os.write(self.fd, struct.pack('<BBHHHH', 0, 0, 14, 0, 0, 0) + frame +
                 bytes(4096))

    def recv(self, timeout):
        if not select.select([self.fd], [], [], timeout)[0]:
            raise socket.timeout
        return os.read(self.fd, 4096)[VNET_HDR_LEN:], (None, 0, 0)


def solicitation(mac, src, target, hlim, bad_checksum, eth_dst, vlan,
                 eth_src=None):
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
    eth = (eth_dst or b'\x33\x33' + group.packed[12:]) + (eth_src or mac)
    if vlan is not None:
        eth += struct.pack('!HH', 0x8100, vlan)
    eth += struct.pack('!H', ETH_P_IPV6)
    return eth + ip6 + body


def fuzzed(rng, mac, prefix):
    """A random, mostly malformed, solicitation frame."""
    iid = bytes(rng.getrandbits(8) for _ in range(8))
    if rng.random() < 0.2:
        iid = iid[:4] + b'\0\0' + iid[6:]     # port 0
    target = ipaddress.IPv6Address(
        (prefix.packed[:8] if rng.random() < 0.8 else
         bytes(rng.getrandbits(8) for _ in range(8))) + iid)
    src = rng.choice([ipaddress.IPv6Address('::'),
                      ipaddress.IPv6Address('fe80::1'),
                      ipaddress.IPv6Address(bytes(rng.getrandbits(8)
                                                  for _ in range(16)))])
    frame = bytearray(solicitation(mac, src, target,
                                   255 if rng.random() < 0.8 else
                                   rng.getrandbits(8),
                                   rng.random() < 0.1, None,
                                   5 if rng.random() < 0.05 else None))
    ip = 18 if frame[12:14] == b'\x81\x00' else 14
    opts = bytearray()
    for _ in range(rng.randrange(4)):
        olen = rng.randrange(4)
        opts += bytes([rng.randrange(1, 20), olen]) + \
            bytes(rng.getrandbits(8) for _ in range(max(olen * 8 - 2, 0)))
    frame += opts
    if rng.random() < 0.7:
        body = frame[ip + 40:]
        body[2:4] = b'\0\0'
        pseudo = (frame[ip + 8:ip + 40] + struct.pack('!I', len(body)) +
                  b'\0\0\0\x3a')
        frame[ip + 42:ip + 44] = struct.pack('!H', checksum(bytes(pseudo + body)))
    plen = len(frame) - ip - 40
    if rng.random() < 0.15:
        plen = rng.getrandbits(16)
    frame[ip + 4:ip + 6] = struct.pack('!H', plen)
    if rng.random() < 0.1:
        del frame[rng.randrange(ip, len(frame)):]
    return bytes(frame)


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
    ap.add_argument('--eth-src',
                    type=lambda m: bytes.fromhex(m.replace(':', '')))
    ap.add_argument('--vlan', type=int)
    ap.add_argument('--count', type=int, default=0)
    ap.add_argument('--wait', type=float, default=2)
    ap.add_argument('--fuzz', type=int)
    ap.add_argument('--prefix', type=ipaddress.IPv6Address,
                    default=ipaddress.IPv6Address('2001:db8:9:10::'))
    ap.add_argument('--tap', action='store_true')
    ap.add_argument('--setup', default='true')
    args = ap.parse_args()

    if args.tap:
        tap = Tap(args.iface, args.setup)
        # The solicitor: any unicast MAC but the tap's own.
        mac = bytes.fromhex('02005e0000aa')
        send, recv = tap.send, tap.recv
    else:
        with open('/sys/class/net/%s/address' % args.iface) as f:
            mac = bytes.fromhex(f.read().strip().replace(':', ''))
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                             socket.htons(ETH_P_IPV6))
        sock.bind((args.iface, ETH_P_IPV6))
        send = sock.send

        def recv(timeout):
            sock.settimeout(timeout)
            return sock.recvfrom(2048)
    frame = solicitation(mac, args.src, args.target, args.hlim,
                         args.bad_checksum, args.eth_dst, args.vlan,
                         args.eth_src)
    start = time.time()
    rng = random.Random(args.fuzz)
    for _ in range(max(args.count, 1)):
        send(frame if args.fuzz is None else fuzzed(rng, mac, args.prefix))
    took = time.time() - start

    seen = 0
    deadline = time.time() + args.wait
    while time.time() < deadline:
        try:
            data, addr = recv(max(deadline - time.time(), 0.01))
        except socket.timeout:
            break
        if addr[2] == PACKET_OUTGOING:
            continue
        na = advertisement(data, args.target)
        if args.fuzz is not None and len(data) > 54 and data[54] == 136:
            na = {}
        if na is None:
            continue
        seen += 1
        if not args.count:
            print(json.dumps(na))
            return 0
    if args.count:
        print(json.dumps({'advertisements': seen, 'send_seconds': took}))
    return 0 if seen else 3


if __name__ == '__main__':
    sys.exit(main())
