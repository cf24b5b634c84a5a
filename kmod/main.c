// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: module glue and per-netns bookkeeping.
 *
 * 6bed4 carries IPv6 packets as the whole payload of UDP/IPv4 datagrams.
 * A peer's IPv6 address embeds its public IPv4 address and UDP port, so the
 * router needs no per-peer state.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include "sixbed4.h"

static unsigned int sixbed4_net_id __read_mostly;

struct sixbed4_net *sixbed4_pernet(struct net *net)
{
	return net_generic(net, sixbed4_net_id);
}

static int __net_init sixbed4_net_init(struct net *net)
{
	INIT_LIST_HEAD(&sixbed4_pernet(net)->devices);
	return 0;
}

/*
 * A device's socket lives in the netns it was created in: when that netns
 * goes, so does the device, wherever it lives now. Devices that live in a
 * dying netns are deleted by the core.
 */
static void __net_exit sixbed4_net_exit_batch_rtnl(struct list_head *net_list,
						   struct list_head *dev_kill_list)
{
	struct sixbed4_dev *sb, *tmp;
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		list_for_each_entry_safe(sb, tmp, &sixbed4_pernet(net)->devices,
					 creating_net_list)
			sixbed4_dellink(sb->dev, dev_kill_list);
}

/*
 * A 6bed4 device gets its link-local address whenever it comes up, and
 * gives up proxy ND when it leaves its netns; an upstream interface that
 * leaves takes its proxy ND with it.
 */
static int sixbed4_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_UP:
		if (sixbed4_is_dev(dev))
			sixbed4_add_link_local(dev);
		break;
	case NETDEV_UNREGISTER:
		if (sixbed4_is_dev(dev))
			sixbed4_proxy_nd_off(netdev_priv(dev));
		else
			sixbed4_proxy_nd_upstream_gone(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block sixbed4_netdev_notifier = {
	.notifier_call = sixbed4_netdev_event,
};

static struct pernet_operations sixbed4_net_ops = {
	.init = sixbed4_net_init,
	.exit_batch_rtnl = sixbed4_net_exit_batch_rtnl,
	.id = &sixbed4_net_id,
	.size = sizeof(struct sixbed4_net),
};

static int __init sixbed4_init(void)
{
	int err;

	err = register_pernet_device(&sixbed4_net_ops);
	if (err)
		return err;

	err = register_netdevice_notifier(&sixbed4_netdev_notifier);
	if (err)
		goto err_unregister_pernet;

	err = rtnl_link_register(&sixbed4_link_ops);
	if (err)
		goto err_unregister_notifier;

	err = sixbed4_genl_init();
	if (err)
		goto err_unregister_link;

	return 0;

err_unregister_link:
	rtnl_link_unregister(&sixbed4_link_ops);
err_unregister_notifier:
	unregister_netdevice_notifier(&sixbed4_netdev_notifier);
err_unregister_pernet:
	unregister_pernet_device(&sixbed4_net_ops);
	return err;
}

static void __exit sixbed4_exit(void)
{
	sixbed4_genl_exit();
	rtnl_link_unregister(&sixbed4_link_ops);
	unregister_netdevice_notifier(&sixbed4_netdev_notifier);
	unregister_pernet_device(&sixbed4_net_ops);
}

module_init(sixbed4_init);
module_exit(sixbed4_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("6bed4 router: IPv6 over UDP/IPv4 with addresses embedding the peer's IPv4:port");
MODULE_VERSION(SIXBED4_VERSION);
MODULE_ALIAS_RTNL_LINK(SIXBED4_GENL_NAME);
MODULE_ALIAS_GENL_FAMILY(SIXBED4_GENL_NAME);
