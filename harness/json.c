/* SPDX-License-Identifier: MIT */
#include "harness/json.h"

void json_put_str(FILE *f, const char *s)
{
	static const char esc[] = "\"\"\\\\\nn\tt\rr";

	putc('"', f);
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
		const char *e = NULL;

		for (unsigned i = 0; i + 1 < sizeof(esc); i += 2)
			if ((unsigned char)esc[i] == *c)
				e = &esc[i + 1];
		if (e)
			fprintf(f, "\\%c", *e);
		else if (*c < 0x20 || *c >= 0x7f)
			fprintf(f, "\\u%04x", *c);
		else
			putc(*c, f);
	}
	putc('"', f);
}

void json_put_hex(FILE *f, const char *key, uint64_t v)
{
	json_put_str(f, key);
	fprintf(f, ":\"0x%llx\"", (unsigned long long)v);
}
