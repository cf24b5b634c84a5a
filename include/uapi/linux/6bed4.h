/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * 6bed4: IPv6 carried directly in UDP/IPv4, with peers' IPv4:port embedded
 * in their IPv6 addresses. Generic netlink interface.
 *
 * Documentation/netlink/specs/6bed4.yaml describes this family; keep the two
 * in step.
 */
#ifndef _UAPI_LINUX_6BED4_H
#define _UAPI_LINUX_6BED4_H

#define SIXBED4_GENL_NAME	"6bed4"
#define SIXBED4_GENL_VERSION	1

#define SIXBED4_DEFAULT_PORT	25790
#define SIXBED4_DEFAULT_NETID	0x0bed
#define SIXBED4_MAX_ROUTES	10
#define SIXBED4_MAX_BYPASSES	64

enum sixbed4_cmd {
	SIXBED4_CMD_UNSPEC,
	SIXBED4_CMD_GET_DEV,		/* do: one device; dump: all in netns */
	SIXBED4_CMD_SET_DEV,		/* change the configuration of a device */
	SIXBED4_CMD_ADD_BYPASS,		/* add one port-0 bypass range */
	SIXBED4_CMD_DEL_BYPASS,		/* delete one port-0 bypass range */

	__SIXBED4_CMD_MAX,
	SIXBED4_CMD_MAX = __SIXBED4_CMD_MAX - 1
};

/* Attributes of SIXBED4_CMD_*_DEV and of the replies to them. */
enum sixbed4_dev_attr {
	SIXBED4_A_DEV_UNSPEC,
	SIXBED4_A_DEV_IFINDEX,		/* u32 */
	SIXBED4_A_DEV_IFNAME,		/* string */
	SIXBED4_A_DEV_LOCAL,		/* be32: IPv4 to bind, 0.0.0.0 = any */
	SIXBED4_A_DEV_PORT,		/* u16: UDP port, 1..65535 */
	SIXBED4_A_DEV_PREFIX,		/* binary in6_addr */
	SIXBED4_A_DEV_PREFIX_LEN,	/* u8: 16, 32, 48 or 64; replies: 64 */
	SIXBED4_A_DEV_NETID,		/* u16: fills /16 and /48 prefixes */
	SIXBED4_A_DEV_ROUTES,		/* nest: SIXBED4_A_ROUTE_* entries */
	SIXBED4_A_DEV_BYPASSES,		/* nest: SIXBED4_A_ROUTE_*; CMD_*_BYPASS */
	SIXBED4_A_DEV_PROXY_ND_IFINDEX,	/* u32: upstream for proxy ND, 0 = off */
	SIXBED4_A_DEV_LISTENING,	/* flag (read-only): UDP socket open */
	SIXBED4_A_DEV_STATS,		/* nest: SIXBED4_A_STATS_* (read-only) */
	SIXBED4_A_DEV_PAD,

	__SIXBED4_A_DEV_MAX,
	SIXBED4_A_DEV_MAX = __SIXBED4_A_DEV_MAX - 1
};

/*
 * One prefix: a routed prefix advertised to peers (SIXBED4_A_DEV_ROUTES),
 * or a port-0 bypass range (SIXBED4_A_DEV_BYPASSES, SIXBED4_CMD_*_BYPASS).
 */
enum sixbed4_route_attr {
	SIXBED4_A_ROUTE_UNSPEC,
	SIXBED4_A_ROUTE_PREFIX,		/* binary in6_addr */
	SIXBED4_A_ROUTE_PREFIX_LEN,	/* u8 */

	__SIXBED4_A_ROUTE_MAX,
	SIXBED4_A_ROUTE_MAX = __SIXBED4_A_ROUTE_MAX - 1
};

/*
 * Counters, all u64. A device reports the ones its datapath maintains;
 * new ones are only ever appended.
 */
enum sixbed4_stats_attr {
	SIXBED4_A_STATS_UNSPEC,
	SIXBED4_A_STATS_PAD,
	SIXBED4_A_STATS_RX_PACKETS,
	SIXBED4_A_STATS_RX_BYTES,
	SIXBED4_A_STATS_TX_PACKETS,
	SIXBED4_A_STATS_TX_BYTES,
	SIXBED4_A_STATS_RX_DROPPED,	/* all receive drops, any reason */
	SIXBED4_A_STATS_TX_DROPPED,	/* all transmit drops, any reason */
	SIXBED4_A_STATS_RX_KEEPALIVE,	/* datagrams < 40 bytes, ignored */
	SIXBED4_A_STATS_DROP_BAD_VERSION,
	SIXBED4_A_STATS_DROP_TRUNCATED,	/* IPv6 length != UDP payload */
	SIXBED4_A_STATS_DROP_SPOOFED,	/* a source that is not its sender's */
	SIXBED4_A_STATS_DROP_NOT_PREFIX, /* destination outside our prefix */
	SIXBED4_A_STATS_DROP_PORT0,	/* destination with port 0 */
	SIXBED4_A_STATS_DROP_BAD_ENDPOINT, /* not a unicast IPv4 elsewhere */
	SIXBED4_A_STATS_DROP_HOP_LIMIT,
	SIXBED4_A_STATS_DROP_INVALID_ND,
	SIXBED4_A_STATS_DROP_MULTICAST,
	SIXBED4_A_STATS_DROP_NO_ROUTE,	/* no IPv4 route to the peer */
	SIXBED4_A_STATS_DROP_TOO_BIG,
	SIXBED4_A_STATS_DROP_NOT_IPV6,	/* non-IPv6 packet routed to device */
	SIXBED4_A_STATS_RA_SENT,
	SIXBED4_A_STATS_RA_RATELIMITED,
	SIXBED4_A_STATS_NA_SENT,
	SIXBED4_A_STATS_PROXY_NS_ANSWERED,
	SIXBED4_A_STATS_PROXY_NS_IGNORED, /* for our prefix, not served */
	SIXBED4_A_STATS_PROXY_NA_RATELIMITED,
	SIXBED4_A_STATS_ECHO_REPLIED,	/* pings to the router's addresses */
	SIXBED4_A_STATS_DROP_BAD_SOURCE, /* from UDP port 0 or a bogus IPv4 */
	SIXBED4_A_STATS_DROP_FILTERED,	/* netfilter, or forwarding off */
	SIXBED4_A_STATS_NA_RATELIMITED,
	SIXBED4_A_STATS_DROP_NOMEM,
	SIXBED4_A_STATS_RX_SOLICIT,	/* valid RS/NS, answered or limited */
	SIXBED4_A_STATS_DROP_LOOP,	/* from our own endpoint, to a peer */

	__SIXBED4_A_STATS_MAX,
	SIXBED4_A_STATS_MAX = __SIXBED4_A_STATS_MAX - 1
};

#endif /* _UAPI_LINUX_6BED4_H */
