/*
 * policy: the SMS policy (tools/lib/auth.h) as oobm.conf(5) sets it,
 * checked as smspoll obeys it: oobmconf -t applies the same checks, so
 * that "oobm check" passes only a file every run accepts.
 */
#ifndef OOBM_POLICY_H
#define OOBM_POLICY_H

#include <stddef.h>

#include "auth.h"
#include "config.h"

/*
 * Fill p from c: the scheme, the allowed senders, the secret (refused in
 * a file group or others can read), the bounds.  -1 with the first
 * fault, naming the file and the key, in err.
 */
int	policy_load(const struct config *c, struct auth_policy *p,
	    char *err, size_t errsize);

#endif
