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

bool sixbed4_is_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &sixbed4_link_ops;
}

static int sixbed4_dev_init(struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	struct sixbed4_config *cfg;

	cfg = sixbed4_config_alloc_default();
	if (!cfg)
		return -ENOMEM;

	sb->dev = dev;
	RCU_INIT_POINTER(sb->config, cfg);
	return 0;
}

/* Runs once no RCU reader can find the device any more. */
static void sixbed4_dev_uninit(struct net_device *dev)
{
	struct sixbed4_dev *sb = netdev_priv(dev);

	kfree(rtnl_dereference(sb->config));
	RCU_INIT_POINTER(sb->config, NULL);
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

static netdev_tx_t sixbed4_dev_xmit(struct sk_buff *skb,
				    struct net_device *dev)
{
	/* The encapsulating datapath is not part of this version. */
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
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
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + SIXBED4_ENCAP_LEN;
	dev->mtu = IPV6_MIN_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - SIXBED4_ENCAP_LEN;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->needs_free_netdev = true;
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
