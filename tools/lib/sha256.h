/*
 * sha256: FIPS 180-4's SHA-256, for a HiLink stick's login (its
 * password_type 4, docs/hilink.md 2).  No I/O.
 */
#ifndef OOBM_SHA256_H
#define OOBM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32

void	sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* The digest as 64 lower-case hex digits and a NUL, into out. */
void	sha256_hex(const void *data, size_t len, char out[2 * SHA256_LEN + 1]);

#endif
