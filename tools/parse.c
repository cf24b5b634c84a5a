// SPDX-License-Identifier: GPL-2.0
/* Words of the command line, and how errors about them are told. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/6bed4.h>
#include "6bed4.h"

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("6bed4: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"6bed4 help\".\n", stderr);
	return EXIT_USAGE;
}

void arg_map_add(struct arg_map *map, const struct nlmsghdr *nlh,
		 const struct nlattr *attr, const char *word, const char *value)
{
	uint32_t start = (const char *)attr - (const char *)nlh;

	if (map->n == MAX_ARGS)
		return;
	map->at[map->n].start = start;
	map->at[map->n].end = start + attr->nla_len;
	map->at[map->n].word = word;
	map->at[map->n].value = value;
	map->n++;
}

/*
 * The kernel's message alone if it sent one (strerror() of its errno
 * would say the same again), after the words of the command line that
 * made the attribute it points at, if it points at one.
 */
int kernel_error(const struct genl *nl, const char *what, int err,
		 const struct arg_map *map)
{
	const char *word = NULL, *value = NULL;
	unsigned int i;

	/* Ranges do not overlap: nests are never noted, only entries. */
	for (i = 0; map && nl->err_offset && i < map->n; i++) {
		if (nl->err_offset >= map->at[i].start &&
		    nl->err_offset < map->at[i].end) {
			word = map->at[i].word;
			value = map->at[i].value;
		}
	}
	fprintf(stderr, "6bed4: %s: ", what);
	if (word)
		fprintf(stderr, "%s %s: ", word, value);
	fprintf(stderr, "%s\n", nl->extack[0] ? nl->extack : strerror(-err));
	return EXIT_KERNEL;
}

/* What the kernel said along with a success, if anything. */
void kernel_warning(const struct genl *nl)
{
	if (nl->extack[0])
		fprintf(stderr, "6bed4: warning: %s\n", nl->extack);
}

/* Is @word @keyword, or the start of it (as "sh" is of "show")? */
bool keyword_is(const char *word, const char *keyword)
{
	size_t len = strlen(word);

	return len && !strncmp(word, keyword, len);
}

/*
 * The index of the one keyword of the NULL-terminated @keywords that
 * @word is or starts, else -1 after saying so (@what names the kind of
 * word: "command"): an abbreviation that two keywords start is refused,
 * not guessed.
 */
int keyword_pick(const char *word, const char *const *keywords,
		 const char *what)
{
	char which[256] = "";
	int i, found = -1, n = 0, left;

	for (i = 0; keywords[i]; i++) {
		if (!strcmp(word, keywords[i]))
			return i;
		if (keyword_is(word, keywords[i])) {
			found = i;
			n++;
		}
	}
	if (n == 1)
		return found;
	if (!n) {
		usage_error("unknown %s \"%s\"", what, word);
		return -1;
	}
	/* "port, prefix or proxy-nd" */
	for (i = 0, left = n; keywords[i]; i++) {
		if (!keyword_is(word, keywords[i]))
			continue;
		snprintf(which + strlen(which), sizeof(which) - strlen(which),
			 "%s%s", left == n ? "" : left == 1 ? " or " : ", ",
			 keywords[i]);
		left--;
	}
	usage_error("ambiguous %s \"%s\": %s?", what, word, which);
	return -1;
}

/* A device name the kernel could have (IFNAMSIZ - 1 bytes at most). */
bool device_name_ok(const char *name)
{
	return *name && strlen(name) < IF_NAMESIZE;
}

bool parse_uint(const char *s, int base, unsigned long max,
		unsigned long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*out = strtoul(s, &end, base);
	return !errno && !*end && *out <= max;
}

/* PREFIX/LEN; a bare address is a /128 if @bare_is_host. */
bool parse_prefix(const char *s, struct prefix *p, bool bare_is_host)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	unsigned long len = 128;

	if (!slash && bare_is_host)
		slash = s + strlen(s);
	if (!slash || slash - s >= (long)sizeof(addr))
		return false;
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET6, addr, &p->addr) != 1 ||
	    (*slash && !parse_uint(slash + 1, 10, 128, &len)))
		return false;
	p->len = len;
	return true;
}

void format_prefix(const struct prefix *p, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &p->addr, addr, sizeof(addr));
	snprintf(buf, size, "%s/%u", addr, p->len);
}

struct nlattr *put_prefix(struct nlmsghdr *nlh, uint16_t type,
			  const struct prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, sizeof(p->addr), &p->addr);
	mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_PREFIX_LEN, p->len);
	mnl_attr_nest_end(nlh, nest);
	return nest;
}

/* A nest of @n prefixes, each noted in @map as made by "@word WORDS[i]". */
void put_prefix_list(struct nlmsghdr *nlh, uint16_t type,
		     const struct prefix *prefixes, const char *const *words,
		     unsigned int n, const char *word, struct arg_map *map)
{
	struct nlattr *list = mnl_attr_nest_start(nlh, type);
	unsigned int i;

	for (i = 0; i < n; i++)
		arg_map_add(map, nlh, put_prefix(nlh, i + 1, &prefixes[i]),
			    word, words[i]);
	mnl_attr_nest_end(nlh, list);
}

int open_family(struct genl *nl)
{
	return genl_open(nl, SIXBED4_GENL_NAME) ? EXIT_KERNEL : 0;
}

/*
 * Send a request about device @dev that expects no data back, tell what
 * the kernel said, close @nl; the exit status.
 */
int change(struct genl *nl, struct nlmsghdr *nlh, const char *dev,
	   const struct arg_map *map)
{
	int err = genl_talk(nl, nlh, NULL, NULL);

	if (err)
		err = kernel_error(nl, dev, err, map);
	else
		kernel_warning(nl);
	genl_close(nl);
	return err;
}
