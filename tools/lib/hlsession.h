/*
 * hlsession: a session with a HiLink stick's web API over libcurl, kept
 * as the stick's own web UI keeps it (docs/hilink.md 1): the SessionID
 * cookie and a verification token from SesTokInfo, a token spent on
 * each POST and the next one taken from its answer's headers.  An error
 * that says the session or token went stale (125001-125003: the stick
 * rebooted, or the session timed out) is mended by a new session and
 * one more try; a busy stick (100004, 113018) is asked again a second
 * later; all within the deadline the session was opened with.
 */
#ifndef OOBM_HLSESSION_H
#define OOBM_HLSESSION_H

#include <stdint.h>

#include "hilink.h"

#define HLS_URL_MAX	128

struct hls {
	void		*curl;		/* CURL * */
	char		 base[HLS_URL_MAX];	/* "http://192.168.8.1" */
	char		 sid[160];
	char		 tok[HL_TOKEN_LEN + 1];
	int64_t		 deadline;	/* mono_ms() */
	int		 verbose;
	int		 failed;	/* HLS_*: how the last call failed */
	char		 user[64], password[128];	/* "": no login */
	char		 why[512];	/* what failed, for people */
};

#define HLS_NET		1	/* the stick could not be reached */
#define HLS_TIME	2	/* no answer within the deadline */
#define HLS_DATA	3	/* an answer, but no HiLink API's */
#define HLS_LOGIN	4	/* the login refused, or one needed */

/*
 * The stick at url ("http://ADDR[:PORT]", no path, user or TLS: the
 * stick speaks plain HTTP on its own LAN): 0, or -1 when url is not such
 * a URL (why says so).  Nothing is sent yet.
 */
int	hls_init(struct hls *, const char *url, int timeout_s, int verbose);
void	hls_close(struct hls *);
/*
 * Log in as user with password when a session begins and the stick's
 * state-login says it is not (docs/hilink.md 2), and again when it
 * answers 100003 mid-session: oobm_hilink_user and oobm_hilink_password
 * of the configuration conf, when it sets the password (a file that does
 * not exist sets nothing, unless given).  0, or -1 with why: the file
 * unreadable or unsafe for the secret it holds, a value too long.
 */
int	hls_login_conf(struct hls *, const char *conf, int given);

/*
 * GET or POST path (body: a request of hilink.h's) in the session,
 * begun if need be; the answer in *a (hl_free), an <error> included
 * when retrying could not mend it.  0, or -1 when the stick could not
 * be asked or its answer read (why says which): the transport failed,
 * the deadline passed, or the answer is no HiLink answer.
 */
int	hls_get(struct hls *, const char *path, struct hl_answer **a);
/*
 * The sysexits(3) status a failed call ends a run with: 65 an answer not
 * the API's, 75 none in time, 77 a login refused or needed, 69 the
 * stick not reached.
 */
int	hls_exit_status(const struct hls *);
int	hls_post(struct hls *, const char *path, const char *body,
	    struct hl_answer **a);

#endif
