// SPDX-License-Identifier: GPL-2.0
/* "6bed4 help", "6bed4 COMMAND help": the grammar, command by command. */

#include <stdio.h>
#include <string.h>
#include "6bed4.h"

static const struct {
	const char *command, *text;
} usages[] = {
	{ "show",
	  "       6bed4 [-j] [-p] show [dev NAME]\n" },
	{ "set",
	  "       6bed4 set dev NAME [local ADDR] [port PORT] [prefix PREFIX/LEN]\n"
	  "                          [netid HEX] [route PREFIX/LEN]... [route none]\n"
	  "                          [proxy-nd IFNAME|off]\n" },
	{ "bypass",
	  "       6bed4 bypass {add|del} PREFIX[/LEN]... dev NAME\n"
	  "       6bed4 [-j] [-p] bypass show [dev NAME]\n" },
	{ "help",
	  "       6bed4 help\n"
	  "       6bed4 COMMAND help\n"
	  "       6bed4 {-V|--version}\n" },
};

static const char options_text[] =
	"Options: -j  JSON output    -p  pretty JSON    -V  version\n"
	"Commands and words may be shortened while they stay unambiguous\n"
	"(sh for show, se for set); see 6bed4(8).\n";

void usage_of(const char *command, bool to_stderr)
{
	FILE *out = to_stderr ? stderr : stdout;
	const char *start = "Usage:";
	size_t i;

	for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++) {
		if (command && strcmp(command, usages[i].command))
			continue;
		/* The first line says "Usage:" where the others indent. */
		fprintf(out, "%s%s", start, usages[i].text + strlen(start));
		start = "      ";
	}
	if (!command)
		fputs(options_text, out);
}
