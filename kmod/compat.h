/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this module builds against, probed by
 * feature rather than by version. Force-included into every source file by
 * Kbuild; nothing else in kmod/ tests kernel versions.
 */
#ifndef _SIXBED4_COMPAT_H
#define _SIXBED4_COMPAT_H

#include <linux/netdevice.h>

/* v6.12 turned the NETIF_F_LLTX feature bit into dev->lltx. */
#ifdef NETIF_F_LLTX
static inline void sixbed4_compat_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#else
static inline void sixbed4_compat_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#endif

/*
 * v6.5 moved the GSO helpers (skb_gso_validate_network_len) from
 * linux/skbuff.h to net/gso.h; Kbuild looks for it.
 */
#ifdef SIXBED4_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * GRO on the socket needs the UDP socket lookup at GRO completion to read
 * the outer IPv4 header. Until v6.9 ("net: gro: fix udp bad offset in
 * socket lookup", which added napi_gro_cb's network_offsets) it read the
 * inner one, missed any socket bound to an address and left the packet
 * to be cut up as a UDP GSO packet. Kbuild looks for the fix.
 */
#ifdef SIXBED4_HAVE_GRO_NETWORK_OFFSETS
#define SIXBED4_SOCKET_GRO	true
#else
#define SIXBED4_SOCKET_GRO	false
#endif

#endif /* _SIXBED4_COMPAT_H */
