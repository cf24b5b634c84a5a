// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel says about its 6bed4 devices: SIXBED4_CMD_GET_DEV
 * replies, every attribute checked against its type before it is used.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/6bed4.h>
#include "6bed4.h"

static const char *const stat_names[SIXBED4_A_STATS_MAX + 1] = {
	[SIXBED4_A_STATS_RX_PACKETS] = "rx_packets",
	[SIXBED4_A_STATS_RX_BYTES] = "rx_bytes",
	[SIXBED4_A_STATS_TX_PACKETS] = "tx_packets",
	[SIXBED4_A_STATS_TX_BYTES] = "tx_bytes",
	[SIXBED4_A_STATS_RX_DROPPED] = "rx_dropped",
	[SIXBED4_A_STATS_TX_DROPPED] = "tx_dropped",
	[SIXBED4_A_STATS_RX_KEEPALIVE] = "rx_keepalive",
	[SIXBED4_A_STATS_DROP_BAD_VERSION] = "drop_bad_version",
	[SIXBED4_A_STATS_DROP_TRUNCATED] = "drop_truncated",
	[SIXBED4_A_STATS_DROP_SPOOFED] = "drop_spoofed",
	[SIXBED4_A_STATS_DROP_NOT_PREFIX] = "drop_not_prefix",
	[SIXBED4_A_STATS_DROP_PORT0] = "drop_port0",
	[SIXBED4_A_STATS_DROP_BAD_ENDPOINT] = "drop_bad_endpoint",
	[SIXBED4_A_STATS_DROP_HOP_LIMIT] = "drop_hop_limit",
	[SIXBED4_A_STATS_DROP_INVALID_ND] = "drop_invalid_nd",
	[SIXBED4_A_STATS_DROP_MULTICAST] = "drop_multicast",
	[SIXBED4_A_STATS_DROP_NO_ROUTE] = "drop_no_route",
	[SIXBED4_A_STATS_DROP_TOO_BIG] = "drop_too_big",
	[SIXBED4_A_STATS_DROP_NOT_IPV6] = "drop_not_ipv6",
	[SIXBED4_A_STATS_RA_SENT] = "ra_sent",
	[SIXBED4_A_STATS_RA_RATELIMITED] = "ra_ratelimited",
	[SIXBED4_A_STATS_NA_SENT] = "na_sent",
	[SIXBED4_A_STATS_PROXY_NS_ANSWERED] = "proxy_ns_answered",
	[SIXBED4_A_STATS_PROXY_NS_IGNORED] = "proxy_ns_ignored",
	[SIXBED4_A_STATS_PROXY_NA_RATELIMITED] = "proxy_na_ratelimited",
	[SIXBED4_A_STATS_ECHO_REPLIED] = "echo_replied",
	[SIXBED4_A_STATS_DROP_BAD_SOURCE] = "drop_bad_source",
	[SIXBED4_A_STATS_DROP_FILTERED] = "drop_filtered",
	[SIXBED4_A_STATS_NA_RATELIMITED] = "na_ratelimited",
	[SIXBED4_A_STATS_DROP_NOMEM] = "drop_nomem",
	[SIXBED4_A_STATS_RX_SOLICIT] = "rx_solicit",
	[SIXBED4_A_STATS_DROP_LOOP] = "drop_loop",
};

/* A counter's name, or NULL for one this tool does not know. */
const char *stat_name(uint16_t type)
{
	return type <= SIXBED4_A_STATS_MAX ? stat_names[type] : NULL;
}

/* What each device attribute must be; unknown ones are skipped. */
static const struct {
	enum mnl_attr_data_type type;
	size_t len;		/* for MNL_TYPE_BINARY: exactly this */
} dev_attr_types[SIXBED4_A_DEV_MAX + 1] = {
	[SIXBED4_A_DEV_IFINDEX] = { MNL_TYPE_U32 },
	[SIXBED4_A_DEV_IFNAME] = { MNL_TYPE_NUL_STRING },
	[SIXBED4_A_DEV_LOCAL] = { MNL_TYPE_U32 },
	[SIXBED4_A_DEV_PORT] = { MNL_TYPE_U16 },
	[SIXBED4_A_DEV_PREFIX] = { MNL_TYPE_BINARY, sizeof(struct in6_addr) },
	[SIXBED4_A_DEV_PREFIX_LEN] = { MNL_TYPE_U8 },
	[SIXBED4_A_DEV_NETID] = { MNL_TYPE_U16 },
	[SIXBED4_A_DEV_ROUTES] = { MNL_TYPE_NESTED },
	[SIXBED4_A_DEV_BYPASSES] = { MNL_TYPE_NESTED },
	[SIXBED4_A_DEV_PROXY_ND_IFINDEX] = { MNL_TYPE_U32 },
	[SIXBED4_A_DEV_LISTENING] = { MNL_TYPE_FLAG },
	[SIXBED4_A_DEV_STATS] = { MNL_TYPE_NESTED },
};

static bool attr_ok(const struct nlattr *attr, enum mnl_attr_data_type type,
		    size_t len)
{
	if (type == MNL_TYPE_BINARY)
		return mnl_attr_validate2(attr, type, len) == 0;
	return mnl_attr_validate(attr, type) == 0;
}

/* One routed prefix or bypass range: both parts, both well-formed. */
static bool parse_prefix_attr(const struct nlattr *nest, struct prefix *p)
{
	const struct nlattr *attr;
	bool addr = false, len = false;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return false;
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case SIXBED4_A_ROUTE_PREFIX:
			if (!attr_ok(attr, MNL_TYPE_BINARY, sizeof(p->addr)))
				return false;
			memcpy(&p->addr, mnl_attr_get_payload(attr),
			       sizeof(p->addr));
			addr = true;
			break;
		case SIXBED4_A_ROUTE_PREFIX_LEN:
			if (!attr_ok(attr, MNL_TYPE_U8, 0) ||
			    mnl_attr_get_u8(attr) > 128)
				return false;
			p->len = mnl_attr_get_u8(attr);
			len = true;
			break;
		}
	}
	return addr && len;
}

/* Malformed entries fail the reply; more than we have room for are left. */
static bool parse_prefix_list(const struct nlattr *nest, struct prefix *list,
			      unsigned int *n)
{
	const struct nlattr *entry;
	struct prefix p;

	mnl_attr_for_each_nested(entry, nest) {
		if (!parse_prefix_attr(entry, &p))
			return false;
		if (*n < MAX_PREFIXES)
			list[(*n)++] = p;
	}
	return true;
}

/*
 * Counters are u64 (a newer module may have more than we name, or than
 * we have room for: those are left); padding, where the kernel aligns
 * them with SIXBED4_A_STATS_PAD, is skipped.
 */
static bool parse_stats(const struct nlattr *nest, struct dev_info *d)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == SIXBED4_A_STATS_PAD)
			continue;
		if (!attr_ok(attr, MNL_TYPE_U64, 0))
			return false;
		if (d->n_stats == MAX_STATS)
			continue;
		d->stats[d->n_stats].type = mnl_attr_get_type(attr);
		d->stats[d->n_stats].value = mnl_attr_get_u64(attr);
		d->n_stats++;
	}
	return true;
}

static bool parse_dev_attr(const struct nlattr *attr, struct dev_info *d)
{
	uint16_t type = mnl_attr_get_type(attr);

	if (type > SIXBED4_A_DEV_MAX || !dev_attr_types[type].type)
		return true;
	if (!attr_ok(attr, dev_attr_types[type].type, dev_attr_types[type].len))
		return false;

	switch (type) {
	case SIXBED4_A_DEV_IFINDEX:
		d->ifindex = mnl_attr_get_u32(attr);
		break;
	case SIXBED4_A_DEV_IFNAME:
		snprintf(d->ifname, sizeof(d->ifname), "%s",
			 mnl_attr_get_str(attr));
		break;
	case SIXBED4_A_DEV_LOCAL:
		d->local.s_addr = mnl_attr_get_u32(attr);
		break;
	case SIXBED4_A_DEV_PORT:
		d->port = mnl_attr_get_u16(attr);
		break;
	case SIXBED4_A_DEV_NETID:
		d->netid = mnl_attr_get_u16(attr);
		break;
	case SIXBED4_A_DEV_PREFIX:
		d->has_prefix = true;
		memcpy(&d->prefix.addr, mnl_attr_get_payload(attr),
		       sizeof(d->prefix.addr));
		break;
	case SIXBED4_A_DEV_PREFIX_LEN:
		d->prefix.len = mnl_attr_get_u8(attr);
		return d->prefix.len <= 128;
	case SIXBED4_A_DEV_LISTENING:
		d->listening = true;
		break;
	case SIXBED4_A_DEV_PROXY_ND_IFINDEX:
		d->proxy_nd_ifindex = mnl_attr_get_u32(attr);
		break;
	case SIXBED4_A_DEV_ROUTES:
		return parse_prefix_list(attr, d->routes, &d->n_routes);
	case SIXBED4_A_DEV_BYPASSES:
		return parse_prefix_list(attr, d->bypasses, &d->n_bypasses);
	case SIXBED4_A_DEV_STATS:
		return parse_stats(attr, d);
	}
	return true;
}

static int parse_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_list *list = data;
	const struct nlattr *attr;
	struct dev_info *d, *devs;

	/* Doubling: a dump of many devices must not copy them all each time. */
	if (list->n == list->cap) {
		unsigned int cap = list->cap ? 2 * list->cap : 16;

		devs = realloc(list->devs, cap * sizeof(*devs));
		if (!devs)
			return MNL_CB_ERROR;
		list->devs = devs;
		list->cap = cap;
	}
	d = &list->devs[list->n++];
	memset(d, 0, sizeof(*d));

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (!parse_dev_attr(attr, d)) {
			errno = EBADMSG;
			return MNL_CB_ERROR;
		}
	}
	if (!d->ifindex || !d->ifname[0]) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * Every 6bed4 device, or the one named @dev, into @list (to be freed by
 * the caller). 0 or -errno.
 */
int get_devices(struct genl *nl, const char *dev, struct dev_list *list)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;
	int err = 0, tries;

	list->n = 0;
	list->cap = 0;
	list->devs = NULL;
	/* A device added or removed during a dump: ask again. */
	for (tries = 0; tries < 10; tries++) {
		nlh = genl_request(nl, buf, SIXBED4_CMD_GET_DEV,
				   dev ? 0 : NLM_F_DUMP);
		if (dev)
			mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, dev);
		list->n = 0;
		err = genl_talk(nl, nlh, parse_dev_cb, list);
		if (err != -EINTR)
			break;
	}
	return err;
}
