// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: datagrams from peers.
 *
 * A datagram's payload is one whole IPv6 packet. Its source must embed the
 * IPv4 address and UDP port the datagram came from; then it is relayed
 * straight back out if it is for another peer, answered if it pings the
 * router, or handed to the stack as if received on the device. Relayed
 * packets and pings pass the netfilter hooks a routed or local packet
 * would pass, so the admin's firewall rules apply to them too.
 */

#include <linux/icmpv6.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include "sixbed4.h"
#include "addr.h"

void sixbed4_rx_drop(struct sixbed4_dev *sb, struct sk_buff *skb, int counter)
{
	sixbed4_count(sb, counter);
	dev_core_stats_rx_dropped_inc(sb->dev);
	kfree_skb_reason(skb, sixbed4_drop_reason(counter));
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

/*
 * Hand a packet to the stack as received on the device, through the GRO
 * cells: never a receive nested in the socket's, which a packet that
 * tunnels itself again could repeat. A packet (GRO's merged one is one)
 * counts once: in rx_packets when it is delivered, relayed or echoed, in
 * rx_solicit when it is a valid RS or NS (answered or rate-limited), in
 * rx_keepalive, or in rx_dropped (GRO cells count their own drops there).
 */
void sixbed4_rx_deliver(struct sixbed4_dev *sb, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	if (gro_cells_receive(&sb->gro_cells, skb) == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(sb->dev, len);
}

/*
 * Is @daddr, under our prefix, for another peer (true) or for the stack?
 * Port 0 is never a peer, and the router's own addresses are ours.
 */
static bool sixbed4_for_peer(const struct sixbed4_config *cfg,
			     const struct in6_addr *daddr)
{
	return sixbed4_in_prefix(daddr, &cfg->prefix) && daddr->s6_addr16[6] &&
	       !sixbed4_is_router_addr(cfg, daddr);
}

/*
 * The okfn chain of a relayed packet: PREROUTING, then, as ip6_forward()
 * does, forwarding and hop limit checks, FORWARD and POSTROUTING. Each
 * step may run later, from a netfilter queue, and returns 0 or the
 * netfilter verdict's error, so that the first caller can count refusals.
 */
static int sixbed4_relay_out(struct net *net, struct sock *sk,
			     struct sk_buff *skb)
{
	struct sixbed4_dev *sb = netdev_priv(skb->dev);

	dev_sw_netstats_rx_add(sb->dev, skb->len);
	sixbed4_xmit_to(sb, skb, sixbed4_addr_endpoint(&ipv6_hdr(skb)->daddr),
			SIXBED4_TX_RELAY);
	return 0;
}

static int sixbed4_relay_forwarded(struct net *net, struct sock *sk,
				   struct sk_buff *skb)
{
	return NF_HOOK(NFPROTO_IPV6, NF_INET_POST_ROUTING, net, sk, skb,
		       NULL, skb->dev, sixbed4_relay_out);
}

static int sixbed4_relay_routed(struct net *net, struct sock *sk,
				struct sk_buff *skb)
{
	struct sixbed4_dev *sb = netdev_priv(skb->dev);
	const struct sixbed4_config *cfg = rcu_dereference(sb->config);

	/* A PREROUTING rule may have sent it elsewhere: the stack's job. */
	if (!sixbed4_for_peer(cfg, &ipv6_hdr(skb)->daddr)) {
		sixbed4_rx_deliver(sb, skb);
		return 0;
	}
	if (!READ_ONCE(net->ipv6.devconf_all->forwarding)) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_FILTERED);
		return 0;
	}
	if (ipv6_hdr(skb)->hop_limit <= 1) {
		sixbed4_rx_icmp(sb, skb, ICMPV6_TIME_EXCEED,
				ICMPV6_EXC_HOPLIMIT,
				SIXBED4_A_STATS_DROP_HOP_LIMIT);
		return 0;
	}
	if (skb_ensure_writable(skb, sizeof(struct ipv6hdr))) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_NOMEM);
		return 0;
	}
	ipv6_hdr(skb)->hop_limit--;
	return NF_HOOK(NFPROTO_IPV6, NF_INET_FORWARD, net, sk, skb,
		       skb->dev, skb->dev, sixbed4_relay_forwarded);
}

/* Pings to the router: PREROUTING and INPUT, then the answer. */
static int sixbed4_echo_routed(struct net *net, struct sock *sk,
			       struct sk_buff *skb)
{
	struct sixbed4_dev *sb = netdev_priv(skb->dev);
	const struct sixbed4_config *cfg = rcu_dereference(sb->config);

	if (!sixbed4_is_router_addr(cfg, &ipv6_hdr(skb)->daddr)) {
		sixbed4_rx_deliver(sb, skb);
		return 0;
	}
	return NF_HOOK(NFPROTO_IPV6, NF_INET_LOCAL_IN, net, sk, skb,
		       skb->dev, NULL, sixbed4_echo_reply);
}

/* Pass PREROUTING, then @okfn; count a packet a hook refused. */
static void sixbed4_rx_hooked(struct sixbed4_dev *sb, struct sk_buff *skb,
			      int (*okfn)(struct net *, struct sock *,
					  struct sk_buff *))
{
	struct net_device *dev = sb->dev;

	if (NF_HOOK(NFPROTO_IPV6, NF_INET_PRE_ROUTING, dev_net(dev), NULL, skb,
		    dev, NULL, okfn) < 0) {
		sixbed4_count(sb, SIXBED4_A_STATS_DROP_FILTERED);
		dev_core_stats_rx_dropped_inc(dev);
	}
}

int sixbed4_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct sixbed4_dev *sb = rcu_dereference_sk_user_data(sk);
	const struct sixbed4_config *cfg;
	struct sixbed4_endpoint from;
	struct ipv6hdr *ip6h;
	unsigned int len;

	/*
	 * A datagram UDP cut out of a GSO packet (udp_rcv_segment()) still
	 * links to the next: sent on as it is, it would take them along.
	 */
	skb_mark_not_on_list(skb);
	if (!sb) {
		kfree_skb(skb);
		return 0;
	}
	cfg = rcu_dereference(sb->config);

	/* Nothing is ever sent back to where no reply can go. */
	from.addr = ip_hdr(skb)->saddr;
	from.port = udp_hdr(skb)->source;
	if (!from.port || !sixbed4_ipv4_plausible(from.addr)) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_BAD_SOURCE);
		return 0;
	}

	/* Empty and short datagrams are the peers' NAT keepalives. */
	len = skb->len - sizeof(struct udphdr);
	if (len < sizeof(struct ipv6hdr)) {
		sixbed4_count(sb, SIXBED4_A_STATS_RX_KEEPALIVE);
		consume_skb(skb);
		return 0;
	}

	if (iptunnel_pull_header(skb, sizeof(struct udphdr), htons(ETH_P_IPV6),
				 !net_eq(sb->creating_net, dev_net(sb->dev))) ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr))) {
		sixbed4_rx_drop(sb, skb, SIXBED4_A_STATS_DROP_TRUNCATED);
		return 0;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	/*
	 * The transport header still points at the outer UDP header: set it
	 * as ip6_rcv_core() would, since the relay path never passes there
	 * and GSO (the MTU check, segmentation) reads it.
	 */
	skb_set_transport_header(skb, sizeof(struct ipv6hdr));
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

	if (sixbed4_for_peer(cfg, &ip6h->daddr)) {
		sixbed4_rx_hooked(sb, skb, sixbed4_relay_routed);
		return 0;
	}
	if (sixbed4_is_router_addr(cfg, &ip6h->daddr)) {
		if (sixbed4_is_echo_request(skb)) {
			sixbed4_rx_hooked(sb, skb, sixbed4_echo_routed);
			return 0;
		}
	} else if (sixbed4_in_prefix(&ip6h->daddr, &cfg->prefix) &&
		   !sixbed4_in_bypass(cfg, &ip6h->daddr)) {
		/* Port 0 is never a peer; bypass ranges are the stack's. */
		sixbed4_rx_icmp(sb, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_ADDR_UNREACH, SIXBED4_A_STATS_DROP_PORT0);
		return 0;
	}
	sixbed4_rx_deliver(sb, skb);
	return 0;
}
