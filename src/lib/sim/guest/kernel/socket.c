/*
 * socket.c -- UDP sockets, ping, and the processes waiting for them (the system calls of net.h).
 *
 * A socket is a port and a page holding up to two datagrams that arrived for it. A process that
 * calls recvfrom on an empty socket, or pings, is not kept spinning in the kernel: it is put in
 * the NETWAITING state, like a sleeper, and the next process runs. Whoever next polls the card
 * (the timer tick, or the idle loop while nothing else can run: timer.c) wakes it when its
 * datagram or echo reply is in, or when its timeout has passed, with the call's result in a0, as
 * wait() is finished by reap() in proc.c. So a ping answered in 40 us on an idle machine takes
 * about that long, and on a busy one up to a tick.
 */
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "net.h"
#include "netstack.h"
#include "string.h"
#include "timer.h"

#define NSOCK 4
#define QUEUED 2 /* datagrams a socket holds until read (one page) */
#define EPHEMERAL 49152
#define PING_DATA 56 /* as ping(8) sends: 64 bytes of ICMP */

struct datagram {
	uint32_t ip, port, len;
	uint8_t data[UDP_MAX];
};
struct sockqueue { /* one page */
	struct datagram d[QUEUED];
	int head, count;
};
_Static_assert(sizeof(struct sockqueue) <= PGSIZE, "a socket's queue fits one page");

static struct socket {
	int pid; /* owner (0: free; -1: the kernel's DHCP client) */
	uint32_t port;
	struct sockqueue *q;
} sockets[NSOCK];

/* A process in NETWAITING, and what it waits for. */
enum { WAIT_RECV = 1, WAIT_PING };
static struct waiter {
	struct proc *p; /* 0: a free entry */
	int op;
	uint32_t until; /* the tick at which it gives up */
	uint32_t sock, buf, len, addr_va; /* recvfrom's arguments */
	uint32_t id, seq, reply_va;       /* ping's */
	int got;
	uint32_t from, ttl, bytes;
} waiters[NPROC];

static struct socket *socket_on(uint32_t port) {
	for (int i = 0; i < NSOCK; i++)
		if (sockets[i].pid && sockets[i].port == port) return &sockets[i];
	return 0;
}

int socket_deliver(uint32_t port, uint32_t src, uint32_t sport, const uint8_t *data, uint32_t len) {
	struct socket *s = socket_on(port);
	if (!s || s->q->count == QUEUED) return 0;
	struct datagram *d = &s->q->d[(s->q->head + s->q->count++) % QUEUED];
	d->ip = src, d->port = sport, d->len = len;
	memcpy(d->data, data, len);
	return 1;
}

void echo_deliver(uint32_t id, uint32_t seq, uint32_t from, uint32_t ttl, uint32_t bytes) {
	for (int i = 0; i < NPROC; i++) {
		struct waiter *w = &waiters[i];
		if (w->p && w->op == WAIT_PING && !w->got && w->id == id && w->seq == seq)
			w->got = 1, w->from = from, w->ttl = ttl, w->bytes = bytes;
	}
}

static int sock_open(int pid, uint32_t port) {
	if (port == 0)
		for (port = EPHEMERAL; socket_on(port); port++) {
		}
	if (port > 0xffff) return NET_EINVAL;
	if (socket_on(port)) return NET_EADDRINUSE;
	for (int i = 0; i < NSOCK; i++) {
		if (sockets[i].pid) continue;
		sockets[i].q = kalloc();
		if (!sockets[i].q) return NET_ENOMEM;
		sockets[i].q->head = sockets[i].q->count = 0;
		sockets[i].pid = pid, sockets[i].port = port;
		return i;
	}
	return NET_ENOMEM;
}

static void sock_close(int i) {
	kfree(sockets[i].q);
	sockets[i].pid = 0, sockets[i].q = 0;
}

/* The oldest datagram of socket i, taken off its queue (valid until the next one arrives). */
static struct datagram *sock_take(int i) {
	struct sockqueue *q = sockets[i].q;
	if (q->count == 0) return 0;
	struct datagram *d = &q->d[q->head];
	q->head = (q->head + 1) % QUEUED;
	q->count--;
	return d;
}

static struct socket *owned(struct proc *p, uint32_t sock) {
	return sock < NSOCK && sockets[sock].pid == p->pid ? &sockets[sock] : 0;
}

/* recvfrom's result for a datagram: copied out to the process, or an error. */
static int copy_datagram(struct proc *p, struct datagram *d, uint32_t buf, uint32_t len, uint32_t addr_va) {
	uint32_t n = d->len < len ? d->len : len; /* the rest of a longer datagram is lost, as in BSD */
	struct netaddr from = {d->ip, d->port};
	if (copyout(p->pagetable, buf, d->data, n) < 0) return NET_EINVAL;
	if (addr_va && copyout(p->pagetable, addr_va, &from, sizeof from) < 0) return NET_EINVAL;
	return (int)n;
}

static int block(struct proc *p, struct waiter w) {
	for (int i = 0; i < NPROC; i++)
		if (!waiters[i].p) {
			w.p = p;
			waiters[i] = w;
			p->state = NETWAITING;
			return 0; /* replaced by the result when it wakes */
		}
	return NET_ENOMEM;
}

static void finish(struct waiter *w, int result) {
	w->p->tf.regs[REG_A0] = (uint32_t)result;
	w->p->state = RUNNABLE;
	w->p = 0;
}

int net_wake(void) {
	int woke = 0;
	for (int i = 0; i < NPROC; i++) {
		struct waiter *w = &waiters[i];
		if (!w->p) continue;
		struct datagram *d = w->op == WAIT_RECV ? sock_take((int)w->sock) : 0;
		if (d) finish(w, copy_datagram(w->p, d, w->buf, w->len, w->addr_va));
		else if (w->op == WAIT_PING && w->got) {
			struct pingreply r = {w->from, w->ttl, w->bytes};
			finish(w, copyout(w->p->pagetable, w->reply_va, &r, sizeof r) < 0 ? NET_EINVAL : 0);
		} else if ((int32_t)(ticks - w->until) >= 0)
			finish(w, NET_ETIMEDOUT);
		else
			continue;
		woke++;
	}
	return woke;
}

int net_waiting(void) {
	for (int i = 0; i < NPROC; i++)
		if (waiters[i].p) return 1;
	return 0;
}

int net_udp_bind(struct proc *p, uint32_t port) { return nif.up ? sock_open(p->pid, port) : NET_ENODEV; }

int net_udp_close(struct proc *p, uint32_t sock) {
	if (!owned(p, sock)) return NET_EINVAL;
	sock_close((int)sock);
	return 0;
}

void net_release(struct proc *p) {
	for (int i = 0; i < NSOCK; i++)
		if (sockets[i].pid == p->pid) sock_close(i);
	for (int i = 0; i < NPROC; i++)
		if (waiters[i].p == p) waiters[i].p = 0;
}

int net_udp_sendto(struct proc *p, uint32_t sock, uint32_t buf, uint32_t len, uint32_t addr_va) {
	struct socket *s = owned(p, sock);
	struct netaddr to;
	if (!s || len > UDP_MAX || copyin(p->pagetable, &to, addr_va, sizeof to) < 0 || to.port > 0xffff)
		return NET_EINVAL;
	const uint8_t *mac = route(to.ip);
	if (!mac) return NET_EUNREACH;
	uint8_t dst_mac[6];
	memcpy(dst_mac, mac, 6);
	if (copyin(p->pagetable, ip_payload() + UDP_HLEN, buf, len) < 0) return NET_EINVAL;
	udp_send(dst_mac, nif.ip, to.ip, s->port, to.port, (int)len);
	return (int)len;
}

int net_udp_recvfrom(struct proc *p, uint32_t sock, uint32_t buf, uint32_t len, uint32_t addr_va,
                     uint32_t timeout_ticks) {
	if (!owned(p, sock)) return NET_EINVAL;
	net_poll(); /* it may be in the card already */
	struct datagram *d = sock_take((int)sock);
	if (d) return copy_datagram(p, d, buf, len, addr_va);
	struct waiter w = {.op = WAIT_RECV, .until = ticks + timeout_ticks, .sock = sock, .buf = buf, .len = len,
	                   .addr_va = addr_va};
	return block(p, w);
}

int net_ping(struct proc *p, uint32_t ip, uint32_t seq, uint32_t timeout_ticks, uint32_t reply_va) {
	if (!nif.up) return NET_ENODEV;
	const uint8_t *mac = route(ip);
	if (!mac) return NET_EUNREACH;
	uint8_t dst_mac[6];
	memcpy(dst_mac, mac, 6);
	uint8_t *m = ip_payload();
	m[0] = 8, m[1] = 0, put16(m + 2, 0), put16(m + 4, (uint32_t)p->pid), put16(m + 6, seq);
	for (int i = 0; i < PING_DATA; i++) m[8 + i] = (uint8_t)i;
	put16(m + 2, csum_fold(csum_add(0, m, 8 + PING_DATA)));
	struct waiter w = {.op = WAIT_PING, .until = ticks + timeout_ticks, .id = (uint32_t)p->pid,
	                   .seq = seq & 0xffff, .reply_va = reply_va};
	int r = block(p, w);
	if (r == 0) ip_send(dst_mac, nif.ip, ip, PROTO_ICMP, 8 + PING_DATA);
	return r;
}

/* The kernel's own socket (the DHCP client at boot, before any process): it polls. */
int net_kernel_socket(uint32_t port) { return sock_open(-1, port); }
void net_kernel_close(int sock) { sock_close(sock); }

static int kernel_sock;
static int datagram_in(void) { return sockets[kernel_sock].q->count > 0; }

const uint8_t *net_kernel_recv(int sock, uint32_t ticks_to_wait, uint32_t *len) {
	kernel_sock = sock;
	if (!datagram_in() && !wait_for(datagram_in, ticks_to_wait)) return 0;
	struct datagram *d = sock_take(sock);
	*len = d->len;
	return d->data;
}
