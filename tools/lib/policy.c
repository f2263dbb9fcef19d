/*
 * policy: the SMS policy from the configuration.  Moved here from smspoll
 * so that oobmconf -t (and so oobm check) refuses what smspoll refuses,
 * word for word.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "policy.h"
#include "totp.h"
#include "util.h"

static int
policy_secret(const struct config *c, struct auth_policy *p, char *err,
    size_t errsize)
{
	const char *v, *name = config_name(c);
	int n;

	if ((v = config_get_secret(c, "oobm_sms_secret", err, errsize)) ==
	    NULL)
		return -1;
	if (p->scheme == AUTH_PASSPHRASE) {
		if (strlen(v) < 8 || strlen(v) >= sizeof(p->passphrase) ||
		    strpbrk(v, " \t") != NULL) {
			snprintf(err, errsize, "%s: oobm_sms_secret: a "
			    "passphrase is one word of 8 to 127 characters",
			    name);
			return -1;
		}
		snprintf(p->passphrase, sizeof(p->passphrase), "%s", v);
		return 0;
	}
	if ((n = base32_decode(v, p->key, sizeof(p->key))) < 10) {
		snprintf(err, errsize, "%s: oobm_sms_secret: a TOTP key is "
		    "base32, at least 16 characters (80 bits)", name);
		return -1;
	}
	p->keylen = (size_t)n;
	return 0;
}

static int
policy_senders(const struct config *c, struct auth_policy *p, char *err,
    size_t errsize)
{
	const char *v, *bad = NULL, *name = config_name(c);
	char esc[128];
	int r;

	if ((v = config_get(c, "oobm_country_code")) != NULL && *v != '\0') {
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 4) {
			snprintf(err, errsize, "%s: oobm_country_code: "
			    "digits, such as 46", name);
			return -1;
		}
		snprintf(p->country, sizeof(p->country), "%s", v);
	}
	if ((v = config_get(c, "oobm_sms_allow")) != NULL &&
	    (r = auth_allow(p, v, &bad)) < 0) {
		escape_to(esc, sizeof(esc), bad, strlen(bad));
		if (r == -2)
			snprintf(err, errsize, "%s: oobm_sms_allow: %s is a "
			    "national number: set oobm_country_code (46 for "
			    "Sweden), or write it +46...", name, esc);
		else
			snprintf(err, errsize, "%s: oobm_sms_allow: not a "
			    "phone number: %s", name, esc);
		return -1;
	}
	if (p->nallow == 0) {
		snprintf(err, errsize, "%s: oobm_sms_allow: no allowed sender",
		    name);
		return -1;
	}
	return 0;
}

int
policy_load(const struct config *c, struct auth_policy *p, char *err,
    size_t errsize)
{
	const char *v, *name = config_name(c);

	memset(p, 0, sizeof(*p));
	if ((v = config_get(c, "oobm_sms_auth")) == NULL ||
	    (strcmp(v, "totp") != 0 && strcmp(v, "passphrase") != 0)) {
		snprintf(err, errsize, "%s: set oobm_sms_auth to totp or "
		    "passphrase", name);
		return -1;
	}
	p->scheme = strcmp(v, "totp") == 0 ? AUTH_TOTP : AUTH_PASSPHRASE;
	if (policy_senders(c, p, err, errsize) == -1)
		return -1;
	p->max_minutes = config_number(c, "oobm_link_max_minutes");
	p->default_minutes = config_int(c, "oobm_link_minutes", 1,
	    p->max_minutes);
	p->power_seconds = config_number(c, "oobm_power_off_seconds");
	p->max_power_seconds = config_key("oobm_power_off_seconds")->max;
	p->max_age_s = config_number(c, "oobm_sms_max_age");
	if (policy_secret(c, p, err, errsize) == -1)
		return -1;
	if (!auth_fits_one_sms(p)) {
		snprintf(err, errsize, "%s: oobm_sms_secret: too long for a "
		    "command to fit in one SMS (160 characters, fewer with "
		    "[ ] { } | ~ ^ \\ or the euro sign)", name);
		return -1;
	}
	return 0;
}
