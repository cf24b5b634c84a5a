// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4: show and change the configuration of 6bed4 router devices.
 *
 * Exit status: 0 success, 1 usage error, 2 the kernel refused.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "6bed4.h"

/* The version of the loaded module, if one is loaded. */
static void print_versions(void)
{
	char version[64] = "";
	FILE *f;

	printf("6bed4 %s\n", SIXBED4_VERSION);
	f = fopen("/sys/module/6bed4/version", "r");
	if (!f)
		return;
	if (fgets(version, sizeof(version), f))
		printf("module %.*s\n", (int)strcspn(version, "\n"), version);
	fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const commands[] = {
		"show", "set", "bypass", "help", NULL,
	};
	static int (*const run[])(int, char **, const struct options *) = {
		cmd_show, cmd_set, cmd_bypass, NULL,
	};
	struct options opt = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "+jpVh", long_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt.json = true;
			break;
		case 'p':
			opt.pretty = true;
			break;
		case 'V':
			print_versions();
			return 0;
		case 'h':
			usage_of(NULL, false);
			return 0;
		default:
			usage_of(NULL, true);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	/* Without a command: show everything, as "wg" and "ip" do. */
	if (argc == 0)
		return cmd_show(0, argv, &opt);
	c = keyword_pick(argv[0], commands, "command");
	if (c < 0)
		return EXIT_USAGE;
	if (!run[c]) {
		usage_of(NULL, false);
		return 0;
	}
	return run[c](argc - 1, argv + 1, &opt);
}
