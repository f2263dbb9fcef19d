/*
 * modem: what every tool that talks to the modem does the same way:
 * take device and speed from the options or oobm.conf, start the AT
 * dialogue on the port (port.h), show URCs under -v, and turn a failed
 * AT exchange into the documented exit status.  These functions exit on
 * failure, with err(3)-style messages naming the device.
 */
#ifndef OOBM_MODEM_H
#define OOBM_MODEM_H

#include "at.h"
#include "port.h"
#include "profile.h"

struct config;
struct netreg;


/*
 * Fill in *dev and *speed (0: unset) from conf, which is read when
 * conf_given or when *dev is NULL; a speed set nowhere is the default
 * (config_keys[]).  Exits 78 on a configuration error.
 */
void		 modem_settings(const char *conf, int conf_given,
		    const char **dev, int *speed);

/*
 * oobm_modem unset or "auto": the modem is found by its USB identity
 * (profile.h), its AT port used.
 */

/*
 * The same from a config already read (c NULL: there is no file), for a
 * tool that reads more of it: one reading, one warning per unknown key,
 * and the speed of the file it read.
 */
void		 modem_settings_from(const struct config *c,
		    const char *conf, const char **dev, int *speed);

/*
 * port_open(), at_init() with urc (modem_show_urc if NULL), then
 * at_sync(): a "> " prompt a crashed sender left is aborted, and what
 * came before the modem's answer is passed to urc as leftovers.  No
 * answer within timeout_s: exit 75, as for any command.
 */
void		 modem_start(struct at *, const char *dev, int speed,
		    at_urc_fn urc, int timeout_s);
/*
 * AT+CMEE=1 (errors as +CME ERROR: n), unless the modem has it already;
 * a modem that refuses it keeps its bare ERROR (said under -v).
 */
void		 modem_errors_numbered(struct at *, const char *dev,
		    int timeout_s);

/* URC callback for at_init(): under -v, escaped lines on stderr. */
void		 modem_show_urc(void *dev, enum at_kind, const char *line,
		    size_t len);

/*
 * Exit for an at_command() that returned -1 (errno set): 75 on timeout,
 * 69 when the device hung up or failed, 64 for a bad command.
 */
void		 modem_fail(const char *dev, const char *cmd, int timeout_s)
		    __attribute__((noreturn));

/* Exit 1 for a final result code other than OK/CONNECT, explained. */
void		 modem_refused(const char *dev, const char *cmd,
		    const struct at_reply *) __attribute__((noreturn));

/*
 * The modem on the USB bus, by the table (profile_pick): what was found,
 * the ports listed once per process.  modem_find exits when there is not
 * exactly one known modem with its AT port, saying what to do: 69 none,
 * or one the table does not know; 78 two or more.
 */
enum profile_pick modem_pick(struct profile_found *);
/* The row of the modem dev is a port of, or NULL. */
const struct profile *modem_profile_of(const char *dev);
void		 modem_find(struct profile_found *);

/*
 * The first line cmd's answer gives, in buf; "" when the modem refused
 * it.  Exits as modem_fail when it does not answer.
 */
void		 modem_ask(struct at *, const char *dev, const char *cmd,
		    int timeout_s, char *buf, size_t size);
/* Registration in each domain, IMS and the operator (netreg.h). */
void		 modem_netreg(struct at *, const char *dev, int timeout_s,
		    struct netreg *);
/*
 * Exit 69, "registered on LTE, but not for SMS", when the modem is
 * registered on LTE for data alone (no SMS over SGs, no IMS): no SMS
 * reach it.  Returns otherwise, having cost one round trip (AT+CREG?)
 * when it is registered for SMS.
 */
void		 modem_lte_sms(struct at *, const char *dev, int timeout_s);
/* modem_refused for an SMS command; a +CMS ERROR asks modem_lte_sms. */
void		 modem_sms_refused(struct at *, const char *dev,
		    const char *cmd, const struct at_reply *, int timeout_s)
		    __attribute__((noreturn));

#endif
