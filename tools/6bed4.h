/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 6bed4 tool: what its commands share. Each command is a file of its
 * own (show.c, set.c, bypass.c, help.c); the netlink conversation is in
 * genl.c, text and JSON output in print.c, argument words in parse.c and
 * what the kernel says of a device in device.c.
 */
#ifndef SIXBED4_TOOL_H
#define SIXBED4_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <net/if.h>
#include "genl.h"

/* Exit status: 0 success, 1 usage error, 2 the kernel refused. */
#define EXIT_USAGE	1
#define EXIT_KERNEL	2

#define STRINGIFY_(x)	#x
#define STRINGIFY(x)	STRINGIFY_(x)

/* Room for more entries than this version's kernel side ever sends. */
#define MAX_PREFIXES	64
#define MAX_STATS	64

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
	unsigned int n, cap;
	struct dev_info *devs;
};

/* Options that apply to every command. */
struct options {
	bool json, pretty;
};

/* device.c */
int get_devices(struct genl *nl, const char *dev, struct dev_list *list);
const char *stat_name(uint16_t type);

/* Which words of the command line made which attribute of a request. */
#define MAX_ARGS	256
struct arg_map {
	unsigned int n;
	struct {
		uint32_t start, end;	/* bytes from the message's start */
		const char *word, *value;
	} at[MAX_ARGS];
};

/* parse.c */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void arg_map_add(struct arg_map *map, const struct nlmsghdr *nlh,
		 const struct nlattr *attr, const char *word,
		 const char *value);
int kernel_error(const struct genl *nl, const char *what, int err,
		 const struct arg_map *map);
void kernel_warning(const struct genl *nl);
bool keyword_is(const char *word, const char *keyword);
int keyword_pick(const char *word, const char *const *keywords,
		 const char *what);
bool device_name_ok(const char *name);
bool parse_uint(const char *s, int base, unsigned long max,
		unsigned long *out);
bool parse_prefix(const char *s, struct prefix *p, bool bare_is_host);
void format_prefix(const struct prefix *p, char *buf, size_t size);
struct nlattr *put_prefix(struct nlmsghdr *nlh, uint16_t type,
			  const struct prefix *p);
void put_prefix_list(struct nlmsghdr *nlh, uint16_t type,
		     const struct prefix *prefixes, const char *const *words,
		     unsigned int n, const char *word, struct arg_map *map);
int open_family(struct genl *nl);
int change(struct genl *nl, struct nlmsghdr *nlh, const char *dev,
	   const struct arg_map *map);

/* The commands: ARGC and ARGV are the words after the command's name. */
int cmd_show(int argc, char **argv, const struct options *opt);
int cmd_set(int argc, char **argv, const struct options *opt);
int cmd_bypass(int argc, char **argv, const struct options *opt);
int cmd_bypass_show(int argc, char **argv, const struct options *opt);

/* help.c: the usage of one command ("set"), or of all (NULL). */
void usage_of(const char *command, bool to_stderr);

#endif
