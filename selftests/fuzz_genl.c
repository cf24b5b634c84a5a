// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed requests to the 6bed4 generic netlink family: random commands,
 * flags, header fields, attribute types, lengths, nesting and truncation,
 * many of them aimed at one device so that they get past the lookup. A
 * request the kernel refuses must leave the device's configuration as it
 * was; an unprivileged sender (--unprivileged: run as nobody) must never
 * change it at all. Seeded: the same seed sends the same requests.
 *
 * usage: fuzz_genl COUNT SEED DEVICE [--unprivileged]
 * Prints "COUNT sent, N accepted, N refused" and exits 1 on a violation.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/6bed4.h>
#include "../tools/genl.h"
#include "fuzz.h"


static const char *device;

/* What GET says of the device, without its counters. */
struct fingerprint {
	size_t len;
	char bytes[4096];
};

static int fingerprint_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fingerprint *f = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		size_t len = mnl_attr_get_len(attr);

		if (mnl_attr_get_type(attr) == SIXBED4_A_DEV_STATS ||
		    f->len + len > sizeof(f->bytes))
			continue;
		memcpy(f->bytes + f->len, attr, len);
		f->len += len;
	}
	return MNL_CB_OK;
}

static int fingerprint(struct genl *nl, struct fingerprint *f)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;

	f->len = 0;
	nlh = genl_request(nl, buf, SIXBED4_CMD_GET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, device);
	return genl_talk(nl, nlh, fingerprint_cb, f);
}

static void put_random(struct nlmsghdr *nlh, uint16_t type, size_t max)
{
	char data[64];
	size_t len = below(max + 1), i;

	for (i = 0; i < len; i++)
		data[i] = rnd();
	mnl_attr_put(nlh, type, len, data);
}

/* An entry of a ROUTES or BYPASSES list, more or less well formed. */
static void put_prefix_entry(struct nlmsghdr *nlh)
{
	static const uint8_t prefixes[][16] = {
		{ 0x20, 1, 0xd, 0xb8, 0, 9, 0, 0x10 },
		{ 0x20, 1, 0xd, 0xb8, 0, 9, 0, 0x10, [15] = 0x11 },
		{ 0x20, 1, 0xd, 0xb8, 0xaa, 0xaa },
		{ 0xfe, 0x80 },
	};
	struct nlattr *entry = mnl_attr_nest_start(nlh, below(4));

	if (below(8))
		mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, below(8) ? 16 : below(20),
			     prefixes[below(4)]);
	if (below(8))
		mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_PREFIX_LEN,
				below(2) ? 16 * (1 + below(8)) : rnd());
	if (!below(10))
		put_random(nlh, below(6), 20);
	mnl_attr_nest_end(nlh, entry);
}

/* One attribute of a device request: plausible values, or garbage. */
static void put_attribute(struct nlmsghdr *nlh, int depth)
{
	static const uint8_t prefix[16] = { 0x20, 1, 0xd, 0xb8, 0, 9, 0, 0x10 };
	uint16_t type = below(SIXBED4_A_DEV_MAX + 3);
	struct nlattr *nest;
	unsigned int i, n;

	if (!below(4)) {
		put_random(nlh, type | (below(8) ? 0 : NLA_F_NESTED), 40);
		return;
	}
	switch (type) {
	case SIXBED4_A_DEV_LOCAL:
		mnl_attr_put_u32(nlh, type, below(2) ? htonl(0xc0000201) : (uint32_t)rnd());
		break;
	case SIXBED4_A_DEV_PORT:
		mnl_attr_put_u16(nlh, type, below(2) ? 26000 + below(8) : rnd());
		break;
	case SIXBED4_A_DEV_PREFIX:
		mnl_attr_put(nlh, type, 16, prefix);
		break;
	case SIXBED4_A_DEV_PREFIX_LEN:
		mnl_attr_put_u8(nlh, type, below(2) ? 64 : rnd());
		break;
	case SIXBED4_A_DEV_ROUTES:
	case SIXBED4_A_DEV_BYPASSES:
		nest = mnl_attr_nest_start(nlh, type);
		for (i = 0, n = below(14); i < n; i++)
			put_prefix_entry(nlh);
		if (depth < 2 && !below(8))
			put_attribute(nlh, depth + 1);
		mnl_attr_nest_end(nlh, nest);
		break;
	case SIXBED4_A_DEV_PROXY_ND_IFINDEX:
		mnl_attr_put_u32(nlh, type, below(4));
		break;
	default:
		put_random(nlh, type, 24);
	}
}

/* Send @nlh as it is; the kernel's errno for it (0: accepted). */
static int talk_raw(struct mnl_socket *sock, struct nlmsghdr *nlh, size_t len)
{
	char buf[GENL_BUF_SIZE];
	uint32_t seq = nlh->nlmsg_seq;
	int ret;

	if (mnl_socket_sendto(sock, nlh, len) < 0)
		return errno == EPERM ? EPERM : -1;
	for (;;) {
		struct nlmsghdr *reply = (struct nlmsghdr *)buf;

		ret = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (ret < 0)
			return errno == EAGAIN ? EAGAIN : -1;
		for (; mnl_nlmsg_ok(reply, ret); reply = mnl_nlmsg_next(reply, &ret)) {
			if (reply->nlmsg_seq != seq)
				continue;
			if (reply->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *err = mnl_nlmsg_get_payload(reply);

				return -err->error;
			}
			if (reply->nlmsg_type == NLMSG_DONE)
				return 0;
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long count, i, accepted = 0, refused = 0;
	struct fingerprint before, after;
	struct timeval timeout = { .tv_sec = 2 };
	struct mnl_socket *sock;
	bool unprivileged;
	struct genl nl;
	int ret;

	if (argc < 4) {
		fprintf(stderr, "usage: %s COUNT SEED DEVICE [--unprivileged]\n", argv[0]);
		return 2;
	}
	count = strtoul(argv[1], NULL, 0);
	rng_seed(strtoull(argv[2], NULL, 0));
	device = argv[3];
	unprivileged = argc > 4 && !strcmp(argv[4], "--unprivileged");

	if (genl_open(&nl, SIXBED4_GENL_NAME))
		return 1;
	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(sock), SOL_SOCKET, SO_RCVTIMEO,
		       &timeout, sizeof(timeout))) {
		perror("fuzz_genl: socket");
		return 1;
	}
	if (fingerprint(&nl, &before)) {
		fprintf(stderr, "fuzz_genl: no device %s\n", device);
		return 1;
	}

	for (i = 0; i < count; i++) {
		char buf[GENL_BUF_SIZE];
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		struct genlmsghdr *genl;
		unsigned int n, a;
		uint8_t cmd;
		size_t len;

		cmd = below(8) ? 1 + below(SIXBED4_CMD_MAX) : below(256);
		nlh->nlmsg_type = nl.family;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		if (!below(8))
			nlh->nlmsg_flags |= below(2) ? NLM_F_DUMP : rnd() & 0xffff;
		nlh->nlmsg_seq = i + 1;
		genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
		genl->cmd = cmd;
		genl->version = below(16) ? SIXBED4_GENL_VERSION : rnd();
		genl->reserved = below(16) ? 0 : rnd();
		if (below(4))
			mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, device);
		for (a = 0, n = below(6); a < n; a++)
			put_attribute(nlh, 0);
		len = nlh->nlmsg_len;
		/* Truncated: the header says less, or an attribute more. */
		if (!below(16) && len > NLMSG_HDRLEN)
			nlh->nlmsg_len = len = NLMSG_HDRLEN + below(len - NLMSG_HDRLEN);
		else if (!below(16) && len > NLMSG_HDRLEN + GENL_HDRLEN + 4)
			((struct nlattr *)((char *)nlh + NLMSG_HDRLEN +
					   GENL_HDRLEN))->nla_len = rnd();

		ret = talk_raw(sock, nlh, len);
		if (ret < 0) {
			fprintf(stderr, "fuzz_genl: request %lu: %s\n", i, strerror(errno));
			return 1;
		}
		if (ret == EAGAIN) {
			fprintf(stderr, "fuzz_genl: request %lu: no answer\n", i);
			return 1;
		}
		if (fingerprint(&nl, &after)) {
			fprintf(stderr, "fuzz_genl: request %lu: the device is gone\n", i);
			return 1;
		}
		if (ret) {
			refused++;
		} else {
			accepted++;
			if (cmd >= SIXBED4_CMD_SET_DEV && unprivileged) {
				fprintf(stderr, "fuzz_genl: request %lu (cmd %u) accepted without privilege\n",
					i, cmd);
				return 1;
			}
		}
		if ((ret || unprivileged) &&
		    (after.len != before.len || memcmp(after.bytes, before.bytes, after.len))) {
			fprintf(stderr, "fuzz_genl: request %lu (cmd %u) refused with %s, yet changed the device\n",
				i, cmd, strerror(ret));
			return 1;
		}
		before = after;
	}
	printf("%lu sent, %lu accepted, %lu refused\n", count, accepted, refused);
	mnl_socket_close(sock);
	genl_close(&nl);
	return 0;
}
