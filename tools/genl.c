// SPDX-License-Identifier: GPL-2.0
/* Generic netlink over libmnl, with extended ACK messages; see genl.h. */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "genl.h"

struct talk {
	struct genl *nl;
	mnl_cb_t cb;
	void *data;
};

/*
 * Keep the kernel's message that comes with an error, a success (a
 * warning) or a dump's end, and where in our request the attribute it
 * is about starts.
 */
static void genl_save_extack(struct genl *nl, const struct nlmsghdr *nlh,
			     unsigned int offset)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, offset) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(nl->extack, sizeof(nl->extack), "%s",
					 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				nl->err_offset = mnl_attr_get_u32(attr);
			break;
		}
	}
}

static int genl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *talk = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int offset = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/*
	 * Unless capped, the request we sent comes back before the TLVs:
	 * its length is the reply's word, not to be trusted beyond it.
	 */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < sizeof(struct nlmsghdr) ||
		    err->msg.nlmsg_len - sizeof(struct nlmsghdr) >
		    mnl_nlmsg_get_payload_len(nlh) - sizeof(*err))
			offset = 0;
		else
			offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (offset)
		genl_save_extack(talk->nl, nlh, offset);
	if (!err->error)
		return MNL_CB_STOP;
	errno = -err->error;
	return MNL_CB_ERROR;
}

static int genl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *talk = data;
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err < 0) {
		genl_save_extack(talk->nl, nlh, sizeof(err));
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int genl_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *talk = data;

	return talk->cb ? talk->cb(nlh, talk->data) : MNL_CB_OK;
}

/* Does this batch of messages end the reply (NLMSG_DONE or an error)? */
static bool genl_reply_ends(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rest = len;

	for (; mnl_nlmsg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest))
		if (nlh->nlmsg_type == NLMSG_DONE ||
		    nlh->nlmsg_type == NLMSG_ERROR)
			return true;
	return false;
}

struct nlmsghdr *genl_request(struct genl *nl, void *buf, uint8_t cmd,
			      uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

int genl_talk(struct genl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	static char buf[GENL_BUF_SIZE];
	struct talk talk = { .nl = nl, .cb = cb, .data = data };
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = genl_error_cb,
		[NLMSG_DONE] = genl_done_cb,
	};
	ssize_t len;
	int ret;

	nl->extack[0] = '\0';
	nl->err_offset = 0;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	do {
		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(buf, len, nlh->nlmsg_seq, nl->portid,
				  genl_data_cb, &talk, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);

	/*
	 * libmnl stops at the first message of a dump flagged
	 * NLM_F_DUMP_INTR: read the rest of the dump, so that the caller's
	 * next request does not find it in the socket, and say EINTR.
	 */
	if (ret < 0 && errno == EINTR) {
		while (!genl_reply_ends(buf, len)) {
			len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
			if (len < 0)
				return -errno;
		}
		return -EINTR;
	}
	return ret < 0 ? -errno : 0;
}

static int genl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl *nl = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

int genl_open(struct genl *nl, const char *family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "6bed4: cannot open a netlink socket: %s\n",
			strerror(errno));
		return -1;
	}
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	/* Asking the controller also loads the module if need be. */
	nl->family = GENL_ID_CTRL;
	nlh = genl_request(nl, buf, CTRL_CMD_GETFAMILY, 0);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 2;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	nl->family = 0;
	err = genl_talk(nl, nlh, genl_family_cb, nl);
	if (err || !nl->family) {
		fprintf(stderr, "6bed4: generic netlink family \"%s\" not found: is the 6bed4 module available?\n",
			family);
		genl_close(nl);
		return -1;
	}
	return 0;
}

void genl_close(struct genl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}
