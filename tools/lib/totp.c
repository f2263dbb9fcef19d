#include <string.h>

#include "totp.h"

/* FIPS 180-4 SHA-1: small, for the few bytes of a one-time code. */
struct sha1_ctx {
	uint32_t	 h[5];
	uint8_t		 block[64];
	size_t		 used;
	uint64_t	 bits;
};

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void
sha1_block(struct sha1_ctx *c, const uint8_t *p)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & cc) | (~b & d), k = 0x5a827999;
		else if (i < 40)
			f = b ^ cc ^ d, k = 0x6ed9eba1;
		else if (i < 60)
			f = (b & cc) | (b & d) | (cc & d), k = 0x8f1bbcdc;
		else
			f = b ^ cc ^ d, k = 0xca62c1d6;
		t = rol(a, 5) + f + e + k + w[i];
		e = d, d = cc, cc = rol(b, 30), b = a, a = t;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d, c->h[4] += e;
}

static void
sha1_init(struct sha1_ctx *c)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
	    0x10325476, 0xc3d2e1f0 };

	memcpy(c->h, h0, sizeof(h0));
	c->used = 0;
	c->bits = 0;
}

static void
sha1_update(struct sha1_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->bits += (uint64_t)len * 8;
	while (len > 0) {
		n = 64 - c->used < len ? 64 - c->used : len;
		memcpy(c->block + c->used, p, n);
		c->used += n, p += n, len -= n;
		if (c->used == 64) {
			sha1_block(c, c->block);
			c->used = 0;
		}
	}
}

static void
sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_LEN])
{
	uint64_t bits = c->bits;
	uint8_t pad = 0x80, len[8];
	int i;

	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(c, &pad, 1);
	pad = 0;
	while (c->used != 56)
		sha1_update(c, &pad, 1);
	sha1_update(c, len, 8);
	for (i = 0; i < SHA1_LEN; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

void
sha1(const void *data, size_t len, uint8_t out[SHA1_LEN])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}

void
hmac_sha1(const uint8_t *key, size_t keylen, const void *msg, size_t len,
    uint8_t out[SHA1_LEN])
{
	uint8_t k[64], pad[64], inner[SHA1_LEN];
	struct sha1_ctx c;
	int i;

	memset(k, 0, sizeof(k));
	if (keylen > sizeof(k))
		sha1(key, keylen, k);
	else
		memcpy(k, key, keylen);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_update(&c, pad, 64);
	sha1_update(&c, msg, len);
	sha1_final(&c, inner);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_update(&c, pad, 64);
	sha1_update(&c, inner, SHA1_LEN);
	sha1_final(&c, out);
}

int
base32_decode(const char *s, uint8_t *key, size_t max)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const char *p;
	uint32_t acc = 0;
	size_t n = 0;
	int bits = 0;
	char ch;

	for (; *s != '\0'; s++) {
		ch = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		if (ch == ' ' || ch == '-' || ch == '=')
			continue;
		if ((p = strchr(alpha, ch)) == NULL || ch == '\0')
			return -1;
		acc = acc << 5 | (uint32_t)(p - alpha);
		bits += 5;
		if (bits >= 8) {
			if (n == max)
				return -1;
			key[n++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

uint32_t
hotp(const uint8_t *key, size_t keylen, uint64_t counter)
{
	uint8_t msg[8], mac[SHA1_LEN];
	uint32_t bin;
	int i, off;

	for (i = 0; i < 8; i++)
		msg[i] = (uint8_t)(counter >> (56 - 8 * i));
	hmac_sha1(key, keylen, msg, sizeof(msg), mac);
	/* RFC 4226 5.3: dynamic truncation */
	off = mac[SHA1_LEN - 1] & 0x0f;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	    (uint32_t)mac[off + 2] << 8 | mac[off + 3];
	return bin % 1000000;
}

uint64_t
totp_step(int64_t unix_time)
{
	return unix_time < 0 ? 0 : (uint64_t)unix_time / TOTP_STEP_S;
}
