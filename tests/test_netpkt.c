/* SPDX-License-Identifier: MIT */
/*
 * The net-demo guest's packets (harness/netpkt.c): what it builds parses
 * back, checksums are verified, and a truncated or corrupted frame is
 * never misread (every length is checked before a byte is read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "harness/netpkt.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t gw_mac[6] = { 0x52, 0x55, 10, 0, 2, 2 };
static const uint8_t ip[4] = { 10, 0, 2, 15 }, gw[4] = { 10, 0, 2, 2 };

static void test_netpkt_dhcp_request_round_trip(void **state)
{
	uint8_t f[NETPKT_MAX];
	struct netpkt_info in;
	size_t n;

	(void)state;
	n = netpkt_dhcp(f, DHCP_REQUEST, mac, 0x11223344, ip, gw);
	assert_int_equal(n, 342);              /* 14 + 20 + 8 + a 300-byte BOOTP message */
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_DHCP);
	assert_int_equal(in.dhcp_type, DHCP_REQUEST);
	assert_int_equal(in.xid, 0x11223344);
	assert_memory_equal(in.yiaddr, ip, 4);  /* option 50, the requested address */
	assert_memory_equal(in.server_id, gw, 4);
	assert_memory_equal(in.src_mac, mac, 6);
}

static void test_netpkt_arp_and_echo_round_trip(void **state)
{
	uint8_t f[NETPKT_MAX];
	struct netpkt_info in;
	char text[96];
	size_t n;

	(void)state;
	n = netpkt_arp_request(f, mac, ip, gw);
	assert_int_equal(n, 60);               /* padded to the shortest Ethernet frame */
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_ARP_REQUEST);
	assert_memory_equal(in.target_ip, gw, 4);
	netpkt_describe(f, n, text, sizeof(text));
	assert_string_equal(text, "ARP who-has 10.0.2.2 tell 10.0.2.15");
	n = netpkt_arp_reply(f, gw_mac, gw, mac, ip);
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_ARP_REPLY);
	assert_memory_equal(in.src_mac, gw_mac, 6);
	n = netpkt_echo_request(f, mac, gw_mac, ip, gw, 0x5a17, 3);
	assert_int_equal(n, 98);               /* 14 + 20 + 8 + 56, as ping sends */
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_ECHO_REQUEST);
	assert_int_equal(in.id, 0x5a17);
	assert_int_equal(in.seq, 3);
	assert_true(in.payload_ok);
}

/* A bit flipped under a checksum, or a frame cut anywhere, is not taken for what it was. */
static void test_netpkt_corrupt_or_truncated_frames_are_not_misread(void **state)
{
	uint8_t f[NETPKT_MAX];
	struct netpkt_info in;
	size_t n;

	(void)state;
	n = netpkt_echo_request(f, mac, gw_mac, ip, gw, 1, 1);
	f[14 + 20 + 9] ^= 1;                   /* payload: ICMP checksum fails */
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_OTHER);
	f[14 + 20 + 9] ^= 1;
	f[14 + 8] ^= 0x40;                     /* TTL: IP header checksum fails */
	netpkt_parse(f, n, &in);
	assert_int_equal(in.kind, NETPKT_OTHER);
	for (size_t cut = 0; cut < 342; cut++) {
		netpkt_dhcp(f, DHCP_DISCOVER, mac, 7, NULL, NULL);
		netpkt_parse(f, cut, &in);
		/* short of the headers, or of the IP total length */
		assert_int_equal(in.kind, NETPKT_OTHER);
	}
	for (size_t cut = 0; cut < 42; cut++) {
		netpkt_arp_request(f, mac, ip, gw);
		netpkt_parse(f, cut, &in);
		assert_int_equal(in.kind, NETPKT_OTHER);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netpkt_dhcp_request_round_trip),
		cmocka_unit_test(test_netpkt_arp_and_echo_round_trip),
		cmocka_unit_test(test_netpkt_corrupt_or_truncated_frames_are_not_misread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
