#include <errno.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "modem.h"
#include "port.h"
#include "serial.h"
#include "util.h"

void
modem_settings(const char *conf, int conf_given, const char **dev,
    int *speed)
{
	struct config *c = NULL;
	char msg[512];

	/* -l alone needs no file: the speed is then -s or the default */
	if ((conf_given || *dev == NULL) &&
	    (c = config_load(conf, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || conf_given))
		errx(EX_CONFIG, "%s", msg);	/* a file asked for by name */
	modem_settings_from(c, conf, dev, speed);
	config_free(c);
}

void
modem_settings_from(const struct config *c, const char *conf,
    const char **dev, int *speed)
{
	const char *v;

	if (*dev == NULL) {
		/* one device per process, kept after the config is freed */
		static char device[NAME_MAX_BYTES + 1];

		if (c == NULL)
			errx(EX_CONFIG, "no device: use -l, or set oobm_modem "
			    "in %s (which does not exist)", conf);
		if ((v = config_path(c, "oobm_modem")) == NULL)
			errx(EX_CONFIG, "no device: use -l, or set oobm_modem "
			    "in %s", conf);
		memcpy(device, v, strlen(v) + 1);
		*dev = device;
	}
	if (*speed == 0) {
		*speed = config_number(c, "oobm_modem_speed");
		if (!serial_speed_valid(*speed))
			errx(EX_CONFIG, "%s: oobm_modem_speed %d: unsupported",
			    conf, *speed);
	}
}

void
modem_start(struct at *a, const char *dev, int speed, at_urc_fn urc,
    int timeout_s)
{
	struct serial *s;

	s = port_open(dev, speed);
	at_init(a, s, urc != NULL ? urc : modem_show_urc, (void *)dev);
	if (at_sync(a, timeout_s * 1000) == -1)
		modem_fail(dev, AT_SYNC_CMD, timeout_s);
}

/*
 * A modem that refuses it still talks: its errors are then a bare ERROR,
 * which at_final_describe() shows as it is.  Only a modem that does not
 * answer at all fails here.
 */
void
modem_errors_numbered(struct at *a, const char *dev, int timeout_s)
{
	struct at_reply r;

	if (a->cmee == 1)
		return;		/* the sync saw it so: no round trip */
	if (at_command(a, "AT+CMEE=1", NULL, timeout_s * 1000, &r) == -1)
		modem_fail(dev, "AT+CMEE=1", timeout_s);
	at_reply_free(&r);
	if (r.final != AT_OK) {
		if (port_verbose)
			warnx("%s: AT+CMEE=1 refused (%s): errors stay "
			    "unnumbered", dev, r.final_text);
		return;
	}
	a->cmee = 1;
}

void
modem_show_urc(void *dev, enum at_kind kind, const char *line, size_t len)
{
	if (!port_verbose)
		return;
	fprintf(stderr, "%s: %s: %s: ", getprogname(), (const char *)dev,
	    kind == AT_URC ? "urc" : kind == AT_JUNK ? "junk" : "stray");
	put_escaped(stderr, line, len);
	fputc('\n', stderr);
}

void
modem_fail(const char *dev, const char *cmd, int timeout_s)
{
	if (errno == ETIMEDOUT)
		errx(EX_TEMPFAIL, "%s: no response to %s within %d s", dev,
		    cmd, timeout_s);
	if (errno == EIO)
		errx(EX_UNAVAILABLE, "%s: device hung up during %s", dev, cmd);
	if (errno == EINVAL)
		errx(EX_USAGE, "%s: command too long or holds a control "
		    "character", shown(cmd));
	err(EX_UNAVAILABLE, "%s: %s", dev, cmd);
}

void
modem_refused(const char *dev, const char *cmd, const struct at_reply *r)
{
	char what[AT_LINE_MAX + 64];

	at_final_describe(r->final, r->errnum, r->final_text, what,
	    sizeof(what));
	errx(1, "%s: %s: %s", dev, cmd, what);
}
