/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 6bed4 router: state shared by the module's files.
 *
 * Locking: configuration changes, socket open/close and the per-netns device
 * lists are serialised by RTNL. The datapath reads the configuration and the
 * socket under RCU only.
 */
#ifndef _SIXBED4_H
#define _SIXBED4_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <net/gro_cells.h>
#include <linux/netfilter.h>
#include <linux/6bed4.h>

#ifndef SIXBED4_VERSION
#define SIXBED4_VERSION "unknown"
#endif

struct sixbed4_prefix {
	struct in6_addr addr;
	u8 len;
};

/* Published with RCU; replaced as a whole on every change, never edited. */
struct sixbed4_config {
	struct rcu_head rcu;
	struct in6_addr prefix;		/* the 6bed4 /64 */
	struct in6_addr router;		/* our own address under it */
	bool has_prefix;		/* false until the admin sets one */
	__be32 local;			/* bind address, 0 = any */
	__be16 port;			/* bind port, never 0 */
	u16 netid;
	u8 n_routes;
	u8 n_bypasses;
	struct sixbed4_prefix routes[SIXBED4_MAX_ROUTES];
	/* Port-0 ranges under the prefix that peers reach through the stack. */
	struct sixbed4_prefix bypasses[SIXBED4_MAX_BYPASSES];
};

/* An IPv4 address and UDP port, as embedded in a 6bed4 address. */
struct sixbed4_endpoint {
	__be32 addr;
	__be16 port;
};

/* Per-CPU counters, indexed by SIXBED4_A_STATS_*. */
struct sixbed4_stats {
	u64_stats_t counter[__SIXBED4_A_STATS_MAX];
	struct u64_stats_sync syncp;
};

/*
 * Replies through the tunnel (Router and Neighbor Advertisements): at most
 * one per source per interval, sources sharing slots by a keyed hash (a
 * sender must not be able to pick sources that share a peer's slot and
 * keep it busy), and so many per second in total. No state per peer: the
 * total is shared, and a flood of solicitations can still use it up.
 */
#define SIXBED4_REPLY_SLOT_BITS		8
#define SIXBED4_REPLY_INTERVAL		(HZ / 4)
#define SIXBED4_REPLIES_PER_SECOND	200

struct sixbed4_reply_limit {
	hsiphash_key_t key;
	unsigned long last[1 << SIXBED4_REPLY_SLOT_BITS];
	struct ratelimit_state total;
};

/*
 * Where a packet to a peer comes from, which says who hears of it when it
 * cannot be sent: the stack's sender (ndo_start_xmit, whose control block
 * is not ours), the peer whose packet is relayed, or nobody (the router's
 * own replies).
 */
enum sixbed4_tx_origin {
	SIXBED4_TX_STACK,
	SIXBED4_TX_RELAY,
	SIXBED4_TX_REPLY,
};

/*
 * What the per-CPU entry of the route cache was looked up for: one
 * dst_cache serves a device that talks to many peers only while the next
 * packet goes where the last one went.
 */
struct sixbed4_route_key {
	__be32 daddr;
	__be32 local;
};

/* Proxy Neighbor Advertisements on the upstream link, per second. */
#define SIXBED4_PROXY_NA_PER_SECOND	200

/*
 * Proxy Neighbor Discovery for the whole prefix on an upstream interface:
 * a netfilter ingress hook on it answers solicitations.
 */
struct sixbed4_proxy_nd {
	struct sixbed4_dev *sb;
	struct net_device *upstream;
	netdevice_tracker tracker;
	struct nf_hook_ops hook;
	struct ratelimit_state na_limit;
};

struct sixbed4_dev {
	struct net_device *dev;
	struct sixbed4_stats __percpu *stats;
	struct dst_cache route_cache;
	struct sixbed4_route_key __percpu *route_key;
	struct gro_cells gro_cells;
	struct sixbed4_reply_limit ra_limit;
	struct sixbed4_reply_limit na_limit;
	/*
	 * The socket lives in the netns the device was created in, even if
	 * the device moves; the device goes away with that netns.
	 */
	struct net *creating_net;
	struct list_head creating_net_list;	/* in sixbed4_net, RTNL */
	struct sixbed4_config __rcu *config;
	struct socket __rcu *sock;
	struct sixbed4_proxy_nd __rcu *proxy_nd;	/* NULL: off */
};

/* Per-netns state: the devices created in this netns. */
struct sixbed4_net {
	struct list_head devices;
};

static inline void sixbed4_count(struct sixbed4_dev *sb, int counter)
{
	struct sixbed4_stats *stats = this_cpu_ptr(sb->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->counter[counter]);
	u64_stats_update_end(&stats->syncp);
}

/* main.c */
struct sixbed4_net *sixbed4_pernet(struct net *net);

/* device.c */
extern struct rtnl_link_ops sixbed4_link_ops;
extern const int sixbed4_datapath_counters[];
extern const unsigned int sixbed4_n_datapath_counters;
extern const u8 sixbed4_drop_reasons[];
bool sixbed4_is_dev(const struct net_device *dev);
void sixbed4_dellink(struct net_device *dev, struct list_head *head);
u64 sixbed4_counter_sum(struct sixbed4_dev *sb, int counter);

/* What kfree_skb sees for a drop counter. */
static inline enum skb_drop_reason sixbed4_drop_reason(int counter)
{
	return sixbed4_drop_reasons[counter] ?: SKB_DROP_REASON_NOT_SPECIFIED;
}

/* own_addr.c */
extern const struct in6_addr sixbed4_router_ll;
bool sixbed4_is_router_addr(const struct sixbed4_config *cfg,
			    const struct in6_addr *addr);
void sixbed4_add_link_local(struct net_device *dev);
bool sixbed4_is_echo_request(struct sk_buff *skb);
int sixbed4_echo_reply(struct net *net, struct sock *sk, struct sk_buff *skb);

/* proxy_nd.c */
struct sixbed4_proxy_nd *sixbed4_proxy_nd_prepare(struct sixbed4_dev *sb,
						  u32 ifindex,
						  struct netlink_ext_ack *extack);
void sixbed4_proxy_nd_commit(struct sixbed4_dev *sb, struct sixbed4_proxy_nd *p);
void sixbed4_proxy_nd_abort(struct sixbed4_dev *sb, struct sixbed4_proxy_nd *p);
void sixbed4_proxy_nd_off(struct sixbed4_dev *sb);
void sixbed4_proxy_nd_upstream_gone(struct net_device *upstream);
int sixbed4_proxy_nd_ifindex(struct sixbed4_dev *sb);

/* receive.c */
int sixbed4_udp_encap_rcv(struct sock *sk, struct sk_buff *skb);
void sixbed4_rx_drop(struct sixbed4_dev *sb, struct sk_buff *skb,
		     int counter);
void sixbed4_rx_deliver(struct sixbed4_dev *sb, struct sk_buff *skb);

/* ethtool.c */
extern const struct ethtool_ops sixbed4_ethtool_ops;

/* offload.c */
struct sk_buff *sixbed4_gro_receive(struct sock *sk, struct list_head *head,
				    struct sk_buff *skb);
int sixbed4_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff);

/* send.c */
netdev_tx_t sixbed4_dev_xmit(struct sk_buff *skb, struct net_device *dev);
bool sixbed4_xmit_to(struct sixbed4_dev *sb, struct sk_buff *skb,
		     struct sixbed4_endpoint ep, enum sixbed4_tx_origin origin);
void sixbed4_tx_drop(struct sixbed4_dev *sb, struct sk_buff *skb,
		     int counter);
bool sixbed4_ipv4_plausible(__be32 addr);

/* nd.c */
void sixbed4_reply_limit_init(struct sixbed4_reply_limit *limit);
int sixbed4_nd_rcv(struct sixbed4_dev *sb, const struct sixbed4_config *cfg,
		   struct sk_buff *skb, struct sixbed4_endpoint from);
void sixbed4_send_ra(struct sixbed4_dev *sb, const struct sixbed4_config *cfg,
		     struct sixbed4_endpoint to, const struct in6_addr *dst);
bool sixbed4_nd_options_valid(const u8 *opt, unsigned int len,
			      bool allow_sllao);
struct sk_buff *sixbed4_nd_skb(unsigned int headroom,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, unsigned int len);
void sixbed4_nd_csum(struct sk_buff *skb);

/* config.c */
struct sixbed4_config *sixbed4_config_alloc_default(void);
struct sixbed4_config *sixbed4_config_update(const struct sixbed4_config *old,
					     struct nlattr **attrs,
					     struct netlink_ext_ack *extack);
struct sixbed4_config *sixbed4_config_bypass(const struct sixbed4_config *old,
					     const struct nlattr *list, bool add,
					     struct netlink_ext_ack *extack);
bool sixbed4_in_bypass(const struct sixbed4_config *cfg,
		       const struct in6_addr *addr);

/* socket.c */
int sixbed4_socket_open(struct sixbed4_dev *sb,
			const struct sixbed4_config *cfg,
			struct netlink_ext_ack *extack);
void sixbed4_socket_close(struct sixbed4_dev *sb);
int sixbed4_socket_update(struct sixbed4_dev *sb,
			  const struct sixbed4_config *old,
			  const struct sixbed4_config *new,
			  struct netlink_ext_ack *extack);

/* netlink.c */
extern const struct nla_policy sixbed4_route_policy[SIXBED4_A_ROUTE_MAX + 1];
int sixbed4_genl_init(void);
void sixbed4_genl_exit(void);

#endif /* _SIXBED4_H */
