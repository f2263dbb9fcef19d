/*
 * utf8: the one UTF-8 codec of the tools, strict as RFC 3629 asks (no
 * overlong forms, no surrogates, nothing above U+10FFFF): SMS text in
 * both directions, JSON strings, what is shown to people.
 */
#ifndef OOBM_UTF8_H
#define OOBM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The code point at s[*i..len), *i moved past it; -1 (and *i unmoved)
 * when the bytes there are not a whole, valid UTF-8 character.
 */
int32_t		 utf8_decode(const char *s, size_t len, size_t *i);

/* cp as UTF-8 into u, its length returned; U+FFFD for what is no
 * character (a surrogate, beyond U+10FFFF). */
size_t		 utf8_encode(uint32_t cp, char u[4]);

/* True if s[0..len) is valid UTF-8. */
int		 utf8_valid(const char *s, size_t len);

/*
 * Bytes of s[0..len) to keep so that at most max_chars UTF-8 characters
 * remain, never splitting one; *cut is set when something was left out.
 */
size_t		 utf8_prefix(const char *s, size_t len, size_t max_chars,
		    int *cut);

#endif
