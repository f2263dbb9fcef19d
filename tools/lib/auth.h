/*
 * auth: whether a received SMS is an authenticated activation command.
 * Pure: the caller supplies the message, the clock and the last used
 * one-time step; nothing here reads files or the time.
 *
 * A command is one single-part SMS "SECRET COMMAND [NUMBER]" in
 * printable ASCII, words separated by blanks, COMMAND one of UP, DOWN,
 * STATUS, POWER (any case), NUMBER only after UP (the minutes of the
 * link) and POWER (the seconds the router's power is off).  SECRET is
 * the passphrase, or with TOTP the current 6-digit code.  The sender must be a phone
 * number (not an alphanumeric name) in the allow list, and the service
 * centre's time stamp within max_age_s of the box's clock.
 */
#ifndef OOBM_AUTH_H
#define OOBM_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "sms.h"
#include "totp.h"

#define AUTH_ALLOW_MAX	16
#define AUTH_NUMBER_MAX	24
#define AUTH_TEXT_MAX	160	/* a command is one SMS */

enum auth_scheme { AUTH_PASSPHRASE, AUTH_TOTP };
enum auth_command { AUTH_UP, AUTH_DOWN, AUTH_STATUS, AUTH_POWER };

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
	int		 power_seconds;		/* POWER without a number */
	int		 max_power_seconds;
	int		 max_age_s;		/* SCTS to now, both schemes */
};

struct auth_request {
	const char	*sender;	/* as decoded: "+46...", "070...", name */
	int		 toa;		/* TS 23.040 9.1.2.5 type of address,
					   -1 when the modem did not say */
	const char	*text;		/* len bytes, need not be terminated */
	size_t		 len;
	int64_t		 sent;		/* SCTS as Unix time */
	int64_t		 now;
	uint64_t	 last_step;	/* last TOTP step accepted, 0 if none */
};

struct auth_result {
	enum auth_command cmd;
	int		 minutes;	/* UP only */
	int		 seconds;	/* POWER only */
	uint64_t	 step;		/* TOTP step used */
	char		 sender[AUTH_NUMBER_MAX];	/* normalised */
	const char	*why;		/* rejection reason */
	/*
	 * Rejected, but by the owner: the secret was right (a TOTP code
	 * right for another time near by counts) and the command, its
	 * number or its time was not.  Only then may the sender be told
	 * why; a stranger is told nothing.  AUTH_REFUSED_NONE otherwise.
	 */
	enum auth_refusal {
		AUTH_REFUSED_NONE, AUTH_REFUSED_COMMAND, AUTH_REFUSED_SYNTAX,
		AUTH_REFUSED_MINUTES, AUTH_REFUSED_SECONDS,
		AUTH_REFUSED_AGE, AUTH_REFUSED_CLOCK
	}		 refused;
	int64_t		 skew_s;	/* AUTH_REFUSED_AGE, _CLOCK: how far */
};

/*
 * A code right for a step this far from the message's time is the
 * owner's, from a phone whose clock is wrong: refused, and said.
 */
#define AUTH_SKEW_STEPS	10

/*
 * "+46701234567" stays; "0046..." becomes "+46..."; "0701234567" becomes
 * "+46701234567" given country "46"; blanks and '-' are dropped.  Other
 * digit strings stay as they are.  -1 if not a phone number.
 */
int	auth_normalize(const char *number, const char *country, char *out,
	    size_t size);

/*
 * Add the blank-separated numbers of list; -1 with the bad one in bad,
 * -2 when it is a national number ("0701234567") and no country code is
 * set: it could never match a sender the network gives in international
 * form.
 */
int	auth_allow(struct auth_policy *, const char *list, const char **bad);

/*
 * 1 if authenticated (res filled), 0 if rejected (res->why says why).
 * Reads exactly rq->len bytes of rq->text.
 */
int	auth_check(const struct auth_policy *, const struct auth_request *,
	    struct auth_result *res);

/*
 * The whole decision on one stored message: a received (SMS-DELIVER),
 * single-part text message, then auth_check() on its sender and text.
 * Parts of concatenated messages are refused: a command always fits in
 * one SMS, and joining parts would let a forged part with the owner's
 * number and reference change what the owner's part says.
 */
int	auth_sms(const struct auth_policy *, const struct sms *, int64_t now,
	    uint64_t last_step, struct auth_result *res);

/* Longest command text the policy accepts fits in one SMS: 1, else 0. */
int	auth_fits_one_sms(const struct auth_policy *);


/*
 * The one-time code state file: "step=N" (the last TOTP step accepted)
 * and "message=HEX" (40 hex digits of the SHA-1 of the message that used
 * it while unacknowledged, or empty).  0 if buf holds exactly that, else
 * -1 with *why set; out is zeroed first.
 */
struct auth_state {
	uint64_t	 step;
	char		 print[2 * SHA1_LEN + 1];
};
int	auth_state_parse(const char *buf, size_t len, struct auth_state *out,
	    const char **why);

const char *auth_command_name(enum auth_command);
/* "command", "syntax", "minutes", "seconds", "age", "clock"; NULL. */
const char *auth_refusal_name(enum auth_refusal);

#endif
