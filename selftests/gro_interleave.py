#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Datagrams made for GRO to merge wrongly, sent back to back with a raw
socket: a peer's TCP segments with contiguous sequence numbers from its
own endpoint (valid), each followed by a copy of the next one from
another UDP port of the same host (spoofed: its source address names
the first port). A GRO that merged by inner flow alone would fold the
spoofed ones into the valid stream; merged by outer and inner flow, the
valid ones merge with each other and every spoofed one stands alone.

  gro_interleave.py send --from V4:PORT --spoof-port PORT --router V4:PORT
                         --prefix P --dst ADDR --count N
  gro_interleave.py count PCAP
        the TCP payload bytes of the valid and spoofed segments in a
        capture (tcpdump -w) where they arrived: {"valid": N, "spoofed": N}
"""
import argparse
import ipaddress
import json
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sixbed4_peer import checksum, endpoint, sixbed4_address  # noqa: E402

TCP = 6
UDP = 17
PAYLOAD = 200
VALID = b'v'[0]
SPOOFED = b's'[0]


def tcp_segment(src, dst, seq, fill):
    body = bytes([fill]) * PAYLOAD
    header = struct.pack('!HHIIBBHHH', 7000, 5001, seq, 1, 5 << 4, 0x10,
                         65535, 0, 0)
    pseudo = (src.packed + dst.packed + struct.pack('!I', len(header + body)) +
              b'\0\0\0' + bytes([TCP]))
    c = checksum(pseudo + header + body)
    header = header[:16] + struct.pack('!H', c) + header[18:]
    return struct.pack('!IHBB', 6 << 28, len(header + body), TCP, 64) + \
        src.packed + dst.packed + header + body


def datagram(v4_src, sport, v4_dst, dport, payload):
    src = ipaddress.IPv4Address(v4_src).packed
    dst = ipaddress.IPv4Address(v4_dst).packed
    length = 8 + len(payload)
    pseudo = src + dst + struct.pack('!BBH', 0, UDP, length)
    udp = struct.pack('!HHHH', sport, dport, length, 0) + payload
    c = checksum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack('!H', c) + udp[8:]
    # DF: IPv4 GRO merges packets without it only if their IDs count up.
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0x4000, 64, UDP,
                     0, src, dst)
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return ip + udp


def send(args):
    v4, port = args.source
    src = sixbed4_address(args.prefix, v4, port)
    dst = ipaddress.IPv6Address(args.dst)
    packets = []
    for i in range(args.count):
        seq = 1000 + i * PAYLOAD
        packets.append(datagram(v4, port, *args.router,
                                tcp_segment(src, dst, seq, VALID)))
        packets.append(datagram(v4, args.spoof_port, *args.router,
                                tcp_segment(src, dst, seq + PAYLOAD, SPOOFED)))

    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for p in packets:
        sock.sendto(p, (args.router[0], 0))


def count(args):
    """Classic pcap, Ethernet frames: IPv6 (no extension headers), TCP."""
    got = {'valid': 0, 'spoofed': 0}
    with open(args.pcap, 'rb') as f:
        data = f.read()
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack('<I', data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(frame) < 14 + 40 + 20 or frame[12:14] != b'\x86\xdd':
            continue
        tcp = frame[14 + 40:]
        payload = tcp[(tcp[12] >> 4) * 4:]
        got['valid'] += payload.count(VALID)
        got['spoofed'] += payload.count(SPOOFED)
    print(json.dumps(got))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    s = sub.add_parser('send')
    s.add_argument('--from', dest='source', type=endpoint, required=True)
    s.add_argument('--spoof-port', type=int, required=True)
    s.add_argument('--router', type=endpoint, required=True)
    s.add_argument('--prefix', required=True)
    s.add_argument('--dst', required=True)
    s.add_argument('--count', type=int, default=16)
    c = sub.add_parser('count')
    c.add_argument('pcap')
    args = ap.parse_args()
    if args.cmd == 'send':
        send(args)
    else:
        count(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
