// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: the router's own addresses on the tunnel.
 *
 * fe80:: is the router's link-local address: the source of its Router and
 * Neighbor Advertisements and the peers' next hop. It is on the device
 * while the device is up. The router's global 6bed4 address (the prefix
 * with the router's own local:port and lanip 0) and its fe80:: twin are
 * answered for by the module: no exported kernel interface lets a module
 * remove a global address again when the configuration changes, so they
 * are not put on the device.
 */

#include <linux/icmpv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include "sixbed4.h"
#include "addr.h"

const struct in6_addr sixbed4_router_ll = {
	.s6_addr = { 0xfe, 0x80 },
};

/* fe80::, or the prefix or fe80::/64 with the router's interface identifier. */
bool sixbed4_is_router_addr(const struct sixbed4_config *cfg,
			    const struct in6_addr *addr)
{
	if (ipv6_addr_equal(addr, &sixbed4_router_ll))
		return true;
	if (addr->s6_addr32[2] != cfg->router.s6_addr32[2] ||
	    addr->s6_addr32[3] != cfg->router.s6_addr32[3])
		return false;
	return sixbed4_is_link_local64(addr) ||
	       sixbed4_in_prefix(addr, &cfg->prefix);
}

/* The stack drops link-local addresses when a device goes down: called on up. */
void sixbed4_add_link_local(struct net_device *dev)
{
	struct inet6_dev *idev = __in6_dev_get(dev);

	if (idev)
		addrconf_add_linklocal(idev, &sixbed4_router_ll, IFA_F_NODAD);
}

/*
 * An echo request, at a glance: enough to send it through PREROUTING and
 * INPUT. sixbed4_echo_reply() checks the rest once the hooks are done.
 */
bool sixbed4_is_echo_request(struct sk_buff *skb)
{
	u8 type;

	return ipv6_hdr(skb)->nexthdr == IPPROTO_ICMPV6 &&
	       !skb_copy_bits(skb, sizeof(struct ipv6hdr), &type, 1) &&
	       type == ICMPV6_ECHO_REQUEST;
}

/*
 * A valid echo request (type, code, checksum) whose headers can be
 * rewritten in place?
 */
static bool sixbed4_echo_valid(struct sk_buff *skb)
{
	unsigned int hdr_len = sizeof(struct ipv6hdr) + sizeof(struct icmp6hdr);
	unsigned int len = ntohs(ipv6_hdr(skb)->payload_len);
	struct icmp6hdr *icmp6;
	struct ipv6hdr *ip6h;

	if (ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6 ||
	    len < sizeof(*icmp6) || skb_ensure_writable(skb, hdr_len))
		return false;
	ip6h = ipv6_hdr(skb);
	icmp6 = (struct icmp6hdr *)(ip6h + 1);
	return icmp6->icmp6_type == ICMPV6_ECHO_REQUEST && !icmp6->icmp6_code &&
	       !csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
				skb_checksum(skb, sizeof(*ip6h), len, 0));
}

/*
 * The last step for an echo request that passed PREROUTING and INPUT (an
 * okfn; it may run later, from a netfilter queue): turn it into the reply
 * in place and send it back to the peer its source names. The reply does
 * not pass OUTPUT: it is not the stack's.
 */
int sixbed4_echo_reply(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct sixbed4_dev *sb = netdev_priv(skb->dev);
	struct icmp6hdr *icmp6;
	struct ipv6hdr *ip6h;
	struct in6_addr peer;

	/* Anything else goes to the stack, which knows what to do with it. */
	if (!sixbed4_echo_valid(skb)) {
		sixbed4_rx_deliver(sb, skb);
		return 0;
	}
	dev_sw_netstats_rx_add(sb->dev, skb->len);
	ip6h = ipv6_hdr(skb);
	icmp6 = (struct icmp6hdr *)(ip6h + 1);
	peer = ip6h->saddr;
	ip6h->saddr = ip6h->daddr;
	ip6h->daddr = peer;
	ip6h->hop_limit = IPV6_DEFAULT_HOPLIMIT;
	/* The pseudo-header sum is the same with the addresses swapped. */
	icmp6->icmp6_type = ICMPV6_ECHO_REPLY;
	csum_replace2(&icmp6->icmp6_cksum, htons(ICMPV6_ECHO_REQUEST << 8),
		      htons(ICMPV6_ECHO_REPLY << 8));
	skb->ip_summed = CHECKSUM_NONE;
	/* The request's connection tracking entry is not the reply's. */
	nf_reset_ct(skb);

	if (sixbed4_xmit_to(sb, skb, sixbed4_addr_endpoint(&peer),
			    SIXBED4_TX_REPLY))
		sixbed4_count(sb, SIXBED4_A_STATS_ECHO_REPLIED);
	return 0;
}
