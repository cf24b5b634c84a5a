// SPDX-License-Identifier: GPL-2.0
/* "6bed4 show [dev NAME]": the devices' configuration and counters. */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "6bed4.h"
#include "print.h"

static void print_prefix(const char *key, const char *fmt,
			 const struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 4];

	format_prefix(p, buf, sizeof(buf));
	print_string(key, fmt, buf);
}

/* An interface by name; by number if it has none here (another netns). */
static const char *ifname_of(uint32_t ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

static void print_stats(const struct dev_info *d)
{
	unsigned int i;

	print_open_object("stats");
	for (i = 0; i < d->n_stats; i++) {
		const struct stat_value *s = &d->stats[i];
		const char *name = stat_name(s->type);
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

	print_stats(d);
	print_close_object();
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

/* [dev NAME], the only words "show" and "bypass show" take. */
static int parse_show_args(int argc, char **argv, const char *command,
			   const char **dev)
{
	static const char *const words[] = { "dev", "help", NULL };

	*dev = NULL;
	for (; argc > 0; argc--, argv++) {
		switch (keyword_pick(argv[0], words, "word")) {
		case 0:
			if (*dev)
				return usage_error("%s: \"dev\" given twice",
						   command);
			if (argc < 2)
				return usage_error("%s: \"dev\" needs a device name",
						   command);
			if (!device_name_ok(argv[1]))
				return usage_error("%s: dev: \"%.20s...\" is no device name (1 to %d bytes)",
						   command, argv[1], IF_NAMESIZE - 1);
			*dev = argv[1];
			argc--, argv++;
			break;
		case 1:
			usage_of(command, false);
			return -1;
		default:
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int show(int argc, char **argv, const struct options *opt,
		const char *command, void (*print_one)(const struct dev_info *d))
{
	struct dev_list list;
	const char *dev;
	struct genl nl;
	unsigned int i;
	int ret;

	ret = parse_show_args(argc, argv, command, &dev);
	if (ret)
		return ret < 0 ? 0 : ret;
	ret = open_family(&nl);
	if (ret)
		return ret;
	ret = get_devices(&nl, dev, &list);
	if (ret) {
		ret = kernel_error(&nl, dev ? dev : command, ret, NULL);
	} else {
		print_init(opt->json, opt->pretty);
		print_open_array(NULL);
		for (i = 0; i < list.n; i++)
			print_one(&list.devs[i]);
		print_close_array();
		print_finish();
	}
	free(list.devs);
	genl_close(&nl);
	return ret;
}

int cmd_show(int argc, char **argv, const struct options *opt)
{
	return show(argc, argv, opt, "show", print_dev);
}

int cmd_bypass_show(int argc, char **argv, const struct options *opt)
{
	return show(argc, argv, opt, "bypass", print_dev_bypasses);
}
