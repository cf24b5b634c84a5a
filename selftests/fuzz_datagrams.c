// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile datagrams for a 6bed4 router, at line rate or paced:
 * mutations of valid templates (solicitations, data, relays, pings to the
 * router, extension headers, fragments, truncations, wrong lengths,
 * oversized ND), from the endpoint their source names or from another
 * one, sent with a raw socket so that any outer source can be claimed.
 * Seeded: the same seed sends the same datagrams.
 *
 * usage: fuzz_datagrams COUNT SEED ROUTER_V4 PORT PREFIX64 SOURCE_NET [PPS]
 *   PREFIX64: the router's /64, e.g. 2001:db8:9:10::
 *   SOURCE_NET: outer sources are drawn from this /24, e.g. 192.0.2.0
 *   PPS: at most this many datagrams a second (default 0: line rate), for
 *        background traffic that must not starve a one-CPU VM
 * Data goes to the selftests' native host, 2001:db8:ffff::2.
 * Prints how many datagrams went out.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "fuzz.h"

#define BATCH		64
#define MAX_PAYLOAD	1400


struct endpoint {
	uint32_t addr;	/* network order */
	uint16_t port;	/* network order */
};

static uint8_t prefix[8];
static struct endpoint router;
static uint32_t source_net;

/* The 6bed4 address of @ep under the prefix (protocol section 4.2). */
static void address_of(uint8_t *a, struct endpoint ep, uint16_t lanip)
{
	const uint8_t *v4 = (const uint8_t *)&ep.addr;

	memcpy(a, prefix, 8);
	a[8] = v4[0] & 0xfc;
	memcpy(&a[9], &v4[1], 3);
	memcpy(&a[12], &ep.port, 2);
	a[14] = (v4[0] & 3) << 6 | ((lanip >> 8) & 0x3f);
	a[15] = lanip & 0xff;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

/* The upper-layer checksum of an IPv6 packet whose next header is @nh at @off. */
static void fix_checksum(uint8_t *pkt, size_t len, size_t off, uint8_t nh)
{
	size_t field = nh == IPPROTO_ICMPV6 ? 2 : 6;
	uint32_t sum = 0;
	uint16_t c;

	if (off + field + 2 > len)
		return;
	pkt[off + field] = pkt[off + field + 1] = 0;
	sum = csum_add(sum, pkt + 8, 32);
	sum += (len - off) >> 16;
	sum += (len - off) & 0xffff;
	sum += nh;
	sum = csum_add(sum, pkt + off, len - off);
	c = htons(csum_fold(sum));
	memcpy(pkt + off + field, &c, 2);
}

static struct endpoint random_peer(void)
{
	struct endpoint ep;

	ep.addr = htonl(ntohl(source_net) | (1 + below(253)));
	ep.port = htons(1024 + below(64000));
	return ep;
}

/* An IPv6 header in @p: version 6, @plen, @nh, @hlim, addresses. */
static size_t ip6_header(uint8_t *p, size_t plen, uint8_t nh, uint8_t hlim,
			 const uint8_t *src, const uint8_t *dst)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[4] = plen >> 8;
	p[5] = plen & 0xff;
	p[6] = nh;
	p[7] = hlim;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40;
}

static const uint8_t unspecified[16];
static const uint8_t all_routers[16] = { 0xff, 2, [15] = 2 };
static const uint8_t router_ll[16] = { 0xfe, 0x80 };

/*
 * One valid datagram of a random kind into @p, from @from; returns its
 * length. The kinds are the paths of the router's receive side.
 */
static size_t template(uint8_t *p, struct endpoint from)
{
	uint8_t me[16], other[16], native[16] = { 0x20, 1, 0xd, 0xb8, 0xff, 0xff,
						 [15] = 2 };
	struct endpoint to = random_peer();
	size_t len, body;

	address_of(me, from, 1 + below(16));
	address_of(other, to, 1);
	switch (below(10)) {
	case 0:	/* RS from ::, with the reference's source link-layer option */
		len = ip6_header(p, 16, IPPROTO_ICMPV6, 255, unspecified, all_routers);
		memcpy(p + len, "\x85\0\0\0\0\0\0\0\x01\x01\0\0\0\0\0\x01", 16);
		fix_checksum(p, len + 16, len, IPPROTO_ICMPV6);
		return len + 16;
	case 1:	/* NS for the router's link-local address */
		len = ip6_header(p, 24, IPPROTO_ICMPV6, 255, me, router_ll);
		memcpy(p + len, "\x87\0\0\0\0\0\0\0", 8);
		memcpy(p + len + 8, router_ll, 16);
		fix_checksum(p, len + 24, len, IPPROTO_ICMPV6);
		return len + 24;
	case 2:	/* data to a native host: UDP */
		body = 8 + below(200);
		len = ip6_header(p, body, IPPROTO_UDP, 64, me, native);
		memset(p + len, 0x5a, body);
		p[len + 4] = body >> 8;
		p[len + 5] = body & 0xff;
		fix_checksum(p, len + body, len, IPPROTO_UDP);
		return len + body;
	case 3:	/* a ping to one of the router's own addresses */
		address_of(other, router, 0);
		if (below(3) == 0)
			memcpy(other, router_ll, 8);	/* fe80:: + its IID */
		else if (below(2) == 0)
			memcpy(other, router_ll, 16);	/* fe80:: */
		/* an echo request to it, as to a peer (relayed) below */
		__attribute__((fallthrough));
	case 4:
		body = 8 + below(100);
		len = ip6_header(p, body, IPPROTO_ICMPV6, 1 + below(255), me, other);
		memset(p + len, 0, body);
		p[len] = 128;	/* echo request */
		fix_checksum(p, len + body, len, IPPROTO_ICMPV6);
		return len + body;
	case 5:	/* an RS behind a Hop-by-Hop header */
		len = ip6_header(p, 16, 0, 255, me, all_routers);
		memcpy(p + len, "\x3a\0\x01\x04\0\0\0\0\x85\0\0\0\0\0\0\0", 16);
		fix_checksum(p, len + 16, len + 8, IPPROTO_ICMPV6);
		return len + 16;
	case 6:	/* a fragment of something */
		body = 8 + 8 * below(20);
		len = ip6_header(p, body, 44, 64, me, below(2) ? native : other);
		memset(p + len, 0, body);
		p[len] = below(2) ? IPPROTO_ICMPV6 : IPPROTO_UDP;
		p[len + 3] = below(2);	/* more fragments */
		return len + body;
	case 7:	/* an oversized "solicitation" */
		body = 24 + 8 * below(160);
		len = ip6_header(p, body, IPPROTO_ICMPV6, 255, me, router_ll);
		memset(p + len, 0, body);
		p[len] = below(2) ? 133 : 135;
		for (size_t o = len + 8; o + 8 <= len + body; o += 8) {
			p[o] = 1;	/* source link-layer address options */
			p[o + 1] = 1;
		}
		fix_checksum(p, len + body, len, IPPROTO_ICMPV6);
		return len + body;
	case 8:	/* advertisements and redirects, never valid from a peer */
		len = ip6_header(p, 24, IPPROTO_ICMPV6, 255, me, router_ll);
		memset(p + len, 0, 24);
		p[len] = 134 + below(4);
		fix_checksum(p, len + 24, len, IPPROTO_ICMPV6);
		return len + 24;
	default: /* a keepalive, empty or short */
		len = below(40);
		memset(p, 0, len);
		return len;
	}
}

/* Damage a valid datagram in one of the ways a sender on the internet can. */
static size_t mutate(uint8_t *p, size_t len)
{
	unsigned int n, i;

	switch (below(8)) {
	case 0:	/* left alone */
		return len;
	case 1:	/* a few flipped bytes */
		for (n = 1 + below(4), i = 0; len && i < n; i++)
			p[below(len)] ^= 1 << below(8);
		return len;
	case 2:	/* truncated */
		return len ? below(len) : 0;
	case 3:	/* trailing bytes */
		n = below(64);
		if (len + n > MAX_PAYLOAD)
			n = MAX_PAYLOAD - len;
		for (i = 0; i < n; i++)
			p[len + i] = rnd();
		return len + n;
	case 4:	/* a payload length that lies */
		if (len >= 6) {
			p[4] = rnd();
			p[5] = rnd();
		}
		return len;
	case 5:	/* another version */
		if (len)
			p[0] = (p[0] & 0x0f) | below(16) << 4;
		return len;
	case 6:	/* another hop limit */
		if (len >= 8)
			p[7] = rnd();
		return len;
	default: /* addresses anywhere under the prefix, or anywhere at all */
		if (len >= 40)
			for (i = 8 + (below(2) ? 8 : 0); i < 40; i++)
				if (below(3) == 0)
					p[i] = rnd();
		return len;
	}
}

struct datagram {
	struct iphdr ip;
	struct udphdr udp;
	uint8_t payload[MAX_PAYLOAD + 64];
} __attribute__((packed));

/* pace: sleep until SENT datagrams at PPS a second are due after START. */
static void pace(const struct timespec *start, unsigned long sent, unsigned long pps)
{
	unsigned long long due_ns = (unsigned long long)sent * 1000000000ULL / pps;
	struct timespec due = {
		.tv_sec = start->tv_sec + due_ns / 1000000000ULL,
		.tv_nsec = start->tv_nsec + due_ns % 1000000000ULL,
	};

	if (due.tv_nsec >= 1000000000L) {
		due.tv_sec++;
		due.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) == EINTR)
		;
}

int main(int argc, char **argv)
{
	static struct datagram dgram[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	unsigned long count, sent = 0;
	struct in6_addr p6;
	struct in_addr v4;
	unsigned long pps = 0, batch = BATCH;
	struct timespec start;
	int fd, one = 1;

	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: %s COUNT SEED ROUTER_V4 PORT PREFIX64 SOURCE_NET [PPS]\n",
			argv[0]);
		return 2;
	}
	if (argc == 8)
		pps = strtoul(argv[7], NULL, 0);
	/* Paced: bursts of at most a fiftieth of a second's worth. */
	if (pps && pps / 50 < batch)
		batch = pps / 50 ? pps / 50 : 1;
	count = strtoul(argv[1], NULL, 0);
	rng_seed(strtoull(argv[2], NULL, 0));
	if (!inet_pton(AF_INET, argv[3], &v4) || !inet_pton(AF_INET6, argv[5], &p6)) {
		fprintf(stderr, "fuzz_datagrams: bad address\n");
		return 2;
	}
	router.addr = v4.s_addr;
	router.port = htons(atoi(argv[4]));
	memcpy(prefix, &p6, 8);
	if (!inet_pton(AF_INET, argv[6], &v4)) {
		fprintf(stderr, "fuzz_datagrams: bad source net\n");
		return 2;
	}
	source_net = v4.s_addr;
	dst.sin_addr.s_addr = router.addr;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("fuzz_datagrams: raw socket");
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (sent < count) {
		unsigned int n = count - sent < batch ? count - sent : batch, i;
		int ret;

		if (pps)
			pace(&start, sent, pps);

		for (i = 0; i < n; i++) {
			struct datagram *d = &dgram[i];
			struct endpoint from = random_peer();
			size_t len;

			/* Mostly from the endpoint the source names. */
			len = mutate(d->payload, template(d->payload, from));
			if (below(4) == 0)
				from = random_peer();
			if (below(64) == 0)
				from.port = 0;
			memset(&d->ip, 0, sizeof(d->ip));
			d->ip.version = 4;
			d->ip.ihl = 5;
			d->ip.ttl = 64;
			d->ip.protocol = IPPROTO_UDP;
			d->ip.saddr = from.addr;
			d->ip.daddr = router.addr;
			d->ip.tot_len = htons(sizeof(d->ip) + sizeof(d->udp) + len);
			d->udp.source = from.port;
			d->udp.dest = router.port;
			d->udp.len = htons(sizeof(d->udp) + len);
			d->udp.check = 0;	/* none: every datagram reaches the socket */
			iov[i].iov_base = d;
			iov[i].iov_len = sizeof(d->ip) + sizeof(d->udp) + len;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_name = &dst;
			msgs[i].msg_hdr.msg_namelen = sizeof(dst);
		}
		/* Every datagram generated goes out, so a seed is a sequence. */
		for (i = 0; i < n; i += ret) {
			ret = sendmmsg(fd, msgs + i, n - i, 0);
			if (ret < 0 && (errno == ENOBUFS || errno == EAGAIN)) {
				ret = 0;
				continue;
			}
			if (ret < 0) {
				perror("fuzz_datagrams: sendmmsg");
				return 1;
			}
		}
		sent += n;
	}
	printf("%lu\n", sent);
	return 0;
}
