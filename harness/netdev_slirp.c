/* SPDX-License-Identifier: MIT */
/*
 * libslirp as the NIC's peer (see netdev_slirp.h).  slirp calls us back for
 * the clock, its timers and the frames it sends; we never give it a file
 * descriptor to poll, since restricted mode without port forwarding opens
 * no sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slirp/libslirp.h>

#include "harness/netdev_slirp.h"
#include "model/err.h"

#define NETSLIRP_TIMERS 8

struct netslirp_timer {
	bool used, armed;
	int64_t expire_ms;
	SlirpTimerCb cb;
	void *cb_opaque;
};

struct netslirp {
	struct netslirp_config cfg;
	Slirp *slirp;
	struct netslirp_timer timers[NETSLIRP_TIMERS];
	unsigned guest_errors;
};

static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
	struct netslirp *ns = opaque;

	ns->cfg.to_guest(ns->cfg.opaque, buf, len);
	return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
	struct netslirp *ns = opaque;

	(void)msg;
	ns->guest_errors++;
}

/* The model's cycles as nanoseconds: a 1 GHz clock, never the host's. */
static int64_t clock_get_ns(void *opaque)
{
	const struct netslirp *ns = opaque;

	return (int64_t)smmuits_now(ns->cfg.sys);
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct netslirp *ns = opaque;

	for (unsigned i = 0; i < NETSLIRP_TIMERS; i++) {
		struct netslirp_timer *t = &ns->timers[i];

		if (!t->used) {
			*t = (struct netslirp_timer){ .used = true, .cb = cb, .cb_opaque = cb_opaque };
			return t;
		}
	}
	return NULL; /* slirp checks: it then runs without that timer */
}

static void timer_free(void *timer, void *opaque)
{
	(void)opaque;
	if (timer)
		memset(timer, 0, sizeof(struct netslirp_timer));
}

static void timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct netslirp_timer *t = timer;

	(void)opaque;
	if (t) {
		t->expire_ms = expire_ms;
		t->armed = true;
	}
}

static void no_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void notify(void *opaque)
{
	(void)opaque;
}

static const SlirpCb callbacks = {
	.send_packet = send_packet,
	.guest_error = guest_error,
	.clock_get_ns = clock_get_ns,
	.timer_new = timer_new,
	.timer_free = timer_free,
	.timer_mod = timer_mod,
	.register_poll_fd = no_fd,
	.unregister_poll_fd = no_fd,
	.notify = notify,
};

static struct in_addr ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

int netslirp_create(const struct netslirp_config *cfg, struct netslirp **out, char *err,
		    size_t errlen)
{
	struct netslirp *ns = calloc(1, sizeof(*ns));
	SlirpConfig sc = {
		.version = 4,
		.restricted = 1,           /* the guest may not reach outside the virtual network */
		.in_enabled = true,
		.vnetwork = ip4("10.0.2.0"),
		.vnetmask = ip4("255.255.255.0"),
		.vhost = ip4("10.0.2.2"),
		.in6_enabled = false,
		.vhostname = "smmuits",
		.vdhcp_start = ip4("10.0.2.15"),
		.vnameserver = ip4("10.0.2.3"),
		.disable_host_loopback = true,
		.disable_dns = true,
	};

	*out = NULL;
	if (!ns) {
		snprintf(err, errlen, "out of memory");
		return SM_ENOMEM;
	}
	ns->cfg = *cfg;
	ns->slirp = slirp_new(&sc, &callbacks, ns);
	if (!ns->slirp) {
		free(ns);
		snprintf(err, errlen, "slirp_new failed");
		return SM_EINVAL;
	}
	*out = ns;
	return SM_OK;
}

void netslirp_destroy(struct netslirp *ns)
{
	if (!ns)
		return;
	slirp_cleanup(ns->slirp);
	free(ns);
}

void netslirp_input(struct netslirp *ns, const uint8_t *frame, size_t len)
{
	slirp_input(ns->slirp, frame, (int)len);
}

void netslirp_poll(struct netslirp *ns)
{
	int64_t now_ms = (int64_t)(smmuits_now(ns->cfg.sys) / 1000000u);

	/* In slot order, so equal expiry times always fire in the same order. */
	for (unsigned i = 0; i < NETSLIRP_TIMERS; i++) {
		struct netslirp_timer *t = &ns->timers[i];

		if (t->used && t->armed && t->expire_ms <= now_ms) {
			t->armed = false;
			t->cb(t->cb_opaque);
		}
	}
}

unsigned netslirp_guest_errors(const struct netslirp *ns)
{
	return ns->guest_errors;
}
