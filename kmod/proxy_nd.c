// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: proxy Neighbor Discovery on the upstream link.
 *
 * A provider that treats the whole /64 as on-link solicits every address
 * it delivers to. The kernel's proxy NDP needs an entry per address; here
 * a netfilter ingress hook on the upstream interface answers Neighbor
 * Solicitations for every address the device serves: the 6bed4 addresses
 * under its prefix (port != 0) and its port-0 bypass ranges. No state per
 * address. The interface is put in allmulti mode, so that solicitations to
 * any solicited-node group reach it.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netfilter.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>
#include "sixbed4.h"
#include "addr.h"

/* Active proxies, so that most interface removals need no search. RTNL. */
static unsigned int sixbed4_proxy_nd_count;

/* A solicitation up to its target; options follow. */
struct sixbed4_ns {
	struct ipv6hdr ip6;
	struct icmp6hdr icmp6;
	struct in6_addr target;
} __packed;

/* Peers' addresses and bypass ranges; not other port-0 addresses. */
static bool sixbed4_proxy_serves(const struct sixbed4_config *cfg,
				 const struct in6_addr *target)
{
	return target->s6_addr16[6] || sixbed4_in_bypass(cfg, target);
}

/*
 * RFC 4861 7.1.1. Makes the whole message linear before reading it;
 * @skb->data is at the IPv6 header on ingress. The longest solicitation
 * served carries a source link-layer and a nonce option.
 */
#define SIXBED4_PROXY_NS_MAX_LEN	(sizeof(struct icmp6hdr) + \
					 sizeof(struct in6_addr) + 2 * 8)

static bool sixbed4_proxy_ns_valid(struct sk_buff *skb)
{
	const unsigned int min_len = sizeof(struct icmp6hdr) +
				     sizeof(struct in6_addr);
	const struct sixbed4_ns *ns;
	unsigned int len;
	bool dad;

	if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
		return false;
	len = ntohs(ipv6_hdr(skb)->payload_len);
	if (len < min_len || len > SIXBED4_PROXY_NS_MAX_LEN ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr) + len))
		return false;
	ns = (const void *)skb->data;
	dad = ipv6_addr_any(&ns->ip6.saddr);
	return ns->ip6.version == 6 && ns->ip6.hop_limit == 255 &&
	       !ns->icmp6.icmp6_code &&
	       !ipv6_addr_is_multicast(&ns->target) &&
	       !ipv6_addr_is_multicast(&ns->ip6.saddr) &&
	       (!dad || ipv6_addr_is_solict_mult(&ns->ip6.daddr)) &&
	       !csum_ipv6_magic(&ns->ip6.saddr, &ns->ip6.daddr, len,
				IPPROTO_ICMPV6,
				csum_partial(&ns->icmp6, len, 0)) &&
	       sixbed4_nd_options_valid((const u8 *)(ns + 1), len - min_len,
					!dad);
}

/*
 * Neighbor Advertisement for @ns's target with @upstream's link-layer
 * address: router, solicited unless it answers duplicate address detection
 * (then to all-nodes, as RFC 4861 7.2.4 says), never override, as RFC 4861
 * 7.2.8 asks of proxies. To the solicitor's MAC address, as a bridge's
 * neighbor suppression does.
 */
static bool sixbed4_proxy_send_na(struct net_device *upstream,
				  const struct sk_buff *ns_skb)
{
	const struct sixbed4_ns *ns = (const void *)ns_skb->data;
	bool dad = ipv6_addr_any(&ns->ip6.saddr);
	const struct in6_addr *daddr = dad ? &in6addr_linklocal_allnodes :
					     &ns->ip6.saddr;
	unsigned int optlen = ALIGN(2 + upstream->addr_len, 8);
	unsigned int len = sizeof(struct nd_msg) + optlen;
	struct in6_addr saddr;
	struct sk_buff *skb;
	struct nd_msg *msg;
	u8 mac[ETH_ALEN];

	/* A frame "from" broadcast or multicast must not make us send there. */
	if (dad)
		ipv6_eth_mc_map(daddr, mac);
	else if (skb_mac_header_was_set(ns_skb) &&
		 skb_mac_header_len(ns_skb) >= ETH_HLEN &&
		 is_valid_ether_addr(eth_hdr(ns_skb)->h_source))
		ether_addr_copy(mac, eth_hdr(ns_skb)->h_source);
	else
		return false;
	if (ipv6_dev_get_saddr(dev_net(upstream), upstream, daddr, 0, &saddr))
		return false;

	skb = sixbed4_nd_skb(LL_RESERVED_SPACE(upstream), &saddr, daddr, len);
	if (!skb)
		return false;
	msg = (struct nd_msg *)icmp6_hdr(skb);
	msg->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	msg->icmph.icmp6_router = 1;
	msg->icmph.icmp6_solicited = !dad;
	msg->target = ns->target;
	msg->opt[0] = ND_OPT_TARGET_LL_ADDR;
	msg->opt[1] = optlen / 8;
	memcpy(&msg->opt[2], upstream->dev_addr, upstream->addr_len);
	sixbed4_nd_csum(skb);

	skb->dev = upstream;
	if (dev_hard_header(skb, upstream, ETH_P_IPV6, mac, NULL,
			    skb->len) < 0) {
		kfree_skb(skb);
		return false;
	}
	dev_queue_xmit(skb);
	return true;
}

/*
 * Every packet received on the upstream interface passes here: anything
 * but a solicitation for an address under the prefix goes on untouched.
 */
static unsigned int sixbed4_proxy_nd_hook(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	struct sixbed4_proxy_nd *p = priv;
	struct sixbed4_dev *sb = p->sb;
	const struct sixbed4_config *cfg;
	const struct sixbed4_ns *ns;
	struct sixbed4_ns buf;

	/* Frames for other hosts or for a VLAN on top are not ours to answer. */
	if (skb->protocol != htons(ETH_P_IPV6) ||
	    skb->pkt_type == PACKET_OTHERHOST || skb_vlan_tag_present(skb))
		return NF_ACCEPT;
	ns = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!ns || ns->ip6.nexthdr != IPPROTO_ICMPV6 ||
	    ns->icmp6.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION)
		return NF_ACCEPT;

	cfg = rcu_dereference(sb->config);
	if (!cfg->has_prefix || !netif_running(sb->dev) ||
	    !sixbed4_in_prefix(&ns->target, &cfg->prefix))
		return NF_ACCEPT;
	/* Addresses on the upstream interface itself are the stack's. */
	if (ipv6_chk_addr(state->net, &ns->target, state->in, 1))
		return NF_ACCEPT;
	if (skb_shared(skb) || !sixbed4_proxy_ns_valid(skb))
		goto ignore;
	ns = (const void *)skb->data;
	if (!sixbed4_proxy_serves(cfg, &ns->target))
		goto ignore;

	if (!__ratelimit(&p->na_limit)) {
		sixbed4_count(sb, SIXBED4_A_STATS_PROXY_NA_RATELIMITED);
		kfree_skb(skb);
		return NF_STOLEN;
	}
	if (!sixbed4_proxy_send_na(state->in, skb))
		goto ignore;
	sixbed4_count(sb, SIXBED4_A_STATS_PROXY_NS_ANSWERED);
	consume_skb(skb);
	return NF_STOLEN;

ignore:
	sixbed4_count(sb, SIXBED4_A_STATS_PROXY_NS_IGNORED);
	return NF_ACCEPT;
}

static void sixbed4_proxy_nd_free(struct sixbed4_proxy_nd *p)
{
	struct net_device *upstream = p->upstream;

	nf_unregister_net_hook(dev_net(upstream), &p->hook);
	/* A hook may still be running on another CPU. */
	synchronize_net();
	dev_set_allmulti(upstream, -1);
	netdev_put(upstream, &p->tracker);
	kfree(p);
	sixbed4_proxy_nd_count--;
}

/*
 * Changing proxy ND takes two steps, so that a SET request that fails
 * later changes nothing: prepare the hook on the new interface (or NULL:
 * off), then commit it, dropping the old one, or abort it.
 */
struct sixbed4_proxy_nd *sixbed4_proxy_nd_prepare(struct sixbed4_dev *sb,
						  u32 ifindex,
						  struct netlink_ext_ack *extack)
{
	struct sixbed4_proxy_nd *old = rtnl_dereference(sb->proxy_nd), *p;
	struct net_device *upstream;
	int err;

	if (!ifindex)
		return NULL;
	upstream = __dev_get_by_index(dev_net(sb->dev), ifindex);
	if (!upstream) {
		NL_SET_ERR_MSG(extack, "no such upstream interface");
		return ERR_PTR(-ENODEV);
	}
	if (old && old->upstream == upstream)
		return old;
	if (upstream->type != ARPHRD_ETHER || upstream->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "proxy ND needs an Ethernet interface");
		return ERR_PTR(-EOPNOTSUPP);
	}

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->sb = sb;
	p->upstream = upstream;
	ratelimit_state_init(&p->na_limit, HZ, SIXBED4_PROXY_NA_PER_SECOND);
	ratelimit_set_flags(&p->na_limit, RATELIMIT_MSG_ON_RELEASE);
	p->hook.hook = sixbed4_proxy_nd_hook;
	p->hook.dev = upstream;
	p->hook.priv = p;
	p->hook.pf = NFPROTO_NETDEV;
	p->hook.hooknum = NF_NETDEV_INGRESS;
	/* Last, so that firewall rules on the interface see solicitations first. */
	p->hook.priority = INT_MAX;

	err = dev_set_allmulti(upstream, 1);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot receive all multicast on the upstream interface");
		goto err_free;
	}
	err = nf_register_net_hook(dev_net(upstream), &p->hook);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot hook the upstream interface's ingress");
		goto err_allmulti;
	}
	netdev_hold(upstream, &p->tracker, GFP_KERNEL);
	sixbed4_proxy_nd_count++;
	return p;

err_allmulti:
	dev_set_allmulti(upstream, -1);
err_free:
	kfree(p);
	return ERR_PTR(err);
}

void sixbed4_proxy_nd_commit(struct sixbed4_dev *sb, struct sixbed4_proxy_nd *p)
{
	struct sixbed4_proxy_nd *old = rtnl_dereference(sb->proxy_nd);

	if (p == old)
		return;
	rcu_assign_pointer(sb->proxy_nd, p);
	if (old)
		sixbed4_proxy_nd_free(old);
}

void sixbed4_proxy_nd_abort(struct sixbed4_dev *sb, struct sixbed4_proxy_nd *p)
{
	if (p && p != rtnl_dereference(sb->proxy_nd))
		sixbed4_proxy_nd_free(p);
}

void sixbed4_proxy_nd_off(struct sixbed4_dev *sb)
{
	sixbed4_proxy_nd_commit(sb, NULL);
}

/* The upstream interface is being unregistered or moved: stop using it. */
void sixbed4_proxy_nd_upstream_gone(struct net_device *upstream)
{
	struct sixbed4_proxy_nd *p;
	struct net_device *dev;

	ASSERT_RTNL();
	if (!sixbed4_proxy_nd_count)
		return;
	for_each_netdev(dev_net(upstream), dev) {
		if (!sixbed4_is_dev(dev))
			continue;
		p = rtnl_dereference(((struct sixbed4_dev *)netdev_priv(dev))->proxy_nd);
		if (p && p->upstream == upstream)
			sixbed4_proxy_nd_off(netdev_priv(dev));
	}
}

/* For replies; caller holds RTNL or the RCU read lock. */
int sixbed4_proxy_nd_ifindex(struct sixbed4_dev *sb)
{
	struct sixbed4_proxy_nd *p = rcu_dereference_rtnl(sb->proxy_nd);

	return p ? p->upstream->ifindex : 0;
}
