/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 6bed4 addresses: a /64 prefix, then the peer's IPv4 address, UDP port
 * and a 14-bit lanip. The two low bits of the first IPv4 octet move to the
 * top of byte 14, so that the EUI-64 universal/local and group bits of the
 * interface identifier are always zero:
 *
 *   byte 8: v4[0] & 0xfc    bytes 9-11: v4[1..3]    bytes 12-13: port
 *   byte 14: (v4[0] & 3) << 6 | lanip >> 8          byte 15: lanip & 0xff
 */
#ifndef _SIXBED4_ADDR_H
#define _SIXBED4_ADDR_H

#include <linux/in6.h>
#include <net/ipv6.h>
#include "sixbed4.h"

static inline bool sixbed4_in_prefix(const struct in6_addr *addr,
				     const struct in6_addr *prefix)
{
	return addr->s6_addr32[0] == prefix->s6_addr32[0] &&
	       addr->s6_addr32[1] == prefix->s6_addr32[1];
}

/* The IPv4 address and UDP port an address embeds (its low 64 bits). */
static inline struct sixbed4_endpoint
sixbed4_addr_endpoint(const struct in6_addr *addr)
{
	const u8 *a = addr->s6_addr;
	struct sixbed4_endpoint ep;
	u8 *v4 = (u8 *)&ep.addr;

	v4[0] = (a[8] & 0xfc) | (a[14] >> 6);
	v4[1] = a[9];
	v4[2] = a[10];
	v4[3] = a[11];
	ep.port = addr->s6_addr16[6];
	return ep;
}

/* The address of @ep under @prefix, with @lanip. */
static inline void sixbed4_addr_make(struct in6_addr *addr,
				     const struct in6_addr *prefix,
				     struct sixbed4_endpoint ep, u16 lanip)
{
	const u8 *v4 = (const u8 *)&ep.addr;
	u8 *a = addr->s6_addr;

	addr->s6_addr32[0] = prefix->s6_addr32[0];
	addr->s6_addr32[1] = prefix->s6_addr32[1];
	a[8] = v4[0] & 0xfc;
	a[9] = v4[1];
	a[10] = v4[2];
	a[11] = v4[3];
	addr->s6_addr16[6] = ep.port;
	a[14] = (v4[0] & 0x03) << 6 | ((lanip >> 8) & 0x3f);
	a[15] = lanip & 0xff;
}

/*
 * Does @addr embed @ep? The lanip is the peer's own business, and bits
 * 70-71 are not checked, as in the reference router.
 */
static inline bool sixbed4_addr_is_endpoint(const struct in6_addr *addr,
					    struct sixbed4_endpoint ep)
{
	struct sixbed4_endpoint got = sixbed4_addr_endpoint(addr);

	return got.addr == ep.addr && got.port == ep.port;
}

/* fe80::/64 */
static inline bool sixbed4_is_link_local64(const struct in6_addr *addr)
{
	return addr->s6_addr32[0] == htonl(0xfe800000) && !addr->s6_addr32[1];
}

#endif /* _SIXBED4_ADDR_H */
