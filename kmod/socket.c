// SPDX-License-Identifier: GPL-2.0
/*
 * 6bed4 router: the UDP socket every peer talks to.
 *
 * The socket is open while the device is up and has a prefix. It is bound
 * to local:port in the netns the device was created in.
 */

#include <linux/skbuff.h>
#include <net/udp_tunnel.h>
#include "sixbed4.h"

/* Any non-zero encap type: we are neither ESP nor L2TP. */
#define SIXBED4_UDP_ENCAP_TYPE	1

static struct socket *sixbed4_sock_create(struct sixbed4_dev *sb,
					  const struct sixbed4_config *cfg)
{
	struct udp_port_cfg port_cfg = {
		.family = AF_INET,
		.local_ip.s_addr = cfg->local,
		.local_udp_port = cfg->port,
		.use_udp_checksums = true,
	};
	struct udp_tunnel_sock_cfg tunnel_cfg = {
		.sk_user_data = sb,
		.encap_type = SIXBED4_UDP_ENCAP_TYPE,
		.encap_rcv = sixbed4_udp_encap_rcv,
		.gro_receive = SIXBED4_SOCKET_GRO ? sixbed4_gro_receive : NULL,
		.gro_complete = SIXBED4_SOCKET_GRO ? sixbed4_gro_complete : NULL,
	};
	struct socket *sock;
	int err;

	err = udp_sock_create(sb->creating_net, &port_cfg, &sock);
	if (err)
		return ERR_PTR(err);

	setup_udp_tunnel_sock(sb->creating_net, sock, &tunnel_cfg);
	return sock;
}

static void sixbed4_report_bind_error(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EADDRINUSE:
		NL_SET_ERR_MSG(extack, "UDP port is already in use on the local address");
		break;
	case -EADDRNOTAVAIL:
		NL_SET_ERR_MSG(extack, "local address is not assigned to any interface");
		break;
	default:
		NL_SET_ERR_MSG(extack, "cannot open the UDP socket");
	}
}

int sixbed4_socket_open(struct sixbed4_dev *sb,
			const struct sixbed4_config *cfg,
			struct netlink_ext_ack *extack)
{
	struct socket *sock;

	ASSERT_RTNL();
	sock = sixbed4_sock_create(sb, cfg);
	if (IS_ERR(sock)) {
		sixbed4_report_bind_error(PTR_ERR(sock), extack);
		return PTR_ERR(sock);
	}
	rcu_assign_pointer(sb->sock, sock);
	return 0;
}

void sixbed4_socket_close(struct sixbed4_dev *sb)
{
	struct socket *sock = rtnl_dereference(sb->sock);

	if (!sock)
		return;
	RCU_INIT_POINTER(sb->sock, NULL);
	synchronize_net();
	udp_tunnel_sock_release(sock);
}

/* Would binding @b fail while @a is still bound? */
static bool sixbed4_binds_collide(const struct sixbed4_config *a,
				  const struct sixbed4_config *b)
{
	return a->port == b->port &&
	       (!a->local || !b->local || a->local == b->local);
}

/*
 * Make the socket match a new configuration. The old socket keeps serving
 * until the new one is bound, unless the two bindings collide; then the old
 * one is let go first and taken back if the new one is refused.
 */
int sixbed4_socket_update(struct sixbed4_dev *sb,
			  const struct sixbed4_config *old,
			  const struct sixbed4_config *new,
			  struct netlink_ext_ack *extack)
{
	struct socket *sock, *old_sock = rtnl_dereference(sb->sock);
	int err;

	ASSERT_RTNL();
	if (!netif_running(sb->dev) || !new->has_prefix)
		return 0;
	if (!old_sock)
		return sixbed4_socket_open(sb, new, extack);
	if (old->local == new->local && old->port == new->port)
		return 0;

	/*
	 * The new socket replaces the old one in one step: packets in flight
	 * leave from whichever socket they found, with its own address and
	 * port (send.c), and none finds no socket.
	 */
	if (!sixbed4_binds_collide(old, new)) {
		sock = sixbed4_sock_create(sb, new);
		if (IS_ERR(sock)) {
			sixbed4_report_bind_error(PTR_ERR(sock), extack);
			return PTR_ERR(sock);
		}
		old_sock = rcu_replace_pointer(sb->sock, sock,
					       lockdep_rtnl_is_held());
		synchronize_net();
		udp_tunnel_sock_release(old_sock);
		return 0;
	}

	/* Only one of the two can be bound: a short gap is unavoidable. */
	sixbed4_socket_close(sb);
	err = sixbed4_socket_open(sb, new, extack);
	if (err && sixbed4_socket_open(sb, old, NULL))
		netdev_warn(sb->dev, "lost UDP socket %pI4:%u while changing it\n",
			    &old->local, ntohs(old->port));
	return err;
}
