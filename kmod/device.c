// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: the network device.
 *
 * The device is IPv6-only and point-to-multipoint: one UDP socket serves
 * every peer, and a packet's destination address alone says which peer it
 * goes to. It has no link-layer header, no ARP and no qdisc.
 */

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>
#include "sixbed4.h"

/* Encapsulation needs room for the outer IPv4 and UDP headers. */
#define SIXBED4_ENCAP_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr))

/*
 * The stack hands the device whole TCP (and UDP GSO) super-packets with
 * their checksums left to do, as it does to sit: each is encapsulated
 * once, and segmented (outer checksums included) by the lower device or
 * by software GSO on the way out.
 */
#define SIXBED4_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
				 NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE)

bool sixbed4_is_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &sixbed4_link_ops;
}

/* The counters the datapath keeps, as "6bed4 show" reports them. */
const int sixbed4_datapath_counters[] = {
	SIXBED4_A_STATS_RX_KEEPALIVE,
	SIXBED4_A_STATS_DROP_BAD_VERSION,
	SIXBED4_A_STATS_DROP_TRUNCATED,
	SIXBED4_A_STATS_DROP_SPOOFED,
	SIXBED4_A_STATS_DROP_NOT_PREFIX,
	SIXBED4_A_STATS_DROP_PORT0,
	SIXBED4_A_STATS_DROP_BAD_ENDPOINT,
	SIXBED4_A_STATS_DROP_HOP_LIMIT,
	SIXBED4_A_STATS_DROP_INVALID_ND,
	SIXBED4_A_STATS_DROP_MULTICAST,
	SIXBED4_A_STATS_DROP_NO_ROUTE,
	SIXBED4_A_STATS_DROP_TOO_BIG,
	SIXBED4_A_STATS_DROP_NOT_IPV6,
	SIXBED4_A_STATS_RA_SENT,
	SIXBED4_A_STATS_RA_RATELIMITED,
	SIXBED4_A_STATS_NA_SENT,
	SIXBED4_A_STATS_PROXY_NS_ANSWERED,
	SIXBED4_A_STATS_PROXY_NS_IGNORED,
	SIXBED4_A_STATS_PROXY_NA_RATELIMITED,
	SIXBED4_A_STATS_ECHO_REPLIED,
	SIXBED4_A_STATS_DROP_BAD_SOURCE,
	SIXBED4_A_STATS_DROP_FILTERED,
	SIXBED4_A_STATS_NA_RATELIMITED,
	SIXBED4_A_STATS_DROP_NOMEM,
	SIXBED4_A_STATS_RX_SOLICIT,
	SIXBED4_A_STATS_DROP_LOOP,
};

const unsigned int sixbed4_n_datapath_counters =
	ARRAY_SIZE(sixbed4_datapath_counters);

/*
 * What "perf" and dropwatch see for each drop counter: the closest reason
 * that both kernels know.
 */
const u8 sixbed4_drop_reasons[__SIXBED4_A_STATS_MAX] = {
	[SIXBED4_A_STATS_DROP_BAD_VERSION] = SKB_DROP_REASON_UNHANDLED_PROTO,
	[SIXBED4_A_STATS_DROP_TRUNCATED] = SKB_DROP_REASON_PKT_TOO_SMALL,
	[SIXBED4_A_STATS_DROP_SPOOFED] = SKB_DROP_REASON_IP_RPFILTER,
	[SIXBED4_A_STATS_DROP_NOT_PREFIX] = SKB_DROP_REASON_IP_OUTNOROUTES,
	[SIXBED4_A_STATS_DROP_PORT0] = SKB_DROP_REASON_IP_INADDRERRORS,
	[SIXBED4_A_STATS_DROP_BAD_ENDPOINT] = SKB_DROP_REASON_IP_OUTNOROUTES,
	[SIXBED4_A_STATS_DROP_HOP_LIMIT] = SKB_DROP_REASON_IP_INHDR,
	[SIXBED4_A_STATS_DROP_INVALID_ND] = SKB_DROP_REASON_IP_INHDR,
	[SIXBED4_A_STATS_DROP_MULTICAST] = SKB_DROP_REASON_IP_INADDRERRORS,
	[SIXBED4_A_STATS_DROP_NO_ROUTE] = SKB_DROP_REASON_IP_OUTNOROUTES,
	[SIXBED4_A_STATS_DROP_TOO_BIG] = SKB_DROP_REASON_PKT_TOO_BIG,
	[SIXBED4_A_STATS_DROP_NOT_IPV6] = SKB_DROP_REASON_UNHANDLED_PROTO,
	[SIXBED4_A_STATS_DROP_BAD_SOURCE] = SKB_DROP_REASON_IP_INADDRERRORS,
	[SIXBED4_A_STATS_DROP_FILTERED] = SKB_DROP_REASON_NETFILTER_DROP,
	[SIXBED4_A_STATS_DROP_NOMEM] = SKB_DROP_REASON_NOMEM,
	[SIXBED4_A_STATS_DROP_LOOP] = SKB_DROP_REASON_IP_INADDRERRORS,
};

u64 sixbed4_counter_sum(struct sixbed4_dev *sb, int counter)
{
	const struct sixbed4_stats *stats;
	unsigned int start;
	u64 sum = 0, value;
	int cpu;

	for_each_possible_cpu(cpu) {
		stats = per_cpu_ptr(sb->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&stats->syncp);
			value = u64_stats_read(&stats->counter[counter]);
		} while (u64_stats_fetch_retry(&stats->syncp, start));
		sum += value;
	}
	return sum;
}

static int sixbed4_dev_init(struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	struct sixbed4_config *cfg;
	int err;

	sb->dev = dev;
	sb->stats = netdev_alloc_pcpu_stats(struct sixbed4_stats);
	if (!sb->stats)
		return -ENOMEM;

	err = gro_cells_init(&sb->gro_cells, dev);
	if (err)
		goto err_free_stats;

	err = dst_cache_init(&sb->route_cache, GFP_KERNEL);
	if (err)
		goto err_destroy_gro_cells;
	sb->route_key = alloc_percpu(struct sixbed4_route_key);
	if (!sb->route_key) {
		err = -ENOMEM;
		goto err_destroy_route_cache;
	}

	cfg = sixbed4_config_alloc_default();
	if (!cfg) {
		err = -ENOMEM;
		goto err_free_route_key;
	}
	RCU_INIT_POINTER(sb->config, cfg);
	sixbed4_reply_limit_init(&sb->ra_limit);
	sixbed4_reply_limit_init(&sb->na_limit);
	return 0;

err_free_route_key:
	free_percpu(sb->route_key);
err_destroy_route_cache:
	dst_cache_destroy(&sb->route_cache);
err_destroy_gro_cells:
	gro_cells_destroy(&sb->gro_cells);
err_free_stats:
	free_percpu(sb->stats);
	return err;
}

/* Unregistering: nothing new reaches the device through its upstream. */
static void sixbed4_dev_uninit(struct net_device *dev)
{
	sixbed4_proxy_nd_off(netdev_priv(dev));
}

/*
 * Once the last reference is gone. Not in ndo_uninit: a packet queued to
 * userspace (NFQUEUE) at one of our hooks holds the device, and its
 * verdict may come after unregistering and run our okfn.
 */
static void sixbed4_dev_free(struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);

	kfree(rcu_dereference_protected(sb->config, true));
	free_percpu(sb->route_key);
	dst_cache_destroy(&sb->route_cache);
	gro_cells_destroy(&sb->gro_cells);
	free_percpu(sb->stats);
}

static int sixbed4_dev_open(struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	const struct sixbed4_config *cfg = rtnl_dereference(sb->config);

	/* Without a prefix there is nothing to serve yet. */
	if (!cfg->has_prefix)
		return 0;

	return sixbed4_socket_open(sb, cfg, NULL);
}

static int sixbed4_dev_stop(struct net_device *dev)
{
	sixbed4_socket_close(netdev_priv(dev));
	return 0;
}

static const struct net_device_ops sixbed4_netdev_ops = {
	.ndo_init = sixbed4_dev_init,
	.ndo_uninit = sixbed4_dev_uninit,
	.ndo_open = sixbed4_dev_open,
	.ndo_stop = sixbed4_dev_stop,
	.ndo_start_xmit = sixbed4_dev_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void sixbed4_setup(struct net_device *dev)
{
	dev->netdev_ops = &sixbed4_netdev_ops;
	dev->ethtool_ops = &sixbed4_ethtool_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + SIXBED4_ENCAP_LEN;
	dev->mtu = IPV6_MIN_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - SIXBED4_ENCAP_LEN;
	dev->features |= SIXBED4_FEATURES;
	dev->hw_features |= SIXBED4_FEATURES;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->needs_free_netdev = true;
	dev->priv_destructor = sixbed4_dev_free;
	sixbed4_compat_set_lltx(dev);
	netif_keep_dst(dev);
}

static int sixbed4_newlink(struct net *src_net, struct net_device *dev,
			   struct nlattr *tb[], struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	int err;

	sb->creating_net = src_net;
	err = register_netdevice(dev);
	if (err)
		return err;

	/*
	 * Where the socket does GRO (offload.c), packets from peers have
	 * been through it: a second pass in the GRO cells would only cost
	 * (1200 instructions per datagram, make bench). The admin may turn
	 * it back on with ethtool, as for veth.
	 */
	if (SIXBED4_SOCKET_GRO) {
		dev->wanted_features &= ~NETIF_F_GRO;
		netdev_update_features(dev);
	}

	list_add(&sb->creating_net_list, &sixbed4_pernet(src_net)->devices);
	return 0;
}

void sixbed4_dellink(struct net_device *dev, struct list_head *head)
{
	struct sixbed4_dev *sb = netdev_priv(dev);

	list_del(&sb->creating_net_list);
	unregister_netdevice_queue(dev, head);
}

static struct net *sixbed4_get_link_net(const struct net_device *dev)
{
	const struct sixbed4_dev *sb = netdev_priv(dev);

	return sb->creating_net;
}

struct rtnl_link_ops sixbed4_link_ops __read_mostly = {
	.kind = SIXBED4_GENL_NAME,
	.priv_size = sizeof(struct sixbed4_dev),
	.setup = sixbed4_setup,
	.newlink = sixbed4_newlink,
	.dellink = sixbed4_dellink,
	.get_link_net = sixbed4_get_link_net,
};
