/*
 * totp: one-time codes of RFC 6238 (TOTP: HMAC-SHA-1, 30 s steps, 6
 * digits) over RFC 2104 HMAC and FIPS 180 SHA-1, and the base32 keys
 * (RFC 4648) that authenticator apps show.  Pure functions.
 */
#ifndef OOBM_TOTP_H
#define OOBM_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN	20
#define TOTP_STEP_S	30
#define TOTP_KEY_MAX	64

void	sha1(const void *data, size_t len, uint8_t out[SHA1_LEN]);
void	hmac_sha1(const uint8_t *key, size_t keylen, const void *msg,
	    size_t len, uint8_t out[SHA1_LEN]);
/* Decode base32 (case, blanks and '=' ignored); key length or -1. */
int	base32_decode(const char *s, uint8_t *key, size_t max);
/* HOTP value for counter, 6 digits (RFC 4226). */
uint32_t hotp(const uint8_t *key, size_t keylen, uint64_t counter);
/* The time-step of a Unix time. */
uint64_t totp_step(int64_t unix_time);

#endif
