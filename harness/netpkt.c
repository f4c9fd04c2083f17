/* SPDX-License-Identifier: MIT */
/*
 * The demo guest's packets: ARP (RFC 826), IPv4 (RFC 791), UDP (RFC 768),
 * BOOTP/DHCP (RFC 951, RFC 2131/2132) and ICMP echo (RFC 792).  Only what a
 * DHCP client that pings its gateway needs; every length is checked before
 * a byte is read.
 */
#include <stdio.h>
#include <string.h>

#include "harness/netpkt.h"

#define ETH_HLEN      14
#define ETH_MIN       60          /* shortest frame without FCS */
#define ETHERTYPE_IP  0x0800
#define ETHERTYPE_ARP 0x0806
#define IP_HLEN       20
#define IPPROTO_ICMP_ 1
#define IPPROTO_UDP_  17
#define UDP_HLEN      8
#define BOOTP_LEN     236         /* fixed part, before the magic cookie */
#define BOOTP_MIN     300         /* RFC 951: the vendor area makes it at least 300 */
#define DHCP_MAGIC    0x63825363u
#define ECHO_PAYLOAD  56          /* what ping sends by default */

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t any_ip[4] = { 0, 0, 0, 0 };
static const uint8_t bcast_ip[4] = { 255, 255, 255, 255 };

static void be16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) { be16(p, v >> 16); be16(p + 2, v & 0xffff); }
static unsigned get16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

/* RFC 1071 Internet checksum. */
static unsigned csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

static size_t eth(uint8_t *b, const uint8_t dst[6], const uint8_t src[6], unsigned type)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	be16(b + 12, type);
	return ETH_HLEN;
}

static size_t pad(uint8_t *b, size_t len)
{
	if (len < ETH_MIN) {
		memset(b + len, 0, ETH_MIN - len);
		len = ETH_MIN;
	}
	return len;
}

static size_t arp(uint8_t *b, unsigned op, const uint8_t dst[6], const uint8_t mac[6],
		  const uint8_t ip[4], const uint8_t tmac[6], const uint8_t tip[4])
{
	uint8_t *a = b + eth(b, dst, mac, ETHERTYPE_ARP);

	be16(a, 1);              /* Ethernet */
	be16(a + 2, ETHERTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	be16(a + 6, op);
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, ip, 4);
	memcpy(a + 18, tmac, 6);
	memcpy(a + 24, tip, 4);
	return pad(b, ETH_HLEN + 28);
}

size_t netpkt_arp_request(uint8_t *buf, const uint8_t mac[6], const uint8_t ip[4],
			  const uint8_t target[4])
{
	static const uint8_t zero_mac[6];

	return arp(buf, 1, bcast_mac, mac, ip, zero_mac, target);
}

size_t netpkt_arp_reply(uint8_t *buf, const uint8_t mac[6], const uint8_t ip[4],
			const uint8_t to_mac[6], const uint8_t to_ip[4])
{
	return arp(buf, 2, to_mac, mac, ip, to_mac, to_ip);
}

/* IPv4 header for a payload of n bytes already at b + ETH_HLEN + IP_HLEN. */
static size_t ipv4(uint8_t *b, unsigned proto, const uint8_t src[4], const uint8_t dst[4], size_t n,
		   uint16_t id)
{
	uint8_t *h = b + ETH_HLEN;

	h[0] = 0x45;
	h[1] = 0;
	be16(h + 2, (unsigned)(IP_HLEN + n));
	be16(h + 4, id);
	be16(h + 6, 0);
	h[8] = 64;
	h[9] = (uint8_t)proto;
	be16(h + 10, 0);
	memcpy(h + 12, src, 4);
	memcpy(h + 16, dst, 4);
	be16(h + 10, csum(h, IP_HLEN));
	return pad(b, ETH_HLEN + IP_HLEN + n);
}

size_t netpkt_dhcp(uint8_t *buf, unsigned type, const uint8_t mac[6], uint32_t xid,
		   const uint8_t req[4], const uint8_t server[4])
{
	uint8_t *u = buf + ETH_HLEN + IP_HLEN, *bp = u + UDP_HLEN, *o;

	eth(buf, bcast_mac, mac, ETHERTYPE_IP);
	memset(bp, 0, BOOTP_MIN);
	bp[0] = 1;               /* BOOTREQUEST */
	bp[1] = 1;
	bp[2] = 6;
	be32(bp + 4, xid);
	be16(bp + 10, 0x8000);   /* broadcast: we have no address to be answered at yet */
	memcpy(bp + 28, mac, 6);
	be32(bp + BOOTP_LEN, DHCP_MAGIC);
	o = bp + BOOTP_LEN + 4;
	*o++ = 53, *o++ = 1, *o++ = (uint8_t)type;
	if (type == DHCP_REQUEST) {
		*o++ = 50, *o++ = 4, memcpy(o, req, 4), o += 4;
		*o++ = 54, *o++ = 4, memcpy(o, server, 4), o += 4;
	}
	*o++ = 55, *o++ = 3, *o++ = 1, *o++ = 3, *o++ = 6;  /* mask, router, DNS */
	*o = 255;
	be16(u, 68);
	be16(u + 2, 67);
	be16(u + 4, UDP_HLEN + BOOTP_MIN);
	be16(u + 6, 0);          /* no UDP checksum (RFC 768 allows it over IPv4) */
	return ipv4(buf, IPPROTO_UDP_, any_ip, bcast_ip, UDP_HLEN + BOOTP_MIN, 0);
}

size_t netpkt_echo_request(uint8_t *buf, const uint8_t mac[6], const uint8_t to_mac[6],
			   const uint8_t ip[4], const uint8_t to_ip[4], uint16_t id, uint16_t seq)
{
	uint8_t *ic = buf + ETH_HLEN + IP_HLEN;

	eth(buf, to_mac, mac, ETHERTYPE_IP);
	ic[0] = 8;
	ic[1] = 0;
	be16(ic + 2, 0);
	be16(ic + 4, id);
	be16(ic + 6, seq);
	for (unsigned i = 0; i < ECHO_PAYLOAD; i++)
		ic[8 + i] = (uint8_t)(0x10 + i);
	be16(ic + 2, csum(ic, 8 + ECHO_PAYLOAD));
	return ipv4(buf, IPPROTO_ICMP_, ip, to_ip, 8 + ECHO_PAYLOAD, seq);
}

static void dhcp_options(const uint8_t *o, size_t n, struct netpkt_info *in)
{
	size_t i = 0;

	while (i < n && o[i] != 255) {
		unsigned code = o[i], len;

		if (code == 0) {         /* pad */
			i++;
			continue;
		}
		if (i + 2 > n || i + 2 + (len = o[i + 1]) > n)
			return;
		const uint8_t *v = o + i + 2;
		if (code == 53 && len == 1)
			in->dhcp_type = v[0];
		else if (code == 54 && len == 4)
			memcpy(in->server_id, v, 4);
		else if (code == 3 && len >= 4)
			memcpy(in->router, v, 4);
		else if (code == 6 && len >= 4)
			memcpy(in->dns, v, 4);
		else if (code == 1 && len == 4)
			memcpy(in->mask, v, 4);
		else if (code == 51 && len == 4)
			in->lease = get32(v);
		else if (code == 50 && len == 4)
			memcpy(in->yiaddr, v, 4);   /* a REQUEST's requested address */
		i += 2 + len;
	}
}

static void parse_udp(const uint8_t *p, size_t n, struct netpkt_info *in)
{
	const uint8_t *bp = p + UDP_HLEN;

	if (n < UDP_HLEN + BOOTP_LEN + 4 || get32(bp + BOOTP_LEN) != DHCP_MAGIC)
		return;
	if (!((get16(p) == 67 && get16(p + 2) == 68) || (get16(p) == 68 && get16(p + 2) == 67)))
		return;
	in->kind = NETPKT_DHCP;
	in->xid = get32(bp + 4);
	if (bp[0] == 2)
		memcpy(in->yiaddr, bp + 16, 4);
	dhcp_options(bp + BOOTP_LEN + 4, n - UDP_HLEN - BOOTP_LEN - 4, in);
}

static void parse_icmp(const uint8_t *p, size_t n, struct netpkt_info *in)
{
	if (n < 8 || csum(p, n) != 0 || (p[0] != 0 && p[0] != 8))
		return;
	in->kind = p[0] == 0 ? NETPKT_ECHO_REPLY : NETPKT_ECHO_REQUEST;
	in->id = (uint16_t)get16(p + 4);
	in->seq = (uint16_t)get16(p + 6);
	in->payload_ok = n == 8 + ECHO_PAYLOAD;
	for (unsigned i = 0; in->payload_ok && i < ECHO_PAYLOAD; i++)
		in->payload_ok = p[8 + i] == (uint8_t)(0x10 + i);
}

void netpkt_parse(const uint8_t *f, size_t len, struct netpkt_info *in)
{
	memset(in, 0, sizeof(*in));
	if (len < ETH_HLEN)
		return;
	memcpy(in->dst_mac, f, 6);
	memcpy(in->src_mac, f + 6, 6);
	const uint8_t *p = f + ETH_HLEN;
	size_t n = len - ETH_HLEN;

	if (get16(f + 12) == ETHERTYPE_ARP) {
		if (n < 28 || get16(p) != 1 || get16(p + 2) != ETHERTYPE_IP || p[4] != 6 || p[5] != 4)
			return;
		memcpy(in->sender_ip, p + 14, 4);
		memcpy(in->target_ip, p + 24, 4);
		in->kind = get16(p + 6) == 1 ? NETPKT_ARP_REQUEST :
			   get16(p + 6) == 2 ? NETPKT_ARP_REPLY : NETPKT_OTHER;
		return;
	}
	if (get16(f + 12) != ETHERTYPE_IP || n < IP_HLEN || (p[0] >> 4) != 4)
		return;
	size_t hl = (size_t)(p[0] & 15) * 4, tot = get16(p + 2);

	if (hl < IP_HLEN || tot < hl || tot > n || csum(p, hl) != 0)
		return;
	memcpy(in->sender_ip, p + 12, 4);
	memcpy(in->target_ip, p + 16, 4);
	if (p[9] == IPPROTO_UDP_)
		parse_udp(p + hl, tot - hl, in);
	else if (p[9] == IPPROTO_ICMP_)
		parse_icmp(p + hl, tot - hl, in);
}

static const char *dhcp_name(unsigned t)
{
	switch (t) {
	case DHCP_DISCOVER: return "DISCOVER";
	case DHCP_OFFER:    return "OFFER";
	case DHCP_REQUEST:  return "REQUEST";
	case DHCP_ACK:      return "ACK";
	case DHCP_NAK:      return "NAK";
	}
	return "?";
}

#define IP4(a) (a)[0], (a)[1], (a)[2], (a)[3]

void netpkt_describe(const uint8_t *f, size_t len, char *buf, size_t cap)
{
	struct netpkt_info in;

	netpkt_parse(f, len, &in);
	switch (in.kind) {
	case NETPKT_ARP_REQUEST:
		snprintf(buf, cap, "ARP who-has %u.%u.%u.%u tell %u.%u.%u.%u", IP4(in.target_ip),
			 IP4(in.sender_ip));
		break;
	case NETPKT_ARP_REPLY:
		snprintf(buf, cap, "ARP %u.%u.%u.%u is-at %02x:%02x:%02x:%02x:%02x:%02x",
			 IP4(in.sender_ip), in.src_mac[0], in.src_mac[1], in.src_mac[2],
			 in.src_mac[3], in.src_mac[4], in.src_mac[5]);
		break;
	case NETPKT_DHCP:
		if (in.dhcp_type == DHCP_OFFER || in.dhcp_type == DHCP_ACK)
			snprintf(buf, cap, "DHCP %s %u.%u.%u.%u from %u.%u.%u.%u xid 0x%08x",
				 dhcp_name(in.dhcp_type), IP4(in.yiaddr), IP4(in.server_id), in.xid);
		else
			snprintf(buf, cap, "DHCP %s xid 0x%08x", dhcp_name(in.dhcp_type), in.xid);
		break;
	case NETPKT_ECHO_REQUEST: case NETPKT_ECHO_REPLY:
		snprintf(buf, cap, "ICMP echo %s %u.%u.%u.%u -> %u.%u.%u.%u seq %u",
			 in.kind == NETPKT_ECHO_REPLY ? "reply" : "request", IP4(in.sender_ip),
			 IP4(in.target_ip), in.seq);
		break;
	default:
		snprintf(buf, cap, "frame of %zu bytes", len);
		break;
	}
}
