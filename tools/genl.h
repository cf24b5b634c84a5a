/* SPDX-License-Identifier: GPL-2.0 */
/* A generic netlink conversation with the 6bed4 family, over libmnl. */
#ifndef SIXBED4_GENL_H
#define SIXBED4_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

#define GENL_BUF_SIZE	(64 * 1024)

struct genl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
	char extack[256];	/* the kernel's message on the last reply */
	uint32_t err_offset;	/* where its attribute is in the request */
};

/* Open the socket and resolve the family; prints why on failure. */
int genl_open(struct genl *nl, const char *family);
void genl_close(struct genl *nl);

/* Start a request for @cmd in @buf (GENL_BUF_SIZE bytes). */
struct nlmsghdr *genl_request(struct genl *nl, void *buf, uint8_t cmd,
			      uint16_t flags);

/*
 * Send @nlh and feed each reply message to @cb until the kernel is done.
 * Returns 0, or -errno; either way with the kernel's extack message, if
 * any, in nl->extack (on success, a warning) and the offset it points at
 * in nl->err_offset (0 for none).
 * A dump that the kernel marked inconsistent returns -EINTR.
 */
int genl_talk(struct genl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif
