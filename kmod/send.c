// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: packets to peers.
 *
 * A packet's destination address says where it goes: it must be a 6bed4
 * address under our prefix, whose embedded IPv4 address and UDP port are
 * a sensible target. It leaves from the device's socket, so peers always
 * see the router at local:port.
 */

#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/udp_tunnel.h>
#include "sixbed4.h"
#include "addr.h"

void sixbed4_tx_drop(struct sixbed4_dev *sb, struct sk_buff *skb, int counter)
{
	sixbed4_count(sb, counter);
	dev_core_stats_tx_dropped_inc(sb->dev);
	kfree_skb(skb);
}

static void sixbed4_tx_icmp(struct sixbed4_dev *sb, struct sk_buff *skb,
			    u8 type, u8 code, u32 info, int counter)
{
	icmpv6_send(skb, type, code, info);
	sixbed4_tx_drop(sb, skb, counter);
}

/*
 * Endpoints a destination address must never make us send to: this
 * network, loopback, multicast, 240.0.0.0/4 (with the limited broadcast
 * address) and our own address.
 */
static bool sixbed4_endpoint_allowed(const struct sixbed4_config *cfg,
				     struct sixbed4_endpoint ep)
{
	u8 first = ntohl(ep.addr) >> 24;

	return first != 0 && first != 127 && first < 224 &&
	       ep.addr != cfg->local;
}

/*
 * The IPv4 route to @ep, from the per-CPU cache when the last packet on
 * this CPU went to the same address from the same local address (bulk
 * traffic), else from the FIB. Runs with bottom halves off.
 */
static struct rtable *sixbed4_route(struct sixbed4_dev *sb,
				    const struct sixbed4_config *cfg,
				    struct sixbed4_endpoint ep,
				    struct flowi4 *fl4)
{
	struct sixbed4_route_key *key = this_cpu_ptr(sb->route_key);
	struct rtable *rt;

	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = ep.addr;
	fl4->saddr = cfg->local;
	fl4->flowi4_proto = IPPROTO_UDP;
	fl4->fl4_sport = cfg->port;
	fl4->fl4_dport = ep.port;

	if (key->daddr == ep.addr && key->local == cfg->local) {
		rt = dst_cache_get_ip4(&sb->route_cache, &fl4->saddr);
		if (rt)
			return rt;
	}
	rt = ip_route_output_key(sb->creating_net, fl4);
	if (IS_ERR(rt))
		return rt;
	dst_cache_set_ip4(&sb->route_cache, &rt->dst, fl4->saddr);
	key->daddr = ep.addr;
	key->local = cfg->local;
	return rt;
}

/* Encapsulate an IPv6 packet and send it to @ep. */
void sixbed4_xmit_to(struct sixbed4_dev *sb, const struct sixbed4_config *cfg,
		     struct sk_buff *skb, struct sixbed4_endpoint ep)
{
	struct net_device *dev = sb->dev;
	struct socket *sock;
	unsigned int len;
	struct flowi4 fl4;
	struct rtable *rt;

	if (!sixbed4_endpoint_allowed(cfg, ep)) {
		sixbed4_tx_icmp(sb, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_ADM_PROHIBITED, 0,
				SIXBED4_A_STATS_DROP_BAD_ENDPOINT);
		return;
	}
	if (!skb_is_gso(skb) && skb->len > dev->mtu) {
		sixbed4_tx_icmp(sb, skb, ICMPV6_PKT_TOOBIG, 0, dev->mtu,
				SIXBED4_A_STATS_DROP_TOO_BIG);
		return;
	}

	sock = rcu_dereference_bh(sb->sock);
	if (!sock) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_NO_ROUTE);
		return;
	}

	rt = sixbed4_route(sb, cfg, ep, &fl4);
	if (IS_ERR(rt)) {
		sixbed4_tx_icmp(sb, skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE,
				0, SIXBED4_A_STATS_DROP_NO_ROUTE);
		return;
	}
	/* Never into ourselves. */
	if (rt->dst.dev == dev) {
		ip_rt_put(rt);
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_NO_ROUTE);
		return;
	}

	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len + sizeof(struct iphdr) +
			 sizeof(struct udphdr)) ||
	    udp_tunnel_handle_offloads(skb, true)) {
		ip_rt_put(rt);
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_TOO_BIG);
		return;
	}

	len = skb->len;
	skb_set_inner_protocol(skb, htons(ETH_P_IPV6));
	/* DF stays clear: an IPv4 path narrower than 1308 bytes fragments. */
	udp_tunnel_xmit_skb(rt, sock->sk, skb, fl4.saddr, ep.addr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, cfg->port, ep.port,
			    !net_eq(sb->creating_net, dev_net(dev)), false);
	dev_sw_netstats_tx_add(dev, 1, len);
}

netdev_tx_t sixbed4_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	const struct sixbed4_config *cfg = rcu_dereference_bh(sb->config);
	const struct ipv6hdr *ip6h;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_network_may_pull(skb, sizeof(*ip6h))) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_NOT_IPV6);
		return NETDEV_TX_OK;
	}
	ip6h = ipv6_hdr(skb);

	/* The stack's own MLD and RS: 6bed4 has no multicast. */
	if (ipv6_addr_is_multicast(&ip6h->daddr)) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_MULTICAST);
		return NETDEV_TX_OK;
	}
	if (!cfg->has_prefix || !sixbed4_in_prefix(&ip6h->daddr, &cfg->prefix)) {
		sixbed4_tx_icmp(sb, skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0,
				SIXBED4_A_STATS_DROP_NOT_PREFIX);
		return NETDEV_TX_OK;
	}
	/* Port 0 is never a peer. */
	if (!ip6h->daddr.s6_addr16[6]) {
		sixbed4_tx_icmp(sb, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_ADDR_UNREACH, 0,
				SIXBED4_A_STATS_DROP_PORT0);
		return NETDEV_TX_OK;
	}

	sixbed4_xmit_to(sb, cfg, skb, sixbed4_addr_endpoint(&ip6h->daddr));
	return NETDEV_TX_OK;
}
