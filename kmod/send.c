// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: packets to peers.
 *
 * A packet's destination address says where it goes: it must be a 6bed4
 * address under our prefix, whose embedded IPv4 address and UDP port are
 * a sensible target: a unicast address reached through another device,
 * never a broadcast, multicast or local one. It leaves from the device's
 * socket, so peers always see the router at local:port.
 */

#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <net/inet_sock.h>
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
	kfree_skb_reason(skb, sixbed4_drop_reason(counter));
}

/*
 * Refuse a packet; its sender hears why, unless it is one of the
 * router's own replies, which are nobody's to answer. icmpv6_ndo_send():
 * the stack's packets came through ndo_start_xmit, whose control block is
 * not an IPv6 one, and a relayed packet may have been source-NATed at
 * POSTROUTING; it undoes that.
 */
static void sixbed4_tx_refuse(struct sixbed4_dev *sb, struct sk_buff *skb,
			      enum sixbed4_tx_origin origin, u8 type, u8 code,
			      u32 info, int counter)
{
	if (origin != SIXBED4_TX_REPLY)
		icmpv6_ndo_send(skb, type, code, info);
	sixbed4_tx_drop(sb, skb, counter);
}

/*
 * IPv4 addresses that are never a peer's: this network, loopback,
 * multicast and 240.0.0.0/4 with the limited broadcast address. The
 * route to the others decides the rest.
 */
bool sixbed4_ipv4_plausible(__be32 addr)
{
	u8 first = ntohl(addr) >> 24;

	return first != 0 && first != 127 && first < 224;
}

/*
 * The IPv4 route to @ep from @sk, from the per-CPU cache when the last
 * packet on this CPU went to the same address from the same local address
 * (bulk traffic), else from the FIB. Only unicast routes out of another
 * device are taken: a derived endpoint that names a broadcast or one of
 * our own addresses must not reach the link or a local service. Runs with
 * bottom halves off.
 */
static struct rtable *sixbed4_route(struct sixbed4_dev *sb, struct sock *sk,
				    struct sixbed4_endpoint ep,
				    struct flowi4 *fl4)
{
	struct sixbed4_route_key *key = this_cpu_ptr(sb->route_key);
	__be32 local = inet_sk(sk)->inet_saddr;
	struct rtable *rt;

	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = ep.addr;
	fl4->saddr = local;
	fl4->flowi4_proto = IPPROTO_UDP;
	fl4->fl4_sport = inet_sk(sk)->inet_sport;
	fl4->fl4_dport = ep.port;

	if (key->daddr == ep.addr && key->local == local) {
		rt = dst_cache_get_ip4(&sb->route_cache, &fl4->saddr);
		if (rt)
			return rt;
	}
	rt = ip_route_output_key(sb->creating_net, fl4);
	if (IS_ERR(rt))
		return rt;
	if (rt->rt_type != RTN_UNICAST || rt->dst.dev == sb->dev) {
		ip_rt_put(rt);
		return ERR_PTR(-EACCES);
	}
	dst_cache_set_ip4(&sb->route_cache, &rt->dst, fl4->saddr);
	key->daddr = ep.addr;
	key->local = local;
	return rt;
}

/* Encapsulate an IPv6 packet and send it to @ep: false if refused. */
bool sixbed4_xmit_to(struct sixbed4_dev *sb, struct sk_buff *skb,
		     struct sixbed4_endpoint ep, enum sixbed4_tx_origin origin)
{
	struct net_device *dev = sb->dev;
	struct socket *sock;
	struct flowi4 fl4;
	struct rtable *rt;

	if (!ep.port || !sixbed4_ipv4_plausible(ep.addr)) {
		sixbed4_tx_refuse(sb, skb, origin, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADM_PROHIBITED, 0,
				  SIXBED4_A_STATS_DROP_BAD_ENDPOINT);
		return false;
	}
	/* A GSO packet is too big if its segments are. */
	if (skb->len > dev->mtu &&
	    !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, dev->mtu))) {
		sixbed4_tx_refuse(sb, skb, origin, ICMPV6_PKT_TOOBIG, 0,
				  dev->mtu, SIXBED4_A_STATS_DROP_TOO_BIG);
		return false;
	}

	sock = rcu_dereference_bh(sb->sock);
	if (!sock) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_NO_ROUTE);
		return false;
	}

	rt = sixbed4_route(sb, sock->sk, ep, &fl4);
	if (IS_ERR(rt)) {
		if (PTR_ERR(rt) == -EACCES)
			sixbed4_tx_refuse(sb, skb, origin, ICMPV6_DEST_UNREACH,
					  ICMPV6_ADM_PROHIBITED, 0,
					  SIXBED4_A_STATS_DROP_BAD_ENDPOINT);
		else
			sixbed4_tx_refuse(sb, skb, origin, ICMPV6_DEST_UNREACH,
					  ICMPV6_NOROUTE, 0,
					  SIXBED4_A_STATS_DROP_NO_ROUTE);
		return false;
	}

	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len + sizeof(struct iphdr) +
			 sizeof(struct udphdr)) ||
	    udp_tunnel_handle_offloads(skb, true)) {
		ip_rt_put(rt);
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_NOMEM);
		return false;
	}

	skb_set_inner_protocol(skb, htons(ETH_P_IPV6));
	/*
	 * DF stays clear: an IPv4 path narrower than 1308 bytes fragments.
	 * The source port is the socket's own, so a packet sent while the
	 * socket is being replaced matches the socket it leaves from.
	 * iptunnel_xmit() counts the packet on skb->dev, the device.
	 */
	udp_tunnel_xmit_skb(rt, sock->sk, skb, fl4.saddr, ep.addr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0,
			    inet_sk(sock->sk)->inet_sport, ep.port,
			    !net_eq(sb->creating_net, dev_net(dev)), false);
	return true;
}

/*
 * Does @saddr, under whatever prefix, embed our own endpoint? The router
 * never sends from such an address: the packet is spoofed, or one we sent
 * to another 6bed4 router, which validated it and routed it back (RFC
 * 6324's loop between automatic tunnels); it would bounce between the two
 * until its hop limit ran out. The route lookup only for our port.
 */
static bool sixbed4_from_own_endpoint(struct sixbed4_dev *sb,
				      const struct sixbed4_config *cfg,
				      const struct in6_addr *saddr)
{
	struct sixbed4_endpoint ep = sixbed4_addr_endpoint(saddr);

	if (ep.port != cfg->port)
		return false;
	if (cfg->local)
		return ep.addr == cfg->local;
	return inet_addr_type(sb->creating_net, ep.addr) == RTN_LOCAL;
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
		sixbed4_tx_refuse(sb, skb, SIXBED4_TX_STACK, ICMPV6_DEST_UNREACH,
				  ICMPV6_NOROUTE, 0,
				  SIXBED4_A_STATS_DROP_NOT_PREFIX);
		return NETDEV_TX_OK;
	}
	/* Port 0 is never a peer. */
	if (!ip6h->daddr.s6_addr16[6]) {
		sixbed4_tx_refuse(sb, skb, SIXBED4_TX_STACK, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADDR_UNREACH, 0,
				  SIXBED4_A_STATS_DROP_PORT0);
		return NETDEV_TX_OK;
	}

	/*
	 * A source in the prefix with a port is a peer's address: only the
	 * tunnel brings those (a relay diverted by the hooks comes back in
	 * through the device). From anywhere else it impersonates a peer to
	 * peers that trust whatever comes from the router.
	 */
	if (sixbed4_in_prefix(&ip6h->saddr, &cfg->prefix) &&
	    ip6h->saddr.s6_addr16[6] && skb->skb_iif != dev->ifindex) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_SPOOFED);
		return NETDEV_TX_OK;
	}
	if (sixbed4_from_own_endpoint(sb, cfg, &ip6h->saddr)) {
		sixbed4_tx_drop(sb, skb, SIXBED4_A_STATS_DROP_LOOP);
		return NETDEV_TX_OK;
	}

	sixbed4_xmit_to(sb, skb, sixbed4_addr_endpoint(&ip6h->daddr),
			SIXBED4_TX_STACK);
	return NETDEV_TX_OK;
}
