/*
 * auth: whether a received SMS is an authenticated activation command.
 * Pure: the caller supplies the message, the clock and the last used
 * one-time step; nothing here reads files or the time.
 *
 * A command is "SECRET COMMAND [MINUTES]" in printable ASCII, words
 * separated by blanks, COMMAND one of UP, DOWN, STATUS (any case),
 * MINUTES only after UP.  SECRET is the passphrase, or with TOTP the
 * current 6-digit code.  The sender must be in the allow list.
 */
#ifndef OOBM_AUTH_H
#define OOBM_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "totp.h"

#define AUTH_ALLOW_MAX	16
#define AUTH_NUMBER_MAX	24

enum auth_scheme { AUTH_PASSPHRASE, AUTH_TOTP };
enum auth_command { AUTH_UP, AUTH_DOWN, AUTH_STATUS };

struct auth_policy {
	enum auth_scheme scheme;
	char		 passphrase[128];
	uint8_t		 key[TOTP_KEY_MAX];
	size_t		 keylen;
	char		 allow[AUTH_ALLOW_MAX][AUTH_NUMBER_MAX];
	int		 nallow;
	char		 country[8];		/* "46", "" if unset */
	int		 default_minutes;
	int		 max_minutes;
	int		 max_age_s;		/* SCTS to now, TOTP */
};

struct auth_request {
	const char	*sender;	/* as decoded: "+46...", "070...", name */
	const char	*text;
	size_t		 len;
	int64_t		 sent;		/* SCTS as Unix time */
	int64_t		 now;
	uint64_t	 last_step;	/* last TOTP step accepted, 0 if none */
};

struct auth_result {
	enum auth_command cmd;
	int		 minutes;	/* UP only */
	uint64_t	 step;		/* TOTP step used */
	char		 sender[AUTH_NUMBER_MAX];	/* normalised */
	const char	*why;		/* rejection reason */
};

/*
 * "+46701234567" stays; "0046..." becomes "+46..."; "0701234567" becomes
 * "+46701234567" given country "46"; blanks and '-' are dropped.  Other
 * digit strings stay as they are.  -1 if not a phone number.
 */
int	auth_normalize(const char *number, const char *country, char *out,
	    size_t size);

/* Add the blank-separated numbers of list; -1 with the bad one in bad. */
int	auth_allow(struct auth_policy *, const char *list, const char **bad);

/* 1 if authenticated (res filled), 0 if rejected (res->why says why). */
int	auth_check(const struct auth_policy *, const struct auth_request *,
	    struct auth_result *res);

const char *auth_command_name(enum auth_command);

#endif
