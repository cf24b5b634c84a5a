// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: GRO on the socket.
 *
 * A datagram's payload is an IPv6 packet with nothing in between, so the
 * UDP layer's GRO hands it straight to IPv6's: a peer's TCP stream reaches
 * encap_rcv as one packet per NAPI poll instead of one per segment, and
 * leaves through the native side, or through the tunnel again, whole.
 *
 * Checking the merged packet checks every segment in it: GRO merges only
 * datagrams from one outer address and port (IPv4 and UDP GRO compare
 * them) that carry one inner flow (IPv6 compares both addresses, and
 * flushes a packet whose length disagrees with its header), so they all
 * have the source address receive.c validates against the outer one.
 */

#include <linux/ipv6.h>
#include <net/gro.h>
#include "sixbed4.h"

struct sk_buff *sixbed4_gro_receive(struct sock *sk, struct list_head *head,
				    struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb);
	const struct packet_offload *ptype;
	struct sk_buff *pp = NULL;
	const struct ipv6hdr *ip6h;
	int flush = 1;

	/*
	 * TCP right after the IPv6 header only: encap_rcv and the relay's
	 * MTU check find its header there. Anything else, keepalives
	 * included, goes the slow way, unmerged: merged UDP would only be
	 * cut apart again before encap_rcv, as this socket takes no GSO
	 * packet but TCP's (so are TCP segments that a NIC doing fraglist
	 * GRO, rx-gro-list, chains as they came).
	 */
	ip6h = skb_gro_header(skb, off + sizeof(*ip6h), off);
	if (!ip6h || ip6h->version != 6 || ip6h->nexthdr != IPPROTO_TCP)
		goto out;
	ptype = gro_find_receive_by_type(htons(ETH_P_IPV6));
	if (!ptype)
		goto out;
	pp = call_gro_receive(ptype->callbacks.gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

int sixbed4_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	const struct packet_offload *ptype;
	int err;

	/* Always there: sixbed4_gro_receive() merged through it. */
	ptype = gro_find_complete_by_type(htons(ETH_P_IPV6));
	if (!ptype)
		return -EINVAL;
	err = ptype->callbacks.gro_complete(skb, nhoff);
	/* No inner link layer: segmentation starts at the IPv6 header. */
	skb_set_inner_mac_header(skb, nhoff);
	return err;
}
