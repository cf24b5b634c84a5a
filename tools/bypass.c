// SPDX-License-Identifier: GPL-2.0
/*
 * "6bed4 bypass {add|del} PREFIX[/LEN]... dev NAME" and "bypass show":
 * the port-0 ranges of the prefix that are the stack's, not peers'.
 */

#include <stdio.h>
#include <string.h>
#include <linux/6bed4.h>
#include "6bed4.h"

/* A parsed "bypass add|del" command line; the words point into argv. */
struct bypass_args {
	const char *dev;
	unsigned int n;
	struct prefix ranges[SIXBED4_MAX_BYPASSES];
	const char *words[SIXBED4_MAX_BYPASSES];
};

static int parse_bypass_args(int argc, char **argv, const char *verb,
			     struct bypass_args *a)
{
	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "dev")) {
			if (a->dev)
				return usage_error("bypass %s: \"dev\" given twice",
						   verb);
			if (argc < 2)
				return usage_error("bypass %s: \"dev\" needs a device name",
						   verb);
			if (!device_name_ok(argv[1]))
				return usage_error("bypass %s: dev: \"%.20s...\" is no device name (1 to %d bytes)",
						   verb, argv[1], IF_NAMESIZE - 1);
			a->dev = argv[1];
			argc--, argv++;
		} else if (a->n == SIXBED4_MAX_BYPASSES) {
			return usage_error("bypass %s %s: at most %s ranges at once",
					   verb, argv[0],
					   STRINGIFY(SIXBED4_MAX_BYPASSES));
		} else if (!parse_prefix(argv[0], &a->ranges[a->n], true)) {
			return usage_error("bypass %s: \"%s\" is not an IPv6 address or PREFIX/LEN",
					   verb, argv[0]);
		} else {
			a->words[a->n++] = argv[0];
		}
	}
	if (!a->n)
		return usage_error("bypass %s: which ranges? (PREFIX/LEN...)", verb);
	if (!a->dev)
		return usage_error("bypass %s: which device? (dev NAME)", verb);
	return 0;
}

static int bypass_change(int argc, char **argv, bool add)
{
	const char *verb = add ? "add" : "del";
	static struct arg_map map;
	char buf[GENL_BUF_SIZE];
	struct bypass_args a;
	struct nlmsghdr *nlh;
	struct genl nl;
	int err;

	err = parse_bypass_args(argc, argv, verb, &a);
	if (err)
		return err;
	err = open_family(&nl);
	if (err)
		return err;

	map.n = 0;
	nlh = genl_request(&nl, buf, add ? SIXBED4_CMD_ADD_BYPASS :
					   SIXBED4_CMD_DEL_BYPASS, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, a.dev);
	put_prefix_list(nlh, SIXBED4_A_DEV_BYPASSES, a.ranges, a.words, a.n,
			"bypass", &map);
	return change(&nl, nlh, a.dev, &map);
}

int cmd_bypass(int argc, char **argv, const struct options *opt)
{
	static const char *const verbs[] = { "add", "del", "show", "help", NULL };

	if (argc < 1)
		return usage_error("bypass: add, del or show?");
	switch (keyword_pick(argv[0], verbs, "bypass command")) {
	case 0:
		return bypass_change(argc - 1, argv + 1, true);
	case 1:
		return bypass_change(argc - 1, argv + 1, false);
	case 2:
		return cmd_bypass_show(argc - 1, argv + 1, opt);
	case 3:
		usage_of("bypass", false);
		return 0;
	default:
		return EXIT_USAGE;
	}
}
