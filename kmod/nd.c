// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: Router and Neighbor Discovery through the tunnel.
 *
 * A Router Solicitation is answered with a Router Advertisement whose
 * /114 prefix embeds the IPv4 address and UDP port the solicitation came
 * from; a Neighbor Solicitation for one of the router's addresses with a
 * Neighbor Advertisement. Replies go to the endpoint the solicitation came
 * from, whatever its IPv6 source says. The values are the reference
 * router's (protocol document, section 7.2), so that its peer accepts them.
 */

#include <linux/icmpv6.h>
#include <linux/random.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>
#include "sixbed4.h"
#include "addr.h"

#define SIXBED4_RA_FLAGS	0x18	/* low router preference */
#define SIXBED4_PIO_ONLINK_AUTO	0xc0	/* L=1, A=1 */
#define SIXBED4_PEER_PREFIX_LEN	114

/*
 * The longest solicitations a peer sends (the reference's limits): the
 * message and one 8-byte option. Anything longer is refused before it
 * is pulled into the linear area or checksummed.
 */
#define SIXBED4_RS_MAX_LEN	(sizeof(struct icmp6hdr) + 8)
#define SIXBED4_NS_MAX_LEN	(sizeof(struct icmp6hdr) + \
				 sizeof(struct in6_addr) + 8)

/* Router Advertisement body after the ICMPv6 header (RFC 4861 4.2). */
struct sixbed4_ra {
	__be32 reachable;
	__be32 retrans;
} __packed;

/* Prefix Information option (RFC 4861 4.6.2). */
struct sixbed4_pio {
	u8 type;
	u8 len;
	u8 prefix_len;
	u8 flags;
	__be32 valid;
	__be32 preferred;
	__be32 reserved;
	struct in6_addr prefix;
} __packed;

/*
 * An ICMPv6 message from @saddr to @daddr with hop limit 255, as Neighbor
 * Discovery wants, its @len bytes zeroed, after @headroom bytes.
 */
struct sk_buff *sixbed4_nd_skb(unsigned int headroom,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, unsigned int len)
{
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;

	skb = alloc_skb(headroom + sizeof(*ip6h) + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, headroom);
	skb_reset_network_header(skb);
	ip6h = skb_put(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 255;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb_set_transport_header(skb, skb->len);
	skb_put_zero(skb, len);
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/* The checksum of a message from sixbed4_nd_skb(), once it is filled in. */
void sixbed4_nd_csum(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct icmp6hdr *icmp6 = icmp6_hdr(skb);
	unsigned int len = ntohs(ip6h->payload_len);

	icmp6->icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len,
					     IPPROTO_ICMPV6,
					     csum_partial(icmp6, len, 0));
}

/* An ND message from fe80:: to @dst through the tunnel. */
static struct sk_buff *sixbed4_nd_alloc(struct sixbed4_dev *sb,
					const struct in6_addr *dst,
					unsigned int len)
{
	struct sk_buff *skb;

	skb = sixbed4_nd_skb(LL_MAX_HEADER + sizeof(struct iphdr) +
			     sizeof(struct udphdr), &sixbed4_router_ll, dst, len);
	if (skb)
		skb->dev = sb->dev;
	return skb;
}

/* Send an answer and count it in @counter if it left. */
static void sixbed4_nd_send(struct sixbed4_dev *sb, struct sk_buff *skb,
			    struct sixbed4_endpoint to, int counter)
{
	sixbed4_nd_csum(skb);
	if (sixbed4_xmit_to(sb, skb, to, SIXBED4_TX_REPLY))
		sixbed4_count(sb, counter);
}

void sixbed4_reply_limit_init(struct sixbed4_reply_limit *limit)
{
	get_random_bytes(&limit->key, sizeof(limit->key));
	ratelimit_state_init(&limit->total, HZ, SIXBED4_REPLIES_PER_SECOND);
	ratelimit_set_flags(&limit->total, RATELIMIT_MSG_ON_RELEASE);
}

/*
 * At most one reply per source per interval, and so many in total: the
 * outer source of a solicitation is easily forged, and replies may be
 * larger than what asked for them.
 */
static bool sixbed4_reply_allowed(struct sixbed4_reply_limit *limit,
				  struct sixbed4_endpoint to)
{
	u32 slot = hsiphash_2u32((__force u32)to.addr, (__force u32)to.port,
				 &limit->key);
	unsigned long *last = &limit->last[slot % ARRAY_SIZE(limit->last)];
	unsigned long now = jiffies, prev = READ_ONCE(*last);

	/* (A difference: a slot idle for half the jiffies' range is free.) */
	if (prev && now - prev < SIXBED4_REPLY_INTERVAL)
		return false;
	if (cmpxchg(last, prev, now) != prev)
		return false;
	return __ratelimit(&limit->total);
}

static void sixbed4_put_pio(struct sixbed4_pio *pio, const struct in6_addr *prefix,
			    u8 prefix_len, u8 flags)
{
	pio->type = ND_OPT_PREFIX_INFO;
	pio->len = sizeof(*pio) / 8;
	pio->prefix_len = prefix_len;
	pio->flags = flags;
	pio->valid = htonl(0xffffffff);
	pio->preferred = htonl(0xffffffff);
	pio->prefix = *prefix;
}

/*
 * Advertise the /114 that embeds @to, and every routed prefix, to @dst
 * through @to.
 */
void sixbed4_send_ra(struct sixbed4_dev *sb, const struct sixbed4_config *cfg,
		     struct sixbed4_endpoint to, const struct in6_addr *dst)
{
	unsigned int len = sizeof(struct icmp6hdr) + sizeof(struct sixbed4_ra) +
			   (1 + cfg->n_routes) * sizeof(struct sixbed4_pio);
	struct sixbed4_pio *pio;
	struct icmp6hdr *icmp6;
	struct sixbed4_ra *ra;
	struct in6_addr peer;
	struct sk_buff *skb;
	int i;

	if (!sixbed4_reply_allowed(&sb->ra_limit, to)) {
		sixbed4_count(sb, SIXBED4_A_STATS_RA_RATELIMITED);
		return;
	}
	skb = sixbed4_nd_alloc(sb, dst, len);
	if (!skb) {
		sixbed4_count(sb, SIXBED4_A_STATS_DROP_NOMEM);
		return;
	}

	icmp6 = icmp6_hdr(skb);
	icmp6->icmp6_type = NDISC_ROUTER_ADVERTISEMENT;
	icmp6->icmp6_dataun.u_nd_ra.hop_limit = 0;
	icmp6->icmp6_dataun.un_data8[1] = SIXBED4_RA_FLAGS;
	icmp6->icmp6_rt_lifetime = htons(0xffff);
	ra = (struct sixbed4_ra *)(icmp6 + 1);
	ra->reachable = htonl(0xffffffff);
	ra->retrans = htonl(0xffffffff);

	pio = (struct sixbed4_pio *)(ra + 1);
	sixbed4_addr_make(&peer, &cfg->prefix, to, 0);
	sixbed4_put_pio(pio++, &peer, SIXBED4_PEER_PREFIX_LEN,
			SIXBED4_PIO_ONLINK_AUTO);
	for (i = 0; i < cfg->n_routes; i++)
		sixbed4_put_pio(pio++, &cfg->routes[i].addr,
				cfg->routes[i].len, 0);

	sixbed4_nd_send(sb, skb, to, SIXBED4_A_STATS_RA_SENT);
}

/*
 * The answer to a solicitation of @ns_len bytes: never larger than it.
 * The target link-layer address (RFC 4861 7.2.4: may be left out when the
 * solicitation was unicast, as through the tunnel it always is) goes only
 * into answers to solicitations with an option.
 */
static void sixbed4_send_na(struct sixbed4_dev *sb,
			    const struct sixbed4_config *cfg,
			    struct sixbed4_endpoint to,
			    const struct in6_addr *dst,
			    const struct in6_addr *target,
			    unsigned int ns_len)
{
	unsigned int len = sizeof(struct icmp6hdr) + sizeof(*target);
	bool tlla = ns_len >= len + 8;
	struct icmp6hdr *icmp6;
	struct sk_buff *skb;
	u8 *opt;

	if (!sixbed4_reply_allowed(&sb->na_limit, to)) {
		sixbed4_count(sb, SIXBED4_A_STATS_NA_RATELIMITED);
		return;
	}
	skb = sixbed4_nd_alloc(sb, dst, len + (tlla ? 8 : 0));
	if (!skb) {
		sixbed4_count(sb, SIXBED4_A_STATS_DROP_NOMEM);
		return;
	}
	icmp6 = icmp6_hdr(skb);
	icmp6->icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	icmp6->icmp6_router = 1;
	icmp6->icmp6_solicited = 1;
	memcpy(icmp6 + 1, target, sizeof(*target));

	/* Target link-layer address: port low byte first, then IPv4. */
	if (tlla) {
		opt = (u8 *)(icmp6 + 1) + sizeof(*target);
		opt[0] = ND_OPT_TARGET_LL_ADDR;
		opt[1] = 1;
		opt[2] = ntohs(cfg->port) & 0xff;
		opt[3] = ntohs(cfg->port) >> 8;
		memcpy(&opt[4], &cfg->local, sizeof(cfg->local));
	}

	sixbed4_nd_send(sb, skb, to, SIXBED4_A_STATS_NA_SENT);
}

/*
 * RFC 4861: options are whole, none of length zero; a message from the
 * unspecified address must not carry a source link-layer address.
 */
bool sixbed4_nd_options_valid(const u8 *opt, unsigned int len,
			      bool allow_sllao)
{
	while (len) {
		unsigned int optlen;

		if (len < 2 || !opt[1])
			return false;
		if (!allow_sllao && opt[0] == ND_OPT_SOURCE_LL_ADDR)
			return false;
		optlen = opt[1] * 8;
		if (optlen > len)
			return false;
		opt += optlen;
		len -= optlen;
	}
	return true;
}

/*
 * Neighbor Discovery from a peer. Validity as RFC 4861 asks (hop limit
 * 255, code 0, checksum, lengths, options); only solicitations are
 * answered. The reference peer's RS from :: carries a source link-layer
 * option, which RFC 4861 forbids; it is answered all the same.
 */
int sixbed4_nd_rcv(struct sixbed4_dev *sb, const struct sixbed4_config *cfg,
		   struct sk_buff *skb, struct sixbed4_endpoint from)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int len = ntohs(ip6h->payload_len), min_len;
	struct icmp6hdr *icmp6;
	struct in6_addr *target;
	u8 type;

	/* The type is known to be there (receive.c); the rest is not yet. */
	if (skb_copy_bits(skb, sizeof(*ip6h), &type, 1))
		goto invalid;
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
		min_len = sizeof(*icmp6);
		if (len < min_len || len > SIXBED4_RS_MAX_LEN)
			goto invalid;
		break;
	case NDISC_NEIGHBOUR_SOLICITATION:
		min_len = sizeof(*icmp6) + sizeof(*target);
		if (len < min_len || len > SIXBED4_NS_MAX_LEN)
			goto invalid;
		break;
	default:
		/* Advertisements and redirects are the router's to send. */
		goto invalid;
	}
	if (ip6h->hop_limit != 255 || !pskb_may_pull(skb, sizeof(*ip6h) + len))
		goto invalid;
	ip6h = ipv6_hdr(skb);
	icmp6 = (struct icmp6hdr *)(ip6h + 1);
	if (icmp6->icmp6_code ||
	    csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
			    csum_partial(icmp6, len, 0)) ||
	    !sixbed4_nd_options_valid((u8 *)icmp6 + min_len, len - min_len,
				      true))
		goto invalid;

	if (type == NDISC_ROUTER_SOLICITATION) {
		sixbed4_count(sb, SIXBED4_A_STATS_RX_SOLICIT);
		/* Peers without an address yet hear it on all-nodes. */
		sixbed4_send_ra(sb, cfg, from,
				ipv6_addr_any(&ip6h->saddr) ?
				&in6addr_linklocal_allnodes : &ip6h->saddr);
		consume_skb(skb);
		return 0;
	}

	target = (struct in6_addr *)(icmp6 + 1);
	/* Only known peers, no duplicate address detection. */
	if ((!sixbed4_is_link_local64(&ip6h->saddr) &&
	     !sixbed4_in_prefix(&ip6h->saddr, &cfg->prefix)) ||
	    !sixbed4_addr_is_endpoint(&ip6h->saddr, from) ||
	    ipv6_addr_is_multicast(target) ||
	    !sixbed4_is_router_addr(cfg, target))
		goto invalid;
	sixbed4_count(sb, SIXBED4_A_STATS_RX_SOLICIT);
	sixbed4_send_na(sb, cfg, from, &ip6h->saddr, target, len);
	consume_skb(skb);
	return 0;

invalid:
	sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_INVALID_ND);
	return 0;
}
