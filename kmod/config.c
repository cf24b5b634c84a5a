// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: configuration rules.
 *
 * A configuration is never edited in place: a change builds a new copy,
 * checks it and publishes it with RCU, so the datapath always sees one
 * complete configuration.
 */

#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include "sixbed4.h"

struct sixbed4_config *sixbed4_config_alloc_default(void)
{
	struct sixbed4_config *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);

	if (!cfg)
		return NULL;
	cfg->port = htons(SIXBED4_DEFAULT_PORT);
	cfg->netid = SIXBED4_DEFAULT_NETID;
	return cfg;
}

/* Prefixes that can never be routed to a tunnel or advertised on it. */
static bool sixbed4_prefix_is_special(const struct in6_addr *addr)
{
	return ipv6_addr_any(addr) ||
	       ipv6_addr_type(addr) & (IPV6_ADDR_MULTICAST |
				       IPV6_ADDR_LINKLOCAL |
				       IPV6_ADDR_LOOPBACK);
}

static bool sixbed4_prefix_has_host_bits(const struct in6_addr *addr, u8 len)
{
	struct in6_addr masked;

	ipv6_addr_prefix(&masked, addr, len);
	return !ipv6_addr_equal(&masked, addr);
}

/*
 * Complete a shorter prefix to the /64 the router serves, as the reference
 * router's -L does: a /16 gets the netid and then the local IPv4 address,
 * a /32 the local IPv4 address, a /48 the netid.
 */
static void sixbed4_expand_prefix(struct in6_addr *out,
				  const struct in6_addr *in, u8 len,
				  u16 netid, __be32 local)
{
	*out = *in;
	switch (len) {
	case 16:
		out->s6_addr16[1] = htons(netid);
		out->s6_addr32[1] = local;
		break;
	case 32:
		out->s6_addr32[1] = local;
		break;
	case 48:
		out->s6_addr16[3] = htons(netid);
		break;
	}
}

static int sixbed4_config_set_prefix(struct sixbed4_config *cfg,
				     struct nlattr **attrs,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *addr_attr = attrs[SIXBED4_A_DEV_PREFIX];
	struct nlattr *len_attr = attrs[SIXBED4_A_DEV_PREFIX_LEN];
	struct in6_addr prefix;
	u8 len;

	if (!addr_attr || !len_attr) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr ?: len_attr,
				    "prefix and prefix length must be given together");
		return -EINVAL;
	}

	prefix = nla_get_in6_addr(addr_attr);
	len = nla_get_u8(len_attr);
	if (len != 16 && len != 32 && len != 48 && len != 64) {
		NL_SET_ERR_MSG_ATTR(extack, len_attr,
				    "prefix length must be 16, 32, 48 or 64");
		return -EINVAL;
	}
	if (sixbed4_prefix_has_host_bits(&prefix, len)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "prefix has bits set beyond its length");
		return -EINVAL;
	}
	if (sixbed4_prefix_is_special(&prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "prefix must not be unspecified, multicast, link-local or loopback");
		return -EINVAL;
	}
	if (len <= 32 && !cfg->local) {
		NL_SET_ERR_MSG_ATTR(extack, len_attr,
				    "a /16 or /32 prefix embeds the local IPv4 address, which is not set");
		return -EINVAL;
	}

	sixbed4_expand_prefix(&cfg->prefix, &prefix, len, cfg->netid,
			      cfg->local);
	cfg->has_prefix = true;
	return 0;
}

/*
 * Bind only to "any" or to an address that can be a unicast source: not
 * 0.0.0.0/8 (but 0.0.0.0 itself), multicast or 240.0.0.0/4 (which holds
 * the limited broadcast address).
 */
static bool sixbed4_local_is_valid(__be32 local)
{
	u32 addr = ntohl(local);

	return !addr || ((addr >> 24) != 0 && !ipv4_is_multicast(local) &&
			 (addr >> 28) != 0xf);
}

static int sixbed4_config_set_local(struct sixbed4_config *cfg,
				    const struct nlattr *attr,
				    struct netlink_ext_ack *extack)
{
	__be32 local = nla_get_in_addr(attr);

	if (!sixbed4_local_is_valid(local)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "local address must be 0.0.0.0 or a unicast IPv4 address");
		return -EINVAL;
	}
	cfg->local = local;
	return 0;
}

static int sixbed4_parse_route(struct sixbed4_prefix *route,
			       struct nlattr *entry,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SIXBED4_A_ROUTE_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SIXBED4_A_ROUTE_MAX, entry,
			       sixbed4_route_policy, extack);
	if (err)
		return err;
	if (!tb[SIXBED4_A_ROUTE_PREFIX] || !tb[SIXBED4_A_ROUTE_PREFIX_LEN]) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "routed prefix needs an address and a length");
		return -EINVAL;
	}

	route->addr = nla_get_in6_addr(tb[SIXBED4_A_ROUTE_PREFIX]);
	route->len = nla_get_u8(tb[SIXBED4_A_ROUTE_PREFIX_LEN]);
	if (sixbed4_prefix_has_host_bits(&route->addr, route->len)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SIXBED4_A_ROUTE_PREFIX],
				    "routed prefix has bits set beyond its length");
		return -EINVAL;
	}
	if (sixbed4_prefix_is_special(&route->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SIXBED4_A_ROUTE_PREFIX],
				    "routed prefix must not be unspecified, multicast, link-local or loopback");
		return -EINVAL;
	}
	return 0;
}

/* The list given replaces the old one; an empty list clears it. */
static int sixbed4_config_set_routes(struct sixbed4_config *cfg,
				     const struct nlattr *list,
				     struct netlink_ext_ack *extack)
{
	struct sixbed4_prefix *route;
	struct nlattr *entry;
	int rem, err, i;

	cfg->n_routes = 0;
	nla_for_each_nested(entry, list, rem) {
		if (cfg->n_routes == SIXBED4_MAX_ROUTES) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "too many routed prefixes");
			return -E2BIG;
		}
		route = &cfg->routes[cfg->n_routes];
		err = sixbed4_parse_route(route, entry, extack);
		if (err)
			return err;
		for (i = 0; i < cfg->n_routes; i++) {
			if (cfg->routes[i].len == route->len &&
			    ipv6_addr_equal(&cfg->routes[i].addr, &route->addr)) {
				NL_SET_ERR_MSG_ATTR(extack, entry,
						    "routed prefix given twice");
				return -EINVAL;
			}
		}
		cfg->n_routes++;
	}
	return 0;
}

/*
 * Build the configuration that a SET request asks for. Nothing is stored
 * unless every attribute is valid. Local address and netid are applied
 * before the prefix, because expanding a short prefix uses them.
 */
struct sixbed4_config *sixbed4_config_update(const struct sixbed4_config *old,
					     struct nlattr **attrs,
					     struct netlink_ext_ack *extack)
{
	struct sixbed4_config *cfg;
	int err;

	cfg = kmemdup(old, sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);

	if (attrs[SIXBED4_A_DEV_LOCAL]) {
		err = sixbed4_config_set_local(cfg, attrs[SIXBED4_A_DEV_LOCAL],
					       extack);
		if (err)
			goto err_free;
	}
	if (attrs[SIXBED4_A_DEV_PORT])
		cfg->port = htons(nla_get_u16(attrs[SIXBED4_A_DEV_PORT]));
	if (attrs[SIXBED4_A_DEV_NETID])
		cfg->netid = nla_get_u16(attrs[SIXBED4_A_DEV_NETID]);
	if (attrs[SIXBED4_A_DEV_PREFIX] || attrs[SIXBED4_A_DEV_PREFIX_LEN]) {
		err = sixbed4_config_set_prefix(cfg, attrs, extack);
		if (err)
			goto err_free;
	}
	if (attrs[SIXBED4_A_DEV_ROUTES]) {
		err = sixbed4_config_set_routes(cfg, attrs[SIXBED4_A_DEV_ROUTES],
						extack);
		if (err)
			goto err_free;
	}
	return cfg;

err_free:
	kfree(cfg);
	return ERR_PTR(err);
}
