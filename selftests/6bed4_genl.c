// SPDX-License-Identifier: GPL-2.0
/*
 * The 6bed4 generic netlink ABI: requests built by hand, including ones no
 * well-behaved client sends, each checked for its errno, its extack
 * message, and for leaving the device's configuration as it was.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/6bed4.h>
#include "../tools/genl.h"
#include "kselftest_harness.h"

#define DEV_NAME	"sbabi0"

/* The parts of a GET reply that a refused request must leave alone. */
struct config {
	uint32_t local;
	uint16_t port, netid;
	uint8_t prefix[16], prefix_len;
	int n_routes;
	int listening;
	int seen;
};

/* Create (RTM_NEWLINK) or delete (RTM_DELLINK) a link; returns -errno. */
static int rtnl_link(int type, const char *name, const char *kind)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nlattr *info;
	int ret;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (type == RTM_NEWLINK)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = 1;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (kind) {
		info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
		mnl_attr_nest_end(nlh, info);
	}
	ret = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	if (ret >= 0)
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret >= 0)
		ret = mnl_cb_run(buf, ret, 1, mnl_socket_get_portid(nl),
				 NULL, NULL);
	ret = ret < 0 ? -errno : 0;
	mnl_socket_close(nl);
	return ret;
}

static int config_cb(const struct nlmsghdr *nlh, void *data)
{
	struct config *c = data;
	const struct nlattr *attr, *entry;

	c->seen++;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case SIXBED4_A_DEV_LOCAL:
			c->local = mnl_attr_get_u32(attr);
			break;
		case SIXBED4_A_DEV_PORT:
			c->port = mnl_attr_get_u16(attr);
			break;
		case SIXBED4_A_DEV_NETID:
			c->netid = mnl_attr_get_u16(attr);
			break;
		case SIXBED4_A_DEV_PREFIX:
			memcpy(c->prefix, mnl_attr_get_payload(attr), 16);
			break;
		case SIXBED4_A_DEV_PREFIX_LEN:
			c->prefix_len = mnl_attr_get_u8(attr);
			break;
		case SIXBED4_A_DEV_LISTENING:
			c->listening = 1;
			break;
		case SIXBED4_A_DEV_ROUTES:
			mnl_attr_for_each_nested(entry, attr)
				c->n_routes++;
			break;
		}
	}
	return MNL_CB_OK;
}

FIXTURE(dev) {
	struct genl nl;
	char buf[GENL_BUF_SIZE];
	unsigned int ifindex;
	struct config before;
};

static int get_config(struct genl *nl, struct config *c)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;

	memset(c, 0, sizeof(*c));
	nlh = genl_request(nl, buf, SIXBED4_CMD_GET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, DEV_NAME);
	return genl_talk(nl, nlh, config_cb, c);
}

FIXTURE_SETUP(dev)
{
	rtnl_link(RTM_DELLINK, DEV_NAME, NULL);
	ASSERT_EQ(0, rtnl_link(RTM_NEWLINK, DEV_NAME, "6bed4"));
	self->ifindex = if_nametoindex(DEV_NAME);
	ASSERT_NE(0, self->ifindex);
	ASSERT_EQ(0, genl_open(&self->nl, SIXBED4_GENL_NAME));
	ASSERT_EQ(0, get_config(&self->nl, &self->before));
	ASSERT_EQ(SIXBED4_DEFAULT_PORT, self->before.port);
}

FIXTURE_TEARDOWN(dev)
{
	genl_close(&self->nl);
	rtnl_link(RTM_DELLINK, DEV_NAME, NULL);
}

/* A request for @cmd naming the fixture's device, in self->buf. */
static struct nlmsghdr *dev_request(FIXTURE_DATA(dev) *self, uint8_t cmd)
{
	struct nlmsghdr *nlh = genl_request(&self->nl, self->buf, cmd, 0);

	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_IFINDEX, self->ifindex);
	return nlh;
}

/* Send, expect -@err and an extack message holding @msg, config intact. */
#define EXPECT_REFUSED(nlh, err, msg) do {					\
	struct config __after;							\
	EXPECT_EQ(-(err), genl_talk(&self->nl, (nlh), NULL, NULL));		\
	EXPECT_NE(NULL, strstr(self->nl.extack, (msg)))				\
		TH_LOG("extack: \"%s\"", self->nl.extack);			\
	ASSERT_EQ(0, get_config(&self->nl, &__after));				\
	EXPECT_EQ(0, memcmp(&self->before, &__after, sizeof(__after)));		\
} while (0)

TEST_F(dev, get_by_ifindex_and_by_name)
{
	struct config c = { 0 };
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_GET_DEV);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, DEV_NAME);
	ASSERT_EQ(0, genl_talk(&self->nl, nlh, config_cb, &c));
	EXPECT_EQ(1, c.seen);
	EXPECT_EQ(SIXBED4_DEFAULT_NETID, c.netid);
	EXPECT_EQ(0, c.local);
	EXPECT_EQ(0, c.prefix_len);
}

TEST_F(dev, dump_lists_the_device)
{
	struct config c = { 0 };
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, rtnl_link(RTM_NEWLINK, "sbabi1", "6bed4"));
	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_GET_DEV,
			   NLM_F_DUMP);
	EXPECT_EQ(0, genl_talk(&self->nl, nlh, config_cb, &c));
	EXPECT_EQ(2, c.seen);
	rtnl_link(RTM_DELLINK, "sbabi1", NULL);
}

TEST_F(dev, rtnetlink_add_and_del)
{
	char buf[GENL_BUF_SIZE];
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, rtnl_link(RTM_NEWLINK, "sbabi1", "6bed4"));
	ASSERT_EQ(-EEXIST, rtnl_link(RTM_NEWLINK, "sbabi1", "6bed4"));
	nlh = genl_request(&self->nl, buf, SIXBED4_CMD_GET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, "sbabi1");
	EXPECT_EQ(0, genl_talk(&self->nl, nlh, NULL, NULL));
	ASSERT_EQ(0, rtnl_link(RTM_DELLINK, "sbabi1", NULL));
	nlh = genl_request(&self->nl, buf, SIXBED4_CMD_GET_DEV, 0);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, "sbabi1");
	EXPECT_EQ(-ENODEV, genl_talk(&self->nl, nlh, NULL, NULL));
}

TEST_F(dev, set_applies)
{
	struct in6_addr prefix = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 0x10 } };
	struct nlmsghdr *nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	struct config c;

	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, 4321);
	mnl_attr_put(nlh, SIXBED4_A_DEV_PREFIX, sizeof(prefix), &prefix);
	mnl_attr_put_u8(nlh, SIXBED4_A_DEV_PREFIX_LEN, 64);
	ASSERT_EQ(0, genl_talk(&self->nl, nlh, NULL, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(4321, c.port);
	EXPECT_EQ(64, c.prefix_len);
	EXPECT_EQ(0, memcmp(c.prefix, &prefix, 16));
}

TEST_F(dev, no_device_named)
{
	struct nlmsghdr *nlh;

	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, 1);
	EXPECT_REFUSED(nlh, EINVAL, "device not given");
	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_GET_DEV, 0);
	EXPECT_REFUSED(nlh, EINVAL, "device not given");
}

/* Port 0 is no port (the tool refuses it before asking). */
TEST_F(dev, port_zero)
{
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, 0);
	EXPECT_REFUSED(nlh, ERANGE, "integer out of range");
}

TEST_F(dev, unknown_and_mismatched_device)
{
	struct nlmsghdr *nlh;

	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_IFINDEX, 999999);
	EXPECT_REFUSED(nlh, ENODEV, "no such device");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_strz(nlh, SIXBED4_A_DEV_IFNAME, "lo");
	EXPECT_REFUSED(nlh, EINVAL, "ifindex and ifname name different devices");
	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_IFINDEX, 1);
	EXPECT_REFUSED(nlh, EOPNOTSUPP, "not a 6bed4 device");
}

TEST_F(dev, wrong_attribute_lengths)
{
	uint8_t addr[8] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PORT, 4000);
	EXPECT_REFUSED(nlh, EINVAL, "invalid attribute length");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_LOCAL, 1);
	EXPECT_REFUSED(nlh, EINVAL, "invalid attribute length");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_NETID, 1);
	EXPECT_REFUSED(nlh, EINVAL, "invalid attribute length");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put(nlh, SIXBED4_A_DEV_PREFIX, sizeof(addr), addr);
	mnl_attr_put_u8(nlh, SIXBED4_A_DEV_PREFIX_LEN, 32);
	EXPECT_REFUSED(nlh, ERANGE, "binary attribute size out of range");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PREFIX_LEN, 64);
	EXPECT_REFUSED(nlh, EINVAL, "invalid attribute length");
}

TEST_F(dev, wrong_attribute_types)
{
	struct nlmsghdr *nlh;

	/* A name without its terminating NUL. */
	nlh = genl_request(&self->nl, self->buf, SIXBED4_CMD_SET_DEV, 0);
	mnl_attr_put(nlh, SIXBED4_A_DEV_IFNAME, strlen(DEV_NAME), DEV_NAME);
	EXPECT_REFUSED(nlh, EINVAL, "Attribute failed policy validation");
	/* Routes that are not a nest of nests. */
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_ROUTES, 1);
	EXPECT_REFUSED(nlh, EINVAL, "NLA_F_NESTED is missing");
}

TEST_F(dev, unknown_unspec_and_pad_attributes)
{
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_MAX + 1, 0);
	EXPECT_REFUSED(nlh, EINVAL, "Unknown attribute type");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_UNSPEC, 0);
	EXPECT_REFUSED(nlh, EINVAL, "Unknown attribute type");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PAD, 0);
	EXPECT_REFUSED(nlh, EINVAL, "Unsupported attribute");
}

TEST_F(dev, truncated_attribute)
{
	struct nlmsghdr *nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	struct nlattr *attr;

	/* An attribute claiming more bytes than the message holds. */
	attr = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, 4000);
	attr->nla_len = 64;
	EXPECT_REFUSED(nlh, EINVAL, "bytes leftover after parsing attributes");
}

TEST_F(dev, read_only_attributes)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	nest = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_STATS);
	mnl_attr_put_u64(nlh, SIXBED4_A_STATS_RX_PACKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_REFUSED(nlh, EINVAL, "attribute is read-only");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put(nlh, SIXBED4_A_DEV_LISTENING, 0, NULL);
	EXPECT_REFUSED(nlh, EINVAL, "attribute is read-only");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	nest = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_BYPASSES);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_REFUSED(nlh, EINVAL, "attribute is read-only");
}

TEST_F(dev, bypass_and_proxy_nd_refusals)
{
	struct nlmsghdr *nlh;

	/* Loopback (ifindex 1) has no Ethernet address to advertise. */
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PROXY_ND_IFINDEX, 1);
	EXPECT_REFUSED(nlh, EOPNOTSUPP, "proxy ND needs an Ethernet interface");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u32(nlh, SIXBED4_A_DEV_PROXY_ND_IFINDEX, 0x7fffffff);
	EXPECT_REFUSED(nlh, ENODEV, "no such upstream interface");
	nlh = dev_request(self, SIXBED4_CMD_ADD_BYPASS);
	EXPECT_REFUSED(nlh, EINVAL, "no bypass ranges given");
	nlh = dev_request(self, SIXBED4_CMD_DEL_BYPASS);
	EXPECT_REFUSED(nlh, EINVAL, "no bypass ranges given");
}

TEST_F(dev, unknown_command_and_reserved_field)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_MAX + 1);
	EXPECT_EQ(-EOPNOTSUPP, genl_talk(&self->nl, nlh, NULL, NULL));
	nlh = dev_request(self, SIXBED4_CMD_GET_DEV);
	genl = mnl_nlmsg_get_payload(nlh);
	genl->reserved = 1;
	EXPECT_REFUSED(nlh, EINVAL, "reserved field is not 0");
}

TEST_F(dev, prefix_needs_both_halves)
{
	struct in6_addr prefix = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8 } };
	struct nlmsghdr *nlh;

	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put_u8(nlh, SIXBED4_A_DEV_PREFIX_LEN, 64);
	EXPECT_REFUSED(nlh, EINVAL, "prefix and prefix length must be given together");
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	mnl_attr_put(nlh, SIXBED4_A_DEV_PREFIX, sizeof(prefix), &prefix);
	EXPECT_REFUSED(nlh, EINVAL, "prefix and prefix length must be given together");
}

TEST_F(dev, route_entries)
{
	struct in6_addr prefix = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0xaa } };
	struct nlattr *list, *entry;
	struct nlmsghdr *nlh;

	/* An entry without its length. */
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	list = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_ROUTES);
	entry = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, sizeof(prefix), &prefix);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	EXPECT_REFUSED(nlh, EINVAL, "prefix needs an address and a length");

	/* An entry with an attribute it does not know. */
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	list = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_ROUTES);
	entry = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, sizeof(prefix), &prefix);
	mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_PREFIX_LEN, 48);
	mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_MAX + 1, 0);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, list);
	EXPECT_REFUSED(nlh, EINVAL, "Unknown attribute type");

	/* One more than the limit (the tool refuses it before asking). */
	nlh = dev_request(self, SIXBED4_CMD_SET_DEV);
	list = mnl_attr_nest_start(nlh, SIXBED4_A_DEV_ROUTES);
	for (int i = 0; i <= SIXBED4_MAX_ROUTES; i++) {
		prefix.s6_addr[5] = i;
		entry = mnl_attr_nest_start(nlh, i + 1);
		mnl_attr_put(nlh, SIXBED4_A_ROUTE_PREFIX, sizeof(prefix), &prefix);
		mnl_attr_put_u8(nlh, SIXBED4_A_ROUTE_PREFIX_LEN, 48);
		mnl_attr_nest_end(nlh, entry);
	}
	mnl_attr_nest_end(nlh, list);
	EXPECT_REFUSED(nlh, E2BIG, "too many routed prefixes");
}

/* Mutating commands need CAP_NET_ADMIN; reading does not. */
TEST_F(dev, unprivileged)
{
	const uint8_t cmds[] = {
		SIXBED4_CMD_SET_DEV, SIXBED4_CMD_ADD_BYPASS,
		SIXBED4_CMD_DEL_BYPASS,
	};
	struct config after;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct nlmsghdr *nlh;
		unsigned int i;

		/* Leaving uid 0 drops every capability. */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(10);
		for (i = 0; i < sizeof(cmds); i++) {
			nlh = dev_request(self, cmds[i]);
			mnl_attr_put_u16(nlh, SIXBED4_A_DEV_PORT, 4000);
			if (genl_talk(&self->nl, nlh, NULL, NULL) != -EPERM)
				_exit(20 + i);
		}
		nlh = dev_request(self, SIXBED4_CMD_GET_DEV);
		_exit(genl_talk(&self->nl, nlh, NULL, NULL) ? 30 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, get_config(&self->nl, &after));
	EXPECT_EQ(0, memcmp(&self->before, &after, sizeof(after)));
}

TEST_HARNESS_MAIN
