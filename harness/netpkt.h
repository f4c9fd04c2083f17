/* SPDX-License-Identifier: MIT */
/*
 * The guest's tiny network stack for the NIC demo: Ethernet frames for ARP
 * (RFC 826), DHCP (RFC 2131, over UDP/IPv4) and ICMP echo (RFC 792), built
 * into a buffer and parsed from one.  Pure functions on bytes: no device,
 * no model.  Addresses are in network order as 4-byte arrays.
 */
#ifndef SMMUITS_NETPKT_H
#define SMMUITS_NETPKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETPKT_MAX 1514u

enum netpkt_kind {
	NETPKT_OTHER,
	NETPKT_ARP_REQUEST,
	NETPKT_ARP_REPLY,
	NETPKT_DHCP,        /* a BOOTREPLY: dhcp_type says which */
	NETPKT_ECHO_REQUEST,
	NETPKT_ECHO_REPLY,
};

/* DHCP message types (RFC 2132 §9.6) */
enum { DHCP_DISCOVER = 1, DHCP_OFFER = 2, DHCP_REQUEST = 3, DHCP_ACK = 5, DHCP_NAK = 6 };

/* What a received frame says, as far as the demo cares. */
struct netpkt_info {
	enum netpkt_kind kind;
	uint8_t src_mac[6], dst_mac[6];
	uint8_t sender_ip[4], target_ip[4];  /* ARP; or IPv4 source and destination */
	/* DHCP */
	uint32_t xid;
	unsigned dhcp_type;
	uint8_t yiaddr[4], server_id[4], router[4], dns[4], mask[4];
	uint32_t lease;
	/* ICMP echo */
	uint16_t id, seq;
	bool payload_ok;                     /* the echo payload is the demo's pattern */
};

size_t netpkt_arp_request(uint8_t *buf, const uint8_t mac[6], const uint8_t ip[4],
			  const uint8_t target[4]);
size_t netpkt_arp_reply(uint8_t *buf, const uint8_t mac[6], const uint8_t ip[4],
			const uint8_t to_mac[6], const uint8_t to_ip[4]);
/* DISCOVER, or REQUEST for `req` from `server` (both ignored for DISCOVER). */
size_t netpkt_dhcp(uint8_t *buf, unsigned type, const uint8_t mac[6], uint32_t xid,
		   const uint8_t req[4], const uint8_t server[4]);
size_t netpkt_echo_request(uint8_t *buf, const uint8_t mac[6], const uint8_t to_mac[6],
			   const uint8_t ip[4], const uint8_t to_ip[4], uint16_t id, uint16_t seq);

/* Parse a frame; checksums are verified (a bad one gives NETPKT_OTHER). */
void netpkt_parse(const uint8_t *f, size_t len, struct netpkt_info *out);

/* A one-line description ("DHCP OFFER 10.0.2.15 from 10.0.2.2"), for output. */
void netpkt_describe(const uint8_t *f, size_t len, char *buf, size_t cap);

#endif
