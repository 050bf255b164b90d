/* net.h -- the network card (virtio_net.c) and the small network stack on it (net.c). */
#ifndef NET_H
#define NET_H

#include "proc.h"
#include "syscalls.h"
#include <stdint.h>

#define ETH_MAX_FRAME 1514 /* a 1500-byte MTU and the 14-byte Ethernet header */

/* virtio_net.c: the first virtio-net card in the virtio-mmio slots. */
int nic_init(uint8_t mac[6]); /* 0: found and running; prints nothing, allocates its pages */
uint32_t nic_address(void);   /* its registers, 0 if there is no card */
const char *nic_problem(void); /* why a card found could not be used (0: none) */
int nic_link_up(void);
uint8_t *nic_tx_frame(void);   /* where the next frame to send is built (ETH_MAX_FRAME bytes) */
int nic_send(int len);         /* send the frame built there; 0, or -1 if the card did not take it */
/* Hand every frame received since the last call to input; returns how many. */
int nic_poll(void (*input)(const uint8_t *frame, int len));

/* net.c */
void net_init(void);   /* silent: before the boot line that counts free pages */
void net_report(void); /* the card, then DHCP; nothing at all without a card */
int net_poll(void);    /* answer what arrived, wake waiting processes (how many woke): every tick */
int net_waiting(void); /* some process waits for the network (the idle loop then polls) */
void net_summary(void);
void net_release(struct proc *p); /* close the sockets of a process that is going away */

int net_info(struct netinfo *info);
int net_udp_bind(struct proc *p, uint32_t port);
int net_udp_sendto(struct proc *p, uint32_t sock, uint32_t buf, uint32_t len, uint32_t addr_va);
int net_udp_recvfrom(struct proc *p, uint32_t sock, uint32_t buf, uint32_t len, uint32_t addr_va,
                     uint32_t timeout_ticks);
int net_ping(struct proc *p, uint32_t ip, uint32_t seq, uint32_t timeout_ticks, uint32_t reply_va);
int net_udp_close(struct proc *p, uint32_t sock);

/* Inside the stack, for the DHCP client (dhcp.c). */
int net_kernel_socket(uint32_t port);
void net_kernel_close(int sock);
uint8_t *net_udp_data(void); /* where the next datagram's payload is written (UDP_MAX bytes) */
void net_udp_broadcast(uint32_t sport, uint32_t dport, int len);
const uint8_t *net_kernel_recv(int sock, uint32_t ticks, uint32_t *len);
const uint8_t *net_mac(void);
void net_configure(uint32_t ip, uint32_t netmask, uint32_t router, uint32_t dns, int dhcp);
void dhcp_configure(void); /* dhcp.c: DHCP, or the static fallback */

#endif
