// SPDX-License-Identifier: GPL-2.0
/*
 * Traffic for make bench, between network namespaces, bracketed by the
 * marker instruction of the insncount QEMU plugin (../shared/tools/
 * insncount): the plugin prints the guest's instruction count at each
 * mark, so the two marks around the traffic give what the whole guest
 * spent on it, and nothing of process start-up or setup.
 *
 * usage: bench_traffic udp FROM_NS ADDR PORT COUNT SIZE [SPREAD]
 *        bench_traffic tcp FROM_NS TO_NS ADDR PORT BYTES
 *   udp: COUNT datagrams of SIZE payload bytes to [ADDR]:PORT, sent from
 *        FROM_NS with sendmmsg; with SPREAD, the i-th goes to ADDR plus
 *        i % SPREAD in its bits 64-95 (the IPv4 address a 6bed4 address
 *        embeds). The receiver is the caller's: an nftables counter.
 *   tcp: BYTES over one TCP connection from FROM_NS to a listener in
 *        TO_NS on [ADDR]:PORT; both ends in this process, so the second
 *        mark comes when the last byte has been read.
 *   Namespaces are names under /run/netns. Without the plugin the marker
 *   is a plain NOP, so the smoke test in make check runs the same code.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH		64
#define MAX_SIZE	1452
#define TCP_CHUNK	(64 * 1024)

/* nopl 0x64ed6b(%rax,%rax,1): the insncount plugin's marker. */
static inline void mark(void)
{
	__asm__ volatile(".byte 0x0f, 0x1f, 0x84, 0x00, 0x6b, 0xed, 0x64, 0x00"
			 ::: "memory");
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	close(fd);
}

static struct sockaddr_in6 parse_addr(const char *addr, const char *port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };

	if (inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1) {
		fprintf(stderr, "bench_traffic: %s: not an IPv6 address\n", addr);
		exit(2);
	}
	sa.sin6_port = htons(atoi(port));
	return sa;
}

static int udp(int argc, char **argv)
{
	static struct sockaddr_in6 dst[BATCH];
	static struct mmsghdr msg[BATCH];
	static char payload[MAX_SIZE];
	struct iovec iov;
	long count, size, spread, sent = 0;
	uint32_t base;
	int fd, i, n;

	if (argc != 6 && argc != 7)
		return 2;
	enter_netns(argv[1]);
	dst[0] = parse_addr(argv[2], argv[3]);
	count = atol(argv[4]);
	size = atol(argv[5]);
	spread = argc == 7 ? atol(argv[6]) : 1;
	if (count < 1 || size < 0 || size > MAX_SIZE || spread < 1)
		return 2;
	memcpy(&base, &dst[0].sin6_addr.s6_addr[8], 4);
	base = ntohl(base);

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	iov.iov_base = payload;
	iov.iov_len = size;
	for (i = 0; i < BATCH; i++) {
		dst[i] = dst[0];
		msg[i].msg_hdr.msg_name = &dst[i];
		msg[i].msg_hdr.msg_namelen = sizeof(dst[i]);
		msg[i].msg_hdr.msg_iov = &iov;
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	mark();
	while (sent < count) {
		n = count - sent < BATCH ? count - sent : BATCH;
		for (i = 0; spread > 1 && i < n; i++) {
			uint32_t a = htonl(base + (sent + i) % spread);

			memcpy(&dst[i].sin6_addr.s6_addr[8], &a, 4);
		}
		n = sendmmsg(fd, msg, n, 0);
		if (n < 0) {
			/* A full queue or an ICMP error: try again. */
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == ECONNREFUSED)
				continue;
			die("sendmmsg");
		}
		sent += n;
	}
	mark();
	printf("%ld datagrams sent\n", sent);
	return 0;
}

static int tcp(int argc, char **argv)
{
	static char buf[TCP_CHUNK];
	struct sockaddr_in6 sa;
	long bytes, written = 0, received = 0;
	int listener, client, server, one = 1;
	struct pollfd pfd[2];
	ssize_t n;

	if (argc != 6)
		return 2;
	sa = parse_addr(argv[3], argv[4]);
	bytes = atol(argv[5]);
	if (bytes < 1)
		return 2;

	enter_netns(argv[2]);
	listener = socket(AF_INET6, SOCK_STREAM, 0);
	if (listener < 0 ||
	    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(listener, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(listener, 1))
		die("listen");
	enter_netns(argv[1]);
	client = socket(AF_INET6, SOCK_STREAM, 0);
	if (client < 0 || connect(client, (struct sockaddr *)&sa, sizeof(sa)))
		die("connect");
	server = accept(listener, NULL, NULL);
	if (server < 0)
		die("accept");
	if (fcntl(client, F_SETFL, O_NONBLOCK) ||
	    fcntl(server, F_SETFL, O_NONBLOCK))
		die("fcntl");

	mark();
	while (received < bytes) {
		pfd[0] = (struct pollfd){ .fd = client,
			.events = written < bytes ? POLLOUT : 0 };
		pfd[1] = (struct pollfd){ .fd = server, .events = POLLIN };
		if (poll(pfd, 2, 10000) <= 0)
			die("poll (stalled)");
		if (pfd[0].revents & POLLOUT) {
			n = bytes - written < TCP_CHUNK ? bytes - written : TCP_CHUNK;
			n = write(client, buf, n);
			if (n < 0 && errno != EAGAIN)
				die("write");
			if (n > 0)
				written += n;
			if (written == bytes)
				shutdown(client, SHUT_WR);
		}
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			n = read(server, buf, sizeof(buf));
			if (n < 0 && errno != EAGAIN)
				die("read");
			if (n == 0 && received < bytes) {
				fprintf(stderr, "bench_traffic: connection closed early\n");
				return 1;
			}
			if (n > 0)
				received += n;
		}
	}
	mark();
	printf("%ld bytes received\n", received);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	if (argc > 1 && !strcmp(argv[1], "udp"))
		rc = udp(argc - 1, argv + 1);
	else if (argc > 1 && !strcmp(argv[1], "tcp"))
		rc = tcp(argc - 1, argv + 1);
	if (rc == 2)
		fprintf(stderr, "usage: bench_traffic udp FROM_NS ADDR PORT COUNT SIZE [SPREAD]\n"
			"       bench_traffic tcp FROM_NS TO_NS ADDR PORT BYTES\n");
	return rc;
}
