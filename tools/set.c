// SPDX-License-Identifier: GPL-2.0
/*
 * "6bed4 set dev NAME ...": change a device's settings; what is not named
 * stays as it is.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/6bed4.h>
#include "6bed4.h"

enum set_word {
	SET_DEV, SET_LOCAL, SET_PORT, SET_PREFIX, SET_NETID, SET_ROUTE,
	SET_PROXY_ND, SET_HELP,
};

static const char *const set_words[] = {
	[SET_DEV] = "dev", [SET_LOCAL] = "local", [SET_PORT] = "port",
	[SET_PREFIX] = "prefix", [SET_NETID] = "netid", [SET_ROUTE] = "route",
	[SET_PROXY_ND] = "proxy-nd", [SET_HELP] = "help", NULL,
};

/* A parsed "set" command line; the values point into argv. */
struct set_args {
	const char *dev;
	const char *given[SET_HELP];	/* each word's value, once */
	struct in_addr local;
	uint16_t port, netid;
	uint32_t proxy_nd_ifindex;
	struct prefix prefix;
	bool routes_none;
	unsigned int n_routes;
	struct prefix routes[SIXBED4_MAX_ROUTES];
	const char *route_words[SIXBED4_MAX_ROUTES];
};

static int parse_value(struct set_args *a, enum set_word word,
		       const char *value)
{
	unsigned long num;

	switch (word) {
	case SET_DEV:
		if (!device_name_ok(value))
			return usage_error("dev: \"%.20s...\" is no device name (1 to %d bytes)",
					   value, IF_NAMESIZE - 1);
		a->dev = value;
		break;
	case SET_LOCAL:
		if (inet_pton(AF_INET, value, &a->local) != 1)
			return usage_error("local: \"%s\" is not an IPv4 address",
					   value);
		break;
	case SET_PORT:
		if (!parse_uint(value, 10, UINT16_MAX, &num) || !num)
			return usage_error("port: \"%s\": port must be 1 to 65535",
					   value);
		a->port = num;
		break;
	case SET_PREFIX:
		if (!parse_prefix(value, &a->prefix, false))
			return usage_error("prefix: \"%s\" is not PREFIX/LEN",
					   value);
		break;
	case SET_NETID:
		if (!parse_uint(value, 16, UINT16_MAX, &num))
			return usage_error("netid: \"%s\" is not a hex number up to ffff",
					   value);
		a->netid = num;
		break;
	case SET_PROXY_ND:
		a->proxy_nd_ifindex = strcmp(value, "off") ?
				      if_nametoindex(value) : 0;
		if (strcmp(value, "off") && !a->proxy_nd_ifindex)
			return usage_error("proxy-nd: no interface \"%s\"",
					   value);
		break;
	case SET_ROUTE:
		if (!strcmp(value, "none")) {
			a->routes_none = true;
			break;
		}
		if (a->n_routes == SIXBED4_MAX_ROUTES)
			return usage_error("route %s: at most %s routed prefixes",
					   value, STRINGIFY(SIXBED4_MAX_ROUTES));
		if (!parse_prefix(value, &a->routes[a->n_routes], false))
			return usage_error("route: \"%s\" is not PREFIX/LEN",
					   value);
		a->route_words[a->n_routes++] = value;
		break;
	case SET_HELP:
		break;
	}
	return 0;
}

/* 0, -1 after printing help, or the exit status of a usage error. */
static int parse_set_args(int argc, char **argv, struct set_args *a)
{
	int word, ret;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc -= 2, argv += 2) {
		word = keyword_pick(argv[0], set_words, "word");
		if (word < 0)
			return EXIT_USAGE;
		if (word == SET_HELP) {
			usage_of("set", false);
			return -1;
		}
		if (argc < 2)
			return usage_error("\"%s\" needs a value", set_words[word]);
		/* Routes are a list; everything else is said once. */
		if (word != SET_ROUTE && a->given[word])
			return usage_error("\"%s\" given twice (%s, %s)",
					   set_words[word], a->given[word],
					   argv[1]);
		a->given[word] = argv[1];
		ret = parse_value(a, word, argv[1]);
		if (ret)
			return ret;
	}
	if (a->routes_none && a->n_routes)
		return usage_error("route none: clears the routes, and cannot go with route %s",
				   a->route_words[0]);
	if (!a->dev)
		return usage_error("%s: which device? (dev NAME)", "set");
	return 0;
}

int cmd_set(int argc, char **argv, const struct options *opt)
{
	static struct arg_map map;
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	struct set_args a;
	struct genl nl;
	int err;

	(void)opt;
	err = parse_set_args(argc, argv, &a);
	if (err)
		return err < 0 ? 0 : err;
	err = open_family(&nl);
	if (err)
		return err;

	map.n = 0;
	nlh = genl_request(&nl, buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, a.dev);
	if (a.given[SET_LOCAL]) {
		attr = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put_u32(nlh, SIXBED4_A_DEV_LOCAL, a.local.s_addr);
		arg_map_add(&map, nlh, attr, "local", a.given[SET_LOCAL]);
	}
	if (a.given[SET_PORT]) {
		attr = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, a.port);
		arg_map_add(&map, nlh, attr, "port", a.given[SET_PORT]);
	}
	if (a.given[SET_NETID]) {
		attr = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put_u16(nlh, SIXBED4_A_DEV_NETID, a.netid);
		arg_map_add(&map, nlh, attr, "netid", a.given[SET_NETID]);
	}
	if (a.given[SET_PREFIX]) {
		attr = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put(nlh, SIXBED4_A_DEV_PREFIX, sizeof(a.prefix.addr),
			     &a.prefix.addr);
		mnl_attr_put_u8(nlh, SIXBED4_A_DEV_PREFIX_LEN, a.prefix.len);
		/* The address and its length: both are the one word. */
		arg_map_add(&map, nlh, attr, "prefix", a.given[SET_PREFIX]);
		map.at[map.n - 1].end = nlh->nlmsg_len;
	}
	if (a.given[SET_PROXY_ND]) {
		attr = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PROXY_ND_IFINDEX,
				 a.proxy_nd_ifindex);
		arg_map_add(&map, nlh, attr, "proxy-nd", a.given[SET_PROXY_ND]);
	}
	if (a.given[SET_ROUTE])
		put_prefix_list(nlh, SIXBED4_A_DEV_ROUTES, a.routes,
				a.route_words, a.n_routes, "route", &map);
	return change(&nl, nlh, a.dev, &map);
}
