/* SPDX-License-Identifier: MIT */
#include "harness/json.h"

#include <stdint.h>

unsigned json_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned n;
	uint32_t v;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return s[0] && s[0] < 0x80 ? (*cp = s[0], 1) : 0;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	v = s[0] & (0x7f >> n);
	for (unsigned i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

void json_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	fputc('"', f);
	while (*s) {
		uint32_t cp;
		unsigned n;

		if (*s == '"' || *s == '\\') {
			fprintf(f, "\\%c", *s++);
			continue;
		}
		if (*s == '\n') {
			fputs("\\n", f);
			s++;
			continue;
		}
		if (*s >= 0x20 && *s < 0x7f) {
			fputc(*s++, f);
			continue;
		}
		if (*s < 0x80) {
			fprintf(f, "\\u%04x", *s++);
			continue;
		}
		n = json_utf8_decode(s, &cp);
		if (!n) {
			fputs("\\ufffd", f);
			s++;
			continue;
		}
		s += n;
		if (cp > 0xffff) {
			cp -= 0x10000;
			fprintf(f, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
		} else {
			fprintf(f, "\\u%04x", cp);
		}
	}
	fputc('"', f);
}

void json_put_hex(FILE *f, const char *key, uint64_t v)
{
	json_str(f, key);
	fprintf(f, ":\"0x%llx\"", (unsigned long long)v);
}
