/* SPDX-License-Identifier: MIT */
#include "harness/json_read.h"

#include <stdlib.h>
#include <string.h>

#include "harness/json.h"

struct jr {
	const unsigned char *s; /* NUL-terminated copy of the input */
	size_t len, pos;
	unsigned depth;
	struct sm_err *err;
};

static int fail(struct jr *p, const char *what)
{
	return sm_err_set(p->err, SM_EINVAL, "byte %zu: %s", p->pos, what);
}

static int nomem(struct jr *p)
{
	return sm_err_set(p->err, SM_ENOMEM, "byte %zu: out of memory", p->pos);
}

static void skip_ws(struct jr *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static bool lit(struct jr *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return false;
	p->pos += n;
	return true;
}

/* A growing byte buffer for one string. */
struct buf {
	char *b;
	size_t n, cap;
};

static bool put(struct buf *b, const char *src, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *nb;

		while (cap < b->n + n + 1)
			cap *= 2;
		if (!(nb = realloc(b->b, cap)))
			return false;
		b->b = nb;
		b->cap = cap;
	}
	memcpy(b->b + b->n, src, n);
	b->n += n;
	b->b[b->n] = 0;
	return true;
}

static bool put_cp(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		return put(b, u, 1);
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		return put(b, u, 2);
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return put(b, u, 3);
	}
	u[0] = (char)(0xf0 | cp >> 18);
	u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return put(b, u, 4);
}

static int hex4(struct jr *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = p->pos < p->len ? p->s[p->pos] : 0;

		if (c >= '0' && c <= '9')
			*v = *v << 4 | (c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v << 4 | ((c | 0x20) - 'a' + 10);
		else
			return fail(p, "\\u needs four hex digits");
		p->pos++;
	}
	return SM_OK;
}

/* \uXXXX (after the \u), with a following low surrogate when it is a high one. */
static int unicode_escape(struct jr *p, uint32_t *cp)
{
	uint32_t lo;

	if (hex4(p, cp))
		return SM_EINVAL;
	if (*cp == 0)
		return fail(p, "\\u0000 is not allowed in a string");
	if (*cp >= 0xdc00 && *cp <= 0xdfff) {
		*cp = 0xfffd; /* a lone low surrogate */
	} else if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (p->len - p->pos >= 6 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
			size_t save = p->pos;

			p->pos += 2;
			if (hex4(p, &lo))
				return SM_EINVAL;
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
				return SM_OK;
			}
			p->pos = save;
		}
		*cp = 0xfffd; /* a lone high surrogate */
	}
	return SM_OK;
}

static int parse_string(struct jr *p, char **out)
{
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	struct buf b = { 0 };

	p->pos++; /* the opening quote */
	if (!put(&b, "", 0))
		return nomem(p);
	for (;;) {
		unsigned c = p->pos < p->len ? p->s[p->pos] : 0;
		uint32_t cp;
		unsigned n;
		bool ok;

		if (p->pos >= p->len) {
			free(b.b);
			return fail(p, "unterminated string");
		}
		if (c == '"') {
			p->pos++;
			*out = b.b;
			return SM_OK;
		}
		if (c < 0x20) {
			free(b.b);
			return fail(p, "control character in a string (escape it)");
		}
		if (c == '\\') {
			const char *e = p->pos + 1 < p->len ? strchr(esc_in, p->s[p->pos + 1]) : NULL;

			if (p->pos + 1 < p->len && p->s[p->pos + 1] == 'u') {
				p->pos += 2;
				if (unicode_escape(p, &cp)) {
					free(b.b);
					return SM_EINVAL;
				}
				ok = put_cp(&b, cp);
			} else if (e && *e) {
				p->pos += 2;
				ok = put(&b, &esc_out[e - esc_in], 1);
			} else {
				p->pos++;
				free(b.b);
				return fail(p, "unknown escape in a string");
			}
		} else {
			n = json_utf8_decode(p->s + p->pos, &cp);
			if (n && p->pos + n <= p->len) {
				ok = put(&b, (const char *)p->s + p->pos, n);
				p->pos += n;
			} else {
				ok = put_cp(&b, 0xfffd); /* not UTF-8: keep going, visibly */
				p->pos++;
			}
		}
		if (!ok) {
			free(b.b);
			return nomem(p);
		}
	}
}

static bool is_digit(struct jr *p)
{
	return p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9';
}

static int parse_number(struct jr *p, struct jr_value *v)
{
	size_t start = p->pos;
	bool integer = true, neg = false;
	char tmp[64];

	if (p->s[p->pos] == '-') {
		neg = true;
		p->pos++;
	}
	if (!is_digit(p))
		return fail(p, "a number needs a digit");
	if (p->s[p->pos] == '0' && p->pos + 1 < p->len && p->s[p->pos + 1] >= '0' &&
	    p->s[p->pos + 1] <= '9')
		return fail(p, "a number cannot have a leading zero");
	while (is_digit(p))
		p->pos++;
	if (p->pos < p->len && p->s[p->pos] == '.') {
		integer = false;
		p->pos++;
		if (!is_digit(p))
			return fail(p, "a digit must follow the decimal point");
		while (is_digit(p))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] | 0x20) == 'e') {
		integer = false;
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (!is_digit(p))
			return fail(p, "an exponent needs a digit");
		while (is_digit(p))
			p->pos++;
	}
	v->type = JR_NUM;
	if (integer && !neg) {
		uint64_t u = 0;

		v->is_u64 = true;
		for (size_t i = start; i < p->pos; i++) {
			unsigned d = p->s[i] - '0';

			if (u > (UINT64_MAX - d) / 10) {
				v->is_u64 = false; /* too big: a double only */
				break;
			}
			u = u * 10 + d;
		}
		v->u = v->is_u64 ? u : 0;
	}
	/* strtod needs a terminated copy; longer numbers lose nothing a double keeps */
	size_t n = p->pos - start < sizeof(tmp) - 1 ? p->pos - start : sizeof(tmp) - 1;
	memcpy(tmp, p->s + start, n);
	tmp[n] = 0;
	v->d = strtod(tmp, NULL);
	return SM_OK;
}

static int parse_value(struct jr *p, struct jr_value *v);

/* Append one item (and its key, for an object) to v's arrays. */
static int add_item(struct jr *p, struct jr_value *v, size_t *cap, char *key)
{
	if (v->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		struct jr_value *ni = realloc(v->items, nc * sizeof(*ni));

		if (!ni)
			return nomem(p);
		v->items = ni;
		if (v->type == JR_OBJ) {
			char **nk = realloc(v->keys, nc * sizeof(*nk));

			if (!nk)
				return nomem(p);
			v->keys = nk;
		}
		*cap = nc;
	}
	memset(&v->items[v->n], 0, sizeof(v->items[0]));
	if (v->type == JR_OBJ)
		v->keys[v->n] = key;
	v->n++;
	return parse_value(p, &v->items[v->n - 1]);
}

/* An array or object, after its opening bracket. */
static int parse_container(struct jr *p, struct jr_value *v, char close)
{
	size_t cap = 0;

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return SM_OK;
	}
	for (;;) {
		char *key = NULL;
		int rc;

		skip_ws(p);
		if (v->type == JR_OBJ) {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return fail(p, "expected a string key");
			if (parse_string(p, &key))
				return SM_EINVAL;
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				return fail(p, "expected ':' after a key");
			}
			p->pos++;
		}
		rc = add_item(p, v, &cap, key);
		if (rc) {
			if (v->type == JR_OBJ && (v->n == 0 || v->keys[v->n - 1] != key))
				free(key); /* not yet owned by v */
			return rc;
		}
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return SM_OK;
		}
		return fail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int parse_value(struct jr *p, struct jr_value *v)
{
	int rc;

	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end of input");
	switch (p->s[p->pos]) {
	case '{': case '[':
		if (++p->depth > JR_MAX_DEPTH)
			return fail(p, "nested too deeply");
		v->type = p->s[p->pos] == '{' ? JR_OBJ : JR_ARR;
		rc = parse_container(p, v, p->s[p->pos] == '{' ? '}' : ']');
		p->depth--;
		return rc;
	case '"':
		v->type = JR_STR;
		return parse_string(p, &v->s);
	case 't': case 'f':
		v->type = JR_BOOL;
		v->b = p->s[p->pos] == 't';
		return lit(p, v->b ? "true" : "false") ? SM_OK : fail(p, "unknown word");
	case 'n':
		v->type = JR_NULL;
		return lit(p, "null") ? SM_OK : fail(p, "unknown word");
	default:
		if (p->s[p->pos] == '-' || is_digit(p))
			return parse_number(p, v);
		return fail(p, "expected a value");
	}
}

static void free_inner(struct jr_value *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free_inner(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
}

void jr_free(struct jr_value *v)
{
	if (!v)
		return;
	free_inner(v);
	free(v);
}

int jr_parse(const char *text, size_t len, struct jr_value **out, struct sm_err *err)
{
	struct jr p = { .len = len, .err = err };
	struct jr_value *v = calloc(1, sizeof(*v));
	unsigned char *copy = malloc(len + 1);
	int rc;

	*out = NULL;
	if (!v || !copy) {
		free(v);
		free(copy);
		return sm_err_set(err, SM_ENOMEM, "out of memory");
	}
	memcpy(copy, text, len);
	copy[len] = 0;
	p.s = copy;
	if (memchr(copy, 0, len)) {
		p.pos = (size_t)((unsigned char *)memchr(copy, 0, len) - copy);
		rc = fail(&p, "NUL byte in the input");
	} else {
		rc = parse_value(&p, v);
	}
	if (!rc) {
		skip_ws(&p);
		if (p.pos < len)
			rc = fail(&p, "unexpected text after the value");
	}
	free(copy);
	if (rc) {
		jr_free(v);
		return rc;
	}
	*out = v;
	return SM_OK;
}

const struct jr_value *jr_get(const struct jr_value *obj, const char *key)
{
	if (!obj || obj->type != JR_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

const char *jr_get_str(const struct jr_value *obj, const char *key)
{
	const struct jr_value *v = jr_get(obj, key);

	return v && v->type == JR_STR ? v->s : NULL;
}

bool jr_get_u64(const struct jr_value *obj, const char *key, uint64_t *out)
{
	const struct jr_value *v = jr_get(obj, key);

	if (!v || v->type != JR_NUM || !v->is_u64)
		return false;
	*out = v->u;
	return true;
}

bool jr_get_bool(const struct jr_value *obj, const char *key, bool *out)
{
	const struct jr_value *v = jr_get(obj, key);

	if (!v || v->type != JR_BOOL)
		return false;
	*out = v->b;
	return true;
}
