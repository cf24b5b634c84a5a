// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: datagrams from peers.
 *
 * A datagram's payload is one whole IPv6 packet. Its source must embed the
 * IPv4 address and UDP port the datagram came from; then it is relayed
 * straight back out if it is for another peer, answered if it pings the
 * router, or handed to the stack as if received on the device.
 */

#include <linux/icmpv6.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include "sixbed4.h"
#include "addr.h"

/* Drop a received packet, counting why. */
static void sixbed4_rx_drop(struct sixbed4_dev *sb, struct sk_buff *skb,
			    int counter)
{
	sixbed4_count(sb, counter);
	dev_core_stats_rx_dropped_inc(sb->dev);
	kfree_skb(skb);
}

/*
 * Does the source address name the endpoint the datagram came from? Data
 * must come from a 6bed4 address under our prefix; link-local sources are
 * only for Neighbor Discovery.
 */
static bool sixbed4_src_valid(const struct sixbed4_config *cfg,
			      const struct in6_addr *src,
			      struct sixbed4_endpoint from)
{
	return sixbed4_in_prefix(src, &cfg->prefix) &&
	       sixbed4_addr_is_endpoint(src, from);
}

/*
 * Is this Neighbor Discovery? 1: right after the IPv6 header, ours to
 * handle; -1: behind extension headers, never valid; 0: not ND.
 */
static int sixbed4_nd_position(struct sk_buff *skb)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr, type;
	int offset = sizeof(struct ipv6hdr);
	__be16 frag_off;

	if (nexthdr == IPPROTO_TCP || nexthdr == IPPROTO_UDP)
		return 0;
	if (nexthdr != IPPROTO_ICMPV6) {
		offset = ipv6_skip_exthdr(skb, offset, &nexthdr, &frag_off);
		if (offset < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off)
			return 0;
	}
	if (skb_copy_bits(skb, offset, &type, 1) ||
	    type < NDISC_ROUTER_SOLICITATION || type > NDISC_REDIRECT)
		return 0;
	return offset == sizeof(struct ipv6hdr) ? 1 : -1;
}

/* Report an error about a packet taken from a datagram, as the stack would. */
static void sixbed4_rx_icmp(struct sixbed4_dev *sb, struct sk_buff *skb,
			    u8 type, u8 code, int counter)
{
	icmpv6_send(skb, type, code, 0);
	sixbed4_rx_drop(sb, skb, counter);
}

/* Peer to peer: out again without a trip through the routing table. */
static void sixbed4_relay(struct sixbed4_dev *sb,
			  const struct sixbed4_config *cfg,
			  struct sk_buff *skb, unsigned int len)
{
	if (ipv6_hdr(skb)->hop_limit <= 1) {
		sixbed4_rx_icmp(sb, skb, ICMPV6_TIME_EXCEED,
				ICMPV6_EXC_HOPLIMIT,
				SIXBED4_A_STATS_DROP_HOP_LIMIT);
		return;
	}
	if (skb_ensure_writable(skb, sizeof(struct ipv6hdr))) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_TRUNCATED);
		return;
	}
	ipv6_hdr(skb)->hop_limit--;
	dev_sw_netstats_rx_add(sb->dev, len);
	sixbed4_xmit_to(sb, cfg, skb,
			sixbed4_addr_endpoint(&ipv6_hdr(skb)->daddr));
}

int sixbed4_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct sixbed4_dev *sb = rcu_dereference_sk_user_data(sk);
	const struct sixbed4_config *cfg;
	struct sixbed4_endpoint from, to;
	struct ipv6hdr *ip6h;
	unsigned int len;

	if (!sb) {
		kfree_skb(skb);
		return 0;
	}
	cfg = rcu_dereference(sb->config);

	/* Empty and short datagrams are the peers' NAT keepalives. */
	len = skb->len - sizeof(struct udphdr);
	if (len < sizeof(struct ipv6hdr)) {
		sixbed4_count(sb, SIXBED4_A_STATS_RX_KEEPALIVE);
		consume_skb(skb);
		return 0;
	}

	from.addr = ip_hdr(skb)->saddr;
	from.port = udp_hdr(skb)->source;
	if (iptunnel_pull_header(skb, sizeof(struct udphdr), htons(ETH_P_IPV6),
				 !net_eq(sb->creating_net, dev_net(sb->dev))) ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr))) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_TRUNCATED);
		return 0;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb->dev = sb->dev;
	skb->pkt_type = PACKET_HOST;
	/*
	 * From here on this is an IPv6 packet received on the device: the
	 * UDP layer's control block must not pass for an IPv6 one, which
	 * icmpv6_send() reads on every path that answers with an error.
	 */
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	IP6CB(skb)->iif = sb->dev->ifindex;
	ip6h = ipv6_hdr(skb);

	if (ip6h->version != 6) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_BAD_VERSION);
		return 0;
	}
	/* No trailing bytes and no jumbograms: the datagram is the packet. */
	if (sizeof(struct ipv6hdr) + ntohs(ip6h->payload_len) != len) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_TRUNCATED);
		return 0;
	}
	switch (sixbed4_nd_position(skb)) {
	case 1:
		return sixbed4_nd_rcv(sb, cfg, skb, from);
	case -1:
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_INVALID_ND);
		return 0;
	}
	if (!sixbed4_src_valid(cfg, &ip6h->saddr, from)) {
		/* Most likely a peer whose NAT mapping changed: tell it. */
		if (sixbed4_in_prefix(&ip6h->saddr, &cfg->prefix))
			sixbed4_send_ra(sb, cfg, from,
					&in6addr_linklocal_allnodes);
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_SPOOFED);
		return 0;
	}
	if (ipv6_addr_is_multicast(&ip6h->daddr)) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_MULTICAST);
		return 0;
	}

	if (sixbed4_is_router_addr(cfg, &ip6h->daddr)) {
		if (sixbed4_echo_reply(sb, cfg, skb, from))
			return 0;
	} else if (sixbed4_in_prefix(&ip6h->daddr, &cfg->prefix)) {
		to = sixbed4_addr_endpoint(&ip6h->daddr);
		if (to.port) {
			sixbed4_relay(sb, cfg, skb, len);
			return 0;
		}
		/* Port 0 is never a peer; bypass ranges are the stack's. */
		if (!sixbed4_in_bypass(cfg, &ip6h->daddr)) {
			sixbed4_rx_icmp(sb, skb, ICMPV6_DEST_UNREACH,
					ICMPV6_ADDR_UNREACH,
					SIXBED4_A_STATS_DROP_PORT0);
			return 0;
		}
	}

	dev_sw_netstats_rx_add(sb->dev, len);
	gro_cells_receive(&sb->gro_cells, skb);
	return 0;
}
