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
#include "addr.h"

/* The router's own 6bed4 address: its local:port with lanip 0. */
static void sixbed4_config_set_router(struct sixbed4_config *cfg)
{
	struct sixbed4_endpoint self = { .addr = cfg->local, .port = cfg->port };

	sixbed4_addr_make(&cfg->router, &cfg->prefix, self, 0);
}

struct sixbed4_config *sixbed4_config_alloc_default(void)
{
	struct sixbed4_config *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);

	if (!cfg)
		return NULL;
	cfg->port = htons(SIXBED4_DEFAULT_PORT);
	cfg->netid = SIXBED4_DEFAULT_NETID;
	sixbed4_config_set_router(cfg);
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

	sixbed4_expand_prefix(&prefix, &prefix, len, cfg->netid, cfg->local);
	/* Bypass ranges name addresses under the prefix: keep them true. */
	if (cfg->n_bypasses && !ipv6_addr_equal(&prefix, &cfg->prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "delete the bypass ranges before changing the prefix");
		return -EBUSY;
	}
	cfg->prefix = prefix;
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

/* One SIXBED4_A_ROUTE_* entry: a routed prefix or a bypass range. */
static int sixbed4_parse_prefix(struct sixbed4_prefix *route,
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
				    "prefix needs an address and a length");
		return -EINVAL;
	}

	route->addr = nla_get_in6_addr(tb[SIXBED4_A_ROUTE_PREFIX]);
	route->len = nla_get_u8(tb[SIXBED4_A_ROUTE_PREFIX_LEN]);
	if (sixbed4_prefix_has_host_bits(&route->addr, route->len)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SIXBED4_A_ROUTE_PREFIX],
				    "prefix has bits set beyond its length");
		return -EINVAL;
	}
	return 0;
}

static int sixbed4_prefix_find(const struct sixbed4_prefix *list,
			       unsigned int n, const struct sixbed4_prefix *p)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i].len == p->len &&
		    ipv6_addr_equal(&list[i].addr, &p->addr))
			return i;
	return -1;
}

/* The list given replaces the old one; an empty list clears it. */
static int sixbed4_config_set_routes(struct sixbed4_config *cfg,
				     const struct nlattr *list,
				     struct netlink_ext_ack *extack)
{
	struct sixbed4_prefix *route;
	struct nlattr *entry;
	int rem, err;

	cfg->n_routes = 0;
	nla_for_each_nested(entry, list, rem) {
		if (cfg->n_routes == SIXBED4_MAX_ROUTES) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "too many routed prefixes");
			return -E2BIG;
		}
		route = &cfg->routes[cfg->n_routes];
		err = sixbed4_parse_prefix(route, entry, extack);
		if (err)
			return err;
		if (sixbed4_prefix_is_special(&route->addr)) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "routed prefix must not be unspecified, multicast, link-local or loopback");
			return -EINVAL;
		}
		if (sixbed4_prefix_find(cfg->routes, cfg->n_routes, route) >= 0) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "routed prefix given twice");
			return -EINVAL;
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
	sixbed4_config_set_router(cfg);
	return cfg;

err_free:
	kfree(cfg);
	return ERR_PTR(err);
}

/*
 * A bypass range lies under the prefix and has port 0 (the seventh 16-bit
 * word), so it can never hold a peer: /112 to /128.
 */
static int sixbed4_check_bypass(const struct sixbed4_config *cfg,
				const struct sixbed4_prefix *range,
				struct nlattr *entry,
				struct netlink_ext_ack *extack)
{
	if (range->len < 112) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "bypass range must be /112 to /128");
		return -EINVAL;
	}
	if (!sixbed4_in_prefix(&range->addr, &cfg->prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "bypass range is not under the 6bed4 prefix");
		return -EINVAL;
	}
	if (range->addr.s6_addr16[6]) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "bypass range must have port 0 (its seventh 16-bit word)");
		return -EINVAL;
	}
	return 0;
}

/*
 * Add or delete the bypass ranges in @list: all of them, or none if any
 * entry is refused.
 */
struct sixbed4_config *sixbed4_config_bypass(const struct sixbed4_config *old,
					     const struct nlattr *list, bool add,
					     struct netlink_ext_ack *extack)
{
	struct sixbed4_prefix range;
	struct sixbed4_config *cfg;
	struct nlattr *entry;
	int rem, err, i;

	if (!old->has_prefix) {
		NL_SET_ERR_MSG(extack, "set the 6bed4 prefix before bypass ranges");
		return ERR_PTR(-EINVAL);
	}
	cfg = kmemdup(old, sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);

	nla_for_each_nested(entry, list, rem) {
		err = sixbed4_parse_prefix(&range, entry, extack);
		if (err)
			goto err_free;
		err = sixbed4_check_bypass(cfg, &range, entry, extack);
		if (err)
			goto err_free;
		i = sixbed4_prefix_find(cfg->bypasses, cfg->n_bypasses, &range);
		if (add) {
			if (i >= 0) {
				NL_SET_ERR_MSG_ATTR(extack, entry,
						    "bypass range exists");
				err = -EEXIST;
				goto err_free;
			}
			if (cfg->n_bypasses == SIXBED4_MAX_BYPASSES) {
				NL_SET_ERR_MSG_ATTR(extack, entry,
						    "too many bypass ranges");
				err = -ENOSPC;
				goto err_free;
			}
			cfg->bypasses[cfg->n_bypasses++] = range;
		} else {
			if (i < 0) {
				NL_SET_ERR_MSG_ATTR(extack, entry,
						    "no such bypass range");
				err = -ENOENT;
				goto err_free;
			}
			cfg->bypasses[i] = cfg->bypasses[--cfg->n_bypasses];
		}
	}
	return cfg;

err_free:
	kfree(cfg);
	return ERR_PTR(err);
}

/* Is @addr, a port-0 address under the prefix, in a bypass range? */
bool sixbed4_in_bypass(const struct sixbed4_config *cfg,
		       const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < cfg->n_bypasses; i++)
		if (ipv6_prefix_equal(addr, &cfg->bypasses[i].addr,
				      cfg->bypasses[i].len))
			return true;
	return false;
}
