/*
 * json: the JSON of push APIs, as little as they need: the few fields
 * of the top-level object an answer carries (a reader that walks any
 * valid document, bounded in depth), and string quoting for requests.
 */
#ifndef OOBM_JSON_H
#define OOBM_JSON_H

#include <stddef.h>

/*
 * Fields of the top-level JSON object in json[0..len): a string value
 * (unescaped, \u as UTF-8), an integer, or the strings of an array joined
 * by "; ".  0 when found, -1 when absent, not that type, or malformed.
 */
int		 json_string(const char *json, size_t len, const char *key,
		    char *out, size_t size);
int		 json_number(const char *json, size_t len, const char *key,
		    long *out);
int		 json_strings(const char *json, size_t len, const char *key,
		    char *out, size_t size);

/* s as a quoted JSON string into out; -1 if it does not fit. */
int		 json_quote(const char *s, char *out, size_t size);

#endif
