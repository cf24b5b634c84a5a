// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: ethtool. "ethtool -i" names the driver and its version,
 * "ethtool -S" lists the datapath counters under the names the 6bed4
 * tool shows them by ("ip -s link" has the device's own).
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include "sixbed4.h"

/* Every counter's index is in range; only the datapath's have names. */
static const char
sixbed4_counter_names[SIXBED4_A_STATS_MAX + 1][ETH_GSTRING_LEN] = {
	[SIXBED4_A_STATS_RX_KEEPALIVE] = "rx_keepalive",
	[SIXBED4_A_STATS_DROP_BAD_VERSION] = "drop_bad_version",
	[SIXBED4_A_STATS_DROP_TRUNCATED] = "drop_truncated",
	[SIXBED4_A_STATS_DROP_SPOOFED] = "drop_spoofed",
	[SIXBED4_A_STATS_DROP_NOT_PREFIX] = "drop_not_prefix",
	[SIXBED4_A_STATS_DROP_PORT0] = "drop_port0",
	[SIXBED4_A_STATS_DROP_BAD_ENDPOINT] = "drop_bad_endpoint",
	[SIXBED4_A_STATS_DROP_HOP_LIMIT] = "drop_hop_limit",
	[SIXBED4_A_STATS_DROP_INVALID_ND] = "drop_invalid_nd",
	[SIXBED4_A_STATS_DROP_MULTICAST] = "drop_multicast",
	[SIXBED4_A_STATS_DROP_NO_ROUTE] = "drop_no_route",
	[SIXBED4_A_STATS_DROP_TOO_BIG] = "drop_too_big",
	[SIXBED4_A_STATS_DROP_NOT_IPV6] = "drop_not_ipv6",
	[SIXBED4_A_STATS_RA_SENT] = "ra_sent",
	[SIXBED4_A_STATS_RA_RATELIMITED] = "ra_ratelimited",
	[SIXBED4_A_STATS_NA_SENT] = "na_sent",
	[SIXBED4_A_STATS_PROXY_NS_ANSWERED] = "proxy_ns_answered",
	[SIXBED4_A_STATS_PROXY_NS_IGNORED] = "proxy_ns_ignored",
	[SIXBED4_A_STATS_PROXY_NA_RATELIMITED] = "proxy_na_ratelimited",
	[SIXBED4_A_STATS_ECHO_REPLIED] = "echo_replied",
	[SIXBED4_A_STATS_DROP_BAD_SOURCE] = "drop_bad_source",
	[SIXBED4_A_STATS_DROP_FILTERED] = "drop_filtered",
	[SIXBED4_A_STATS_NA_RATELIMITED] = "na_ratelimited",
	[SIXBED4_A_STATS_DROP_NOMEM] = "drop_nomem",
	[SIXBED4_A_STATS_RX_SOLICIT] = "rx_solicit",
	[SIXBED4_A_STATS_DROP_LOOP] = "drop_loop",
};

static void sixbed4_get_drvinfo(struct net_device *dev,
				struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "6bed4", sizeof(info->driver));
	strscpy(info->version, SIXBED4_VERSION, sizeof(info->version));
}

static int sixbed4_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return sixbed4_n_datapath_counters;
}

static void sixbed4_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < sixbed4_n_datapath_counters; i++, buf += ETH_GSTRING_LEN)
		memcpy(buf, sixbed4_counter_names[sixbed4_datapath_counters[i]],
		       ETH_GSTRING_LEN);
}

static void sixbed4_get_ethtool_stats(struct net_device *dev,
				      struct ethtool_stats *stats, u64 *data)
{
	struct sixbed4_dev *sb = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < sixbed4_n_datapath_counters; i++)
		data[i] = sixbed4_counter_sum(sb, sixbed4_datapath_counters[i]);
}

const struct ethtool_ops sixbed4_ethtool_ops = {
	.get_drvinfo = sixbed4_get_drvinfo,
	.get_sset_count = sixbed4_get_sset_count,
	.get_strings = sixbed4_get_strings,
	.get_ethtool_stats = sixbed4_get_ethtool_stats,
};
