/* SPDX-License-Identifier: MIT */
/*
 * Appending to a fixed-size text buffer without printf: the replayer
 * formats a line per step, and at millions of steps snprintf's parsing of
 * its format string is most of the cost.  Text past the capacity is cut
 * (the buffer always stays NUL-terminated), as snprintf would cut it.
 */
#ifndef SMMUITS_STRBUF_H
#define SMMUITS_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *p;
	size_t len, cap;    /* cap includes the terminating NUL */
};

static inline struct strbuf strbuf_on(char *buf, size_t cap)
{
	buf[0] = 0;
	return (struct strbuf){ buf, 0, cap };
}

static inline void strbuf_mem(struct strbuf *b, const char *s, size_t n)
{
	size_t room = b->cap - 1 - b->len;

	if (n > room)
		n = room;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static inline void strbuf_str(struct strbuf *b, const char *s)
{
	strbuf_mem(b, s, strlen(s));
}

/* v in decimal, as %llu */
static inline void strbuf_dec(struct strbuf *b, uint64_t v)
{
	char d[20];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	strbuf_mem(b, d + i, sizeof(d) - i);
}

/* v as 0x%llx */
static inline void strbuf_hex(struct strbuf *b, uint64_t v)
{
	char d[18];
	size_t i = sizeof(d);

	do
		d[--i] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) != 0);
	d[--i] = 'x';
	d[--i] = '0';
	strbuf_mem(b, d + i, sizeof(d) - i);
}

#endif
