// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: the "6bed4" generic netlink family, described by
 * Documentation/netlink/specs/6bed4.yaml.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include "sixbed4.h"

static struct genl_family sixbed4_genl_family;

const struct nla_policy sixbed4_route_policy[SIXBED4_A_ROUTE_MAX + 1] = {
	[SIXBED4_A_ROUTE_PREFIX] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SIXBED4_A_ROUTE_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 16, 128),
};

static const struct nla_policy sixbed4_dev_policy[SIXBED4_A_DEV_MAX + 1] = {
	[SIXBED4_A_DEV_IFINDEX] = { .type = NLA_U32 },
	[SIXBED4_A_DEV_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SIXBED4_A_DEV_LOCAL] = { .type = NLA_BE32 },
	[SIXBED4_A_DEV_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[SIXBED4_A_DEV_PREFIX] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[SIXBED4_A_DEV_PREFIX_LEN] = { .type = NLA_U8 },
	[SIXBED4_A_DEV_NETID] = { .type = NLA_U16 },
	[SIXBED4_A_DEV_ROUTES] = NLA_POLICY_NESTED_ARRAY(sixbed4_route_policy),
	[SIXBED4_A_DEV_BYPASSES] = NLA_POLICY_NESTED_ARRAY(sixbed4_route_policy),
	[SIXBED4_A_DEV_PROXY_ND_IFINDEX] = { .type = NLA_U32 },
	[SIXBED4_A_DEV_LISTENING] = { .type = NLA_FLAG },
	[SIXBED4_A_DEV_STATS] = { .type = NLA_NESTED },
};

/* Attributes that only replies carry. */
static const int sixbed4_read_only_attrs[] = {
	SIXBED4_A_DEV_BYPASSES,
	SIXBED4_A_DEV_LISTENING,
	SIXBED4_A_DEV_STATS,
};

/* Find the 6bed4 device a request names, by index or name or both. */
static struct net_device *sixbed4_nl_lookup(struct net *net,
					    struct nlattr **attrs,
					    struct netlink_ext_ack *extack)
{
	struct nlattr *index_attr = attrs[SIXBED4_A_DEV_IFINDEX];
	struct nlattr *name_attr = attrs[SIXBED4_A_DEV_IFNAME];
	struct net_device *dev;

	ASSERT_RTNL();
	if (index_attr) {
		dev = __dev_get_by_index(net, nla_get_u32(index_attr));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, index_attr, "no such device");
			return ERR_PTR(-ENODEV);
		}
		if (name_attr && nla_strcmp(name_attr, dev->name)) {
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "ifindex and ifname name different devices");
			return ERR_PTR(-EINVAL);
		}
	} else if (name_attr) {
		dev = __dev_get_by_name(net, nla_data(name_attr));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, name_attr, "no such device");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG(extack, "device not given: need ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}

	if (!sixbed4_is_dev(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, index_attr ?: name_attr,
				    "not a 6bed4 device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static int sixbed4_nl_put_prefix(struct sk_buff *skb, int type,
				 const struct in6_addr *addr, u8 len)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_in6_addr(skb, SIXBED4_A_ROUTE_PREFIX, addr) ||
	    nla_put_u8(skb, SIXBED4_A_ROUTE_PREFIX_LEN, len)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Routed prefixes or bypass ranges: a nest of entries, none if empty. */
static int sixbed4_nl_put_prefixes(struct sk_buff *skb, int type,
				   const struct sixbed4_prefix *list,
				   unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	if (!n)
		return 0;
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (sixbed4_nl_put_prefix(skb, i + 1, &list[i].addr,
					  list[i].len)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int sixbed4_nl_put_stats(struct sk_buff *skb, struct sixbed4_dev *sb,
				const struct rtnl_link_stats64 *stats)
{
	const struct {
		int type;
		u64 value;
	} counters[] = {
		{ SIXBED4_A_STATS_RX_PACKETS, stats->rx_packets },
		{ SIXBED4_A_STATS_RX_BYTES, stats->rx_bytes },
		{ SIXBED4_A_STATS_TX_PACKETS, stats->tx_packets },
		{ SIXBED4_A_STATS_TX_BYTES, stats->tx_bytes },
		{ SIXBED4_A_STATS_RX_DROPPED, stats->rx_dropped },
		{ SIXBED4_A_STATS_TX_DROPPED, stats->tx_dropped },
	};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, SIXBED4_A_DEV_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		if (nla_put_u64_64bit(skb, counters[i].type, counters[i].value,
				      SIXBED4_A_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	for (i = 0; i < sixbed4_n_datapath_counters; i++) {
		int type = sixbed4_datapath_counters[i];

		if (nla_put_u64_64bit(skb, type, sixbed4_counter_sum(sb, type),
				      SIXBED4_A_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Caller holds RTNL or the RCU read lock. */
static int sixbed4_nl_fill_dev(struct sk_buff *skb, struct net_device *dev,
			       u32 portid, u32 seq, int flags,
			       struct netlink_callback *cb)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	const struct sixbed4_config *cfg = rcu_dereference_rtnl(sb->config);
	struct rtnl_link_stats64 stats;
	void *hdr;

	dev_get_stats(dev, &stats);
	hdr = genlmsg_put(skb, portid, seq, &sixbed4_genl_family, flags,
			  SIXBED4_CMD_GET_DEV);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, SIXBED4_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, SIXBED4_A_DEV_IFNAME, dev->name) ||
	    nla_put_in_addr(skb, SIXBED4_A_DEV_LOCAL, cfg->local) ||
	    nla_put_u16(skb, SIXBED4_A_DEV_PORT, ntohs(cfg->port)) ||
	    nla_put_u16(skb, SIXBED4_A_DEV_NETID, cfg->netid))
		goto err_cancel;
	if (cfg->has_prefix &&
	    (nla_put_in6_addr(skb, SIXBED4_A_DEV_PREFIX, &cfg->prefix) ||
	     nla_put_u8(skb, SIXBED4_A_DEV_PREFIX_LEN, 64)))
		goto err_cancel;
	if (rcu_access_pointer(sb->sock) &&
	    nla_put_flag(skb, SIXBED4_A_DEV_LISTENING))
		goto err_cancel;
	if (nla_put_u32(skb, SIXBED4_A_DEV_PROXY_ND_IFINDEX,
			sixbed4_proxy_nd_ifindex(sb)) ||
	    sixbed4_nl_put_prefixes(skb, SIXBED4_A_DEV_ROUTES, cfg->routes,
				    cfg->n_routes) ||
	    sixbed4_nl_put_prefixes(skb, SIXBED4_A_DEV_BYPASSES, cfg->bypasses,
				    cfg->n_bypasses) ||
	    sixbed4_nl_put_stats(skb, sb, &stats))
		goto err_cancel;

	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int sixbed4_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	dev = sixbed4_nl_lookup(genl_info_net(info), info->attrs,
				info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto err_unlock;
	}
	err = sixbed4_nl_fill_dev(msg, dev, info->snd_portid, info->snd_seq,
				  0, NULL);
	if (err)
		goto err_unlock;
	rtnl_unlock();

	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

/*
 * Resumes by position among the netns's 6bed4 devices; a device added or
 * removed between two parts of a dump marks it NLM_F_DUMP_INTR.
 */
static int sixbed4_nl_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long idx = 0, skip = cb->args[0];
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(net->dev_base_seq);
	for_each_netdev_rcu(net, dev) {
		if (!sixbed4_is_dev(dev))
			continue;
		if (idx >= skip) {
			err = sixbed4_nl_fill_dev(skb, dev,
						  NETLINK_CB(cb->skb).portid,
						  cb->nlh->nlmsg_seq,
						  NLM_F_MULTI, cb);
			if (err)
				break;
		}
		idx++;
	}
	rcu_read_unlock();

	cb->args[0] = idx;
	/* A device that does not fit even into an empty message is an error. */
	return err && !skb->len ? err : skb->len;
}

/*
 * The socket lives in the netns the device was created in, maybe not the
 * one it is in now: whoever moves it there must not rebind the creator's
 * socket (its addresses, ports below 1024) without the right to do so in
 * the creator's netns.
 */
static int sixbed4_nl_may_rebind(struct sk_buff *skb, struct genl_info *info,
				 struct sixbed4_dev *sb,
				 const struct sixbed4_config *old,
				 const struct sixbed4_config *new)
{
	struct nlattr *attr = info->attrs[SIXBED4_A_DEV_LOCAL] ?:
			      info->attrs[SIXBED4_A_DEV_PORT];

	if ((old->local == new->local && old->port == new->port) ||
	    net_eq(sb->creating_net, dev_net(sb->dev)) ||
	    netlink_ns_capable(skb, sb->creating_net->user_ns, CAP_NET_ADMIN))
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, attr,
			    "local and port bind a socket in the netns the device came from: need CAP_NET_ADMIN there");
	return -EPERM;
}

/* Take RTNL and find the request's device; on error, RTNL is released. */
static struct sixbed4_dev *sixbed4_nl_lock_dev(struct genl_info *info)
{
	struct net_device *dev;

	rtnl_lock();
	dev = sixbed4_nl_lookup(genl_info_net(info), info->attrs,
				info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return ERR_CAST(dev);
	}
	return netdev_priv(dev);
}

static int sixbed4_nl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *proxy_attr = info->attrs[SIXBED4_A_DEV_PROXY_ND_IFINDEX];
	struct sixbed4_proxy_nd *proxy = NULL;
	struct sixbed4_config *old, *new;
	struct sixbed4_dev *sb;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(sixbed4_read_only_attrs); i++) {
		if (info->attrs[sixbed4_read_only_attrs[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[sixbed4_read_only_attrs[i]],
					    "attribute is read-only");
			return -EINVAL;
		}
	}
	sb = sixbed4_nl_lock_dev(info);
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	old = rtnl_dereference(sb->config);

	new = sixbed4_config_update(old, info->attrs, info->extack);
	if (IS_ERR(new)) {
		err = PTR_ERR(new);
		goto out_unlock;
	}
	err = sixbed4_nl_may_rebind(skb, info, sb, old, new);
	if (err)
		goto err_free_config;
	if (proxy_attr) {
		proxy = sixbed4_proxy_nd_prepare(sb, nla_get_u32(proxy_attr),
						 info->extack);
		if (IS_ERR(proxy)) {
			NL_SET_BAD_ATTR(info->extack, proxy_attr);
			err = PTR_ERR(proxy);
			goto err_free_config;
		}
	}
	err = sixbed4_socket_update(sb, old, new, info->extack);
	if (err)
		goto err_abort_proxy;

	rcu_assign_pointer(sb->config, new);
	kfree_rcu(old, rcu);
	if (proxy_attr)
		sixbed4_proxy_nd_commit(sb, proxy);
	rtnl_unlock();
	return 0;

err_abort_proxy:
	if (proxy_attr)
		sixbed4_proxy_nd_abort(sb, proxy);
err_free_config:
	kfree(new);
out_unlock:
	rtnl_unlock();
	return err;
}

/* Add or delete bypass ranges: only the datapath's view changes. */
static int sixbed4_nl_bypass(struct genl_info *info, bool add)
{
	struct nlattr *list = info->attrs[SIXBED4_A_DEV_BYPASSES];
	struct sixbed4_config *old, *new;
	struct sixbed4_dev *sb;
	int err = 0;

	if (!list) {
		NL_SET_ERR_MSG(info->extack, "no bypass ranges given");
		return -EINVAL;
	}

	sb = sixbed4_nl_lock_dev(info);
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	old = rtnl_dereference(sb->config);
	new = sixbed4_config_bypass(old, list, add, info->extack);
	if (IS_ERR(new)) {
		err = PTR_ERR(new);
		goto out_unlock;
	}
	rcu_assign_pointer(sb->config, new);
	kfree_rcu(old, rcu);

out_unlock:
	rtnl_unlock();
	return err;
}

static int sixbed4_nl_add_bypass_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return sixbed4_nl_bypass(info, true);
}

static int sixbed4_nl_del_bypass_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	return sixbed4_nl_bypass(info, false);
}

static const struct genl_small_ops sixbed4_genl_ops[] = {
	{
		.cmd = SIXBED4_CMD_GET_DEV,
		.doit = sixbed4_nl_get_doit,
		.dumpit = sixbed4_nl_get_dumpit,
	},
	{
		.cmd = SIXBED4_CMD_SET_DEV,
		.doit = sixbed4_nl_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SIXBED4_CMD_ADD_BYPASS,
		.doit = sixbed4_nl_add_bypass_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SIXBED4_CMD_DEL_BYPASS,
		.doit = sixbed4_nl_del_bypass_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family sixbed4_genl_family __ro_after_init = {
	.name = SIXBED4_GENL_NAME,
	.version = SIXBED4_GENL_VERSION,
	.maxattr = SIXBED4_A_DEV_MAX,
	.policy = sixbed4_dev_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = sixbed4_genl_ops,
	.n_small_ops = ARRAY_SIZE(sixbed4_genl_ops),
	/* Check the reserved header field of every command. */
	.resv_start_op = SIXBED4_CMD_GET_DEV,
};

int __init sixbed4_genl_init(void)
{
	return genl_register_family(&sixbed4_genl_family);
}

void sixbed4_genl_exit(void)
{
	genl_unregister_family(&sixbed4_genl_family);
}
