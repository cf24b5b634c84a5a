// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4: show and change the configuration of 6bed4 router devices.
 *
 * Exit status: 0 success, 1 usage error, 2 the kernel refused.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/6bed4.h>
#include "genl.h"
#include "print.h"

#define EXIT_USAGE	1
#define EXIT_KERNEL	2

/* Room for more entries than this version's kernel side ever sends. */
#define MAX_PREFIXES	64
#define STRINGIFY_(x)	#x
#define STRINGIFY(x)	STRINGIFY_(x)
#define MAX_STATS	64

static const char usage_text[] =
	"Usage: 6bed4 [-j] [-p] show [dev NAME]\n"
	"       6bed4 set dev NAME [local ADDR] [port PORT] [prefix PREFIX/LEN]\n"
	"                          [netid HEX] [route PREFIX/LEN]... [route none]\n"
	"                          [proxy-nd IFNAME|off]\n"
	"       6bed4 bypass {add|del} PREFIX/LEN... dev NAME\n"
	"       6bed4 [-j] [-p] bypass show [dev NAME]\n"
	"       6bed4 help\n"
	"       6bed4 -V\n"
	"Options: -j  JSON output    -p  pretty JSON    -V  version\n";

struct prefix {
	struct in6_addr addr;
	uint8_t len;
};

struct stat_value {
	uint16_t type;
	uint64_t value;
};

/* What the kernel told us about one device. */
struct dev_info {
	char ifname[IF_NAMESIZE];
	uint32_t ifindex;
	struct in_addr local;
	uint16_t port;
	uint16_t netid;
	bool has_prefix;
	struct prefix prefix;
	bool listening;
	uint32_t proxy_nd_ifindex;
	unsigned int n_routes;
	struct prefix routes[MAX_PREFIXES];
	unsigned int n_bypasses;
	struct prefix bypasses[MAX_PREFIXES];
	unsigned int n_stats;
	struct stat_value stats[MAX_STATS];
};

struct dev_list {
	unsigned int n;
	struct dev_info *devs;
};

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

static int usage_error(const char *fmt, const char *word)
{
	fputs("6bed4: ", stderr);
	fprintf(stderr, fmt, word);
	fputs("\nTry \"6bed4 help\".\n", stderr);
	return EXIT_USAGE;
}

static int kernel_error(struct genl *nl, const char *what, int err)
{
	if (nl->extack[0])
		fprintf(stderr, "6bed4: %s: %s: %s\n", what, strerror(-err),
			nl->extack);
	else
		fprintf(stderr, "6bed4: %s: %s\n", what, strerror(-err));
	return EXIT_KERNEL;
}

/* --- parsing replies ---------------------------------------------------- */

static void parse_prefix_attr(const struct nlattr *nest, struct prefix *p)
{
	const struct nlattr *attr;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case SIXBED4_A_ROUTE_PREFIX:
			if (mnl_attr_get_payload_len(attr) == sizeof(p->addr))
				memcpy(&p->addr, mnl_attr_get_payload(attr),
				       sizeof(p->addr));
			break;
		case SIXBED4_A_ROUTE_PREFIX_LEN:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
				p->len = mnl_attr_get_u8(attr);
			break;
		}
	}
}

static void parse_stats_attr(const struct nlattr *nest, struct dev_info *d)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		if (d->n_stats == MAX_STATS ||
		    mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			continue;
		d->stats[d->n_stats].type = mnl_attr_get_type(attr);
		d->stats[d->n_stats].value = mnl_attr_get_u64(attr);
		d->n_stats++;
	}
}

static void parse_prefix_list(const struct nlattr *nest, struct prefix *list,
			      unsigned int *n)
{
	const struct nlattr *entry;

	mnl_attr_for_each_nested(entry, nest) {
		if (*n < MAX_PREFIXES)
			parse_prefix_attr(entry, &list[(*n)++]);
	}
}

static int parse_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_list *list = data;
	const struct nlattr *attr;
	struct dev_info *d, *devs;

	devs = realloc(list->devs, (list->n + 1) * sizeof(*devs));
	if (!devs)
		return MNL_CB_ERROR;
	list->devs = devs;
	d = &devs[list->n++];
	memset(d, 0, sizeof(*d));

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
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
			break;
		case SIXBED4_A_DEV_LISTENING:
			d->listening = true;
			break;
		case SIXBED4_A_DEV_PROXY_ND_IFINDEX:
			d->proxy_nd_ifindex = mnl_attr_get_u32(attr);
			break;
		case SIXBED4_A_DEV_ROUTES:
			parse_prefix_list(attr, d->routes, &d->n_routes);
			break;
		case SIXBED4_A_DEV_BYPASSES:
			parse_prefix_list(attr, d->bypasses, &d->n_bypasses);
			break;
		case SIXBED4_A_DEV_STATS:
			parse_stats_attr(attr, d);
			break;
		}
	}
	return MNL_CB_OK;
}

/* --- printing ----------------------------------------------------------- */

static void print_prefix(const char *key, const char *fmt,
			 const struct prefix *p)
{
	char addr[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 4];

	inet_ntop(AF_INET6, &p->addr, addr, sizeof(addr));
	snprintf(buf, sizeof(buf), "%s/%u", addr, p->len);
	print_string(key, fmt, buf);
}

/* An interface by name; by number if it has none here (another netns). */
static const char *ifname_of(uint32_t ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

static void print_dev(const struct dev_info *d)
{
	char local[INET_ADDRSTRLEN], upstream[IF_NAMESIZE];
	unsigned int i;

	inet_ntop(AF_INET, &d->local, local, sizeof(local));

	print_open_object(NULL);
	print_string("ifname", "%s:", d->ifname);
	print_uint("ifindex", NULL, d->ifindex);
	print_string("local", " local %s", local);
	print_uint("port", " port %llu", d->port);
	print_uint("netid", " netid 0x%llx", d->netid);
	print_bool("listening", " listening %s", d->listening);
	print_text("\n");

	if (d->has_prefix)
		print_prefix("prefix", "    prefix %s\n", &d->prefix);
	else
		print_text("    prefix none\n");

	print_open_array("routes");
	for (i = 0; i < d->n_routes; i++)
		print_prefix(NULL, "    route %s\n", &d->routes[i]);
	print_close_array();

	print_open_array("bypasses");
	for (i = 0; i < d->n_bypasses; i++)
		print_prefix(NULL, "    bypass %s\n", &d->bypasses[i]);
	print_close_array();

	print_string("proxy_nd", "    proxy-nd %s\n",
		     d->proxy_nd_ifindex ?
		     ifname_of(d->proxy_nd_ifindex, upstream) : "off");

	print_open_object("stats");
	for (i = 0; i < d->n_stats; i++) {
		const struct stat_value *s = &d->stats[i];
		const char *name = s->type <= SIXBED4_A_STATS_MAX ?
				   stat_names[s->type] : NULL;
		char unknown[32];

		if (!name) {
			snprintf(unknown, sizeof(unknown), "stat_%u", s->type);
			name = unknown;
		}
		print_text("%s%s", i % 4 ? "  " : "    ", name);
		print_uint(name, " %llu", s->value);
		if (i % 4 == 3 || i == d->n_stats - 1)
			print_text("\n");
	}
	print_close_object();
	print_close_object();
}

/* --- commands ----------------------------------------------------------- */

static int parse_show_args(int argc, char **argv, const char **dev)
{
	*dev = NULL;
	for (; argc > 0; argc--, argv++) {
		if (strcmp(argv[0], "dev"))
			return usage_error("unknown word \"%s\"", argv[0]);
		if (argc < 2)
			return usage_error("\"%s\" needs a device name", argv[0]);
		*dev = argv[1];
		argc--, argv++;
	}
	return 0;
}

/* "bypass show": one line per range. */
static void print_dev_bypasses(const struct dev_info *d)
{
	unsigned int i;

	for (i = 0; i < d->n_bypasses; i++) {
		print_open_object(NULL);
		print_prefix("prefix", "%s", &d->bypasses[i]);
		print_string("ifname", " dev %s\n", d->ifname);
		print_close_object();
	}
}

static int cmd_show(struct genl *nl, const char *dev, bool json, bool pretty,
		    void (*print_one)(const struct dev_info *d))
{
	char buf[GENL_BUF_SIZE];
	struct dev_list list = { 0 };
	struct nlmsghdr *nlh;
	unsigned int i;
	int err, tries;

	/* A device added or removed during a dump: ask again. */
	for (tries = 0; tries < 10; tries++) {
		nlh = genl_request(nl, buf, SIXBED4_CMD_GET_DEV,
				   dev ? 0 : NLM_F_DUMP);
		if (dev)
			mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, dev);
		list.n = 0;
		err = genl_talk(nl, nlh, parse_dev_cb, &list);
		if (err != -EINTR)
			break;
	}
	if (err) {
		free(list.devs);
		return kernel_error(nl, dev ? dev : "show", err);
	}

	print_init(json, pretty);
	print_open_array(NULL);
	for (i = 0; i < list.n; i++)
		print_one(&list.devs[i]);
	print_close_array();
	print_finish();
	free(list.devs);
	return 0;
}

static bool parse_uint(const char *s, int base, unsigned long max,
		       unsigned long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*out = strtoul(s, &end, base);
	return !errno && !*end && *out <= max;
}

static bool parse_prefix(const char *s, struct prefix *p)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	unsigned long len;

	if (!slash || slash - s >= (long)sizeof(addr))
		return false;
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET6, addr, &p->addr) != 1 ||
	    !parse_uint(slash + 1, 10, 128, &len))
		return false;
	p->len = len;
	return true;
}

static void put_prefix(struct nlmsghdr *nlh, uint16_t type,
		       const struct prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, sizeof(p->addr), &p->addr);
	mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_PREFIX_LEN, p->len);
	mnl_attr_nest_end(nlh, nest);
}

/* A parsed "set" command line. */
struct set_args {
	const char *dev;
	bool has_local, has_port, has_prefix, has_netid, has_routes;
	bool has_proxy_nd;
	struct in_addr local;
	uint16_t port, netid;
	uint32_t proxy_nd_ifindex;
	struct prefix prefix;
	unsigned int n_routes;
	struct prefix routes[SIXBED4_MAX_ROUTES + 1];
};

static int parse_set_args(int argc, char **argv, struct set_args *a)
{
	unsigned long num;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc -= 2, argv += 2) {
		const char *word = argv[0], *value = argv[1];

		if (argc < 2)
			return usage_error("\"%s\" needs a value", word);
		if (!strcmp(word, "dev")) {
			a->dev = value;
		} else if (!strcmp(word, "local")) {
			if (inet_pton(AF_INET, value, &a->local) != 1)
				return usage_error("local: \"%s\" is not an IPv4 address",
						   value);
			a->has_local = true;
		} else if (!strcmp(word, "port")) {
			if (!parse_uint(value, 10, UINT16_MAX, &num))
				return usage_error("port: \"%s\" is not a number from 0 to 65535",
						   value);
			a->port = num;
			a->has_port = true;
		} else if (!strcmp(word, "prefix")) {
			if (!parse_prefix(value, &a->prefix))
				return usage_error("prefix: \"%s\" is not PREFIX/LEN",
						   value);
			a->has_prefix = true;
		} else if (!strcmp(word, "netid")) {
			if (!parse_uint(value, 16, UINT16_MAX, &num))
				return usage_error("netid: \"%s\" is not a hex number up to ffff",
						   value);
			a->netid = num;
			a->has_netid = true;
		} else if (!strcmp(word, "proxy-nd")) {
			a->proxy_nd_ifindex = strcmp(value, "off") ?
					      if_nametoindex(value) : 0;
			if (strcmp(value, "off") && !a->proxy_nd_ifindex)
				return usage_error("proxy-nd: no interface \"%s\"",
						   value);
			a->has_proxy_nd = true;
		} else if (!strcmp(word, "route")) {
			a->has_routes = true;
			if (!strcmp(value, "none"))
				continue;
			/* One too many still goes: the kernel names the limit. */
			if (a->n_routes == SIXBED4_MAX_ROUTES + 1)
				return usage_error("route: at most %s routed prefixes",
						   STRINGIFY(SIXBED4_MAX_ROUTES));
			if (!parse_prefix(value, &a->routes[a->n_routes]))
				return usage_error("route: \"%s\" is not PREFIX/LEN",
						   value);
			a->n_routes++;
		} else {
			return usage_error("unknown word \"%s\"", word);
		}
	}
	if (!a->dev)
		return usage_error("%s: which device? (dev NAME)", "set");
	return 0;
}

static int cmd_set(struct genl *nl, const struct set_args *a)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *list;
	unsigned int i;
	int err;

	nlh = genl_request(nl, buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, a->dev);
	if (a->has_local)
		mnl_attr_put_u32(nlh, SIXBED4_A_DEV_LOCAL, a->local.s_addr);
	if (a->has_port)
		mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, a->port);
	if (a->has_netid)
		mnl_attr_put_u16(nlh, SIXBED4_A_DEV_NETID, a->netid);
	if (a->has_prefix) {
		mnl_attr_put(nlh, SIXBED4_A_DEV_PREFIX, sizeof(a->prefix.addr),
			     &a->prefix.addr);
		mnl_attr_put_u8(nlh, SIXBED4_A_DEV_PREFIX_LEN, a->prefix.len);
	}
	if (a->has_proxy_nd)
		mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PROXY_ND_IFINDEX,
				 a->proxy_nd_ifindex);
	if (a->has_routes) {
		list = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_ROUTES);
		for (i = 0; i < a->n_routes; i++)
			put_prefix(nlh, i + 1, &a->routes[i]);
		mnl_attr_nest_end(nlh, list);
	}

	err = genl_talk(nl, nlh, NULL, NULL);
	if (err)
		return kernel_error(nl, a->dev, err);
	return 0;
}

/* A parsed "bypass add|del" command line. */
struct bypass_args {
	const char *dev;
	bool add;
	unsigned int n;
	struct prefix ranges[SIXBED4_MAX_BYPASSES + 1];
};

static int parse_bypass_args(int argc, char **argv, struct bypass_args *a)
{
	memset(a, 0, sizeof(*a));
	a->add = !strcmp(argv[0], "add");
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "dev")) {
			if (argc < 2)
				return usage_error("\"%s\" needs a device name",
						   argv[0]);
			a->dev = argv[1];
			argc--, argv++;
		} else if (a->n == SIXBED4_MAX_BYPASSES + 1) {
			return usage_error("bypass: more than %s ranges",
					   "64");
		} else if (!parse_prefix(argv[0], &a->ranges[a->n++])) {
			return usage_error("bypass: \"%s\" is not PREFIX/LEN",
					   argv[0]);
		}
	}
	if (!a->n)
		return usage_error("bypass %s: which ranges? (PREFIX/LEN...)",
				   a->add ? "add" : "del");
	if (!a->dev)
		return usage_error("bypass %s: which device? (dev NAME)",
				   a->add ? "add" : "del");
	return 0;
}

static int cmd_bypass(struct genl *nl, const struct bypass_args *a)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *list;
	unsigned int i;
	int err;

	nlh = genl_request(nl, buf, a->add ? SIXBED4_CMD_ADD_BYPASS :
					     SIXBED4_CMD_DEL_BYPASS, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, a->dev);
	list = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_BYPASSES);
	for (i = 0; i < a->n; i++)
		put_prefix(nlh, i + 1, &a->ranges[i]);
	mnl_attr_nest_end(nlh, list);

	err = genl_talk(nl, nlh, NULL, NULL);
	if (err)
		return kernel_error(nl, a->dev, err);
	return 0;
}

int main(int argc, char **argv)
{
	bool json = false, pretty = false;
	struct genl nl;
	int opt, ret;

	while ((opt = getopt(argc, argv, "+jpVh")) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 'V':
			printf("6bed4 %s\n", SIXBED4_VERSION);
			return 0;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc > 0 && !strcmp(argv[0], "help")) {
		fputs(usage_text, stdout);
		return 0;
	}

	/* Without a command: show everything, as "wg" and "ip" do. */
	if (argc == 0 || !strcmp(argv[0], "show")) {
		const char *dev;

		ret = parse_show_args(argc - !!argc, argv + !!argc, &dev);
		if (ret)
			return ret;
		if (genl_open(&nl, SIXBED4_GENL_NAME))
			return EXIT_KERNEL;
		ret = cmd_show(&nl, dev, json, pretty, print_dev);
	} else if (!strcmp(argv[0], "bypass") && argc > 1 &&
		   !strcmp(argv[1], "show")) {
		const char *dev;

		ret = parse_show_args(argc - 2, argv + 2, &dev);
		if (ret)
			return ret;
		if (genl_open(&nl, SIXBED4_GENL_NAME))
			return EXIT_KERNEL;
		ret = cmd_show(&nl, dev, json, pretty, print_dev_bypasses);
	} else if (!strcmp(argv[0], "bypass")) {
		struct bypass_args args;

		if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")))
			return usage_error("bypass: \"%s\" is not add, del or show",
					   argc < 2 ? "" : argv[1]);
		ret = parse_bypass_args(argc - 1, argv + 1, &args);
		if (ret)
			return ret;
		if (genl_open(&nl, SIXBED4_GENL_NAME))
			return EXIT_KERNEL;
		ret = cmd_bypass(&nl, &args);
	} else if (!strcmp(argv[0], "set")) {
		struct set_args args;

		ret = parse_set_args(argc - 1, argv + 1, &args);
		if (ret)
			return ret;
		if (genl_open(&nl, SIXBED4_GENL_NAME))
			return EXIT_KERNEL;
		ret = cmd_set(&nl, &args);
	} else {
		return usage_error("unknown command \"%s\"", argv[0]);
	}
	genl_close(&nl);
	return ret;
}
