#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "pmtk.h"

/* PMTK314 field of each sentence name; NULL for fields with no name. */
static const char *const field_name[PMTK_FIELDS] = {
	"gll", "rmc", "vtg", "gga", "gsa", "gsv", "grs", "gst", NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, "zda", "mchn"
};

const char pmtk_known[] = "gll rmc vtg gga gsa gsv grs gst zda mchn";

int
pmtk_number(const char *body)
{
	if (*body == '$')
		body++;
	if (strncmp(body, "PMTK", 4) != 0 ||
	    strspn(body + 4, "0123456789") != 3)
		return -1;
	return (body[4] - '0') * 100 + (body[5] - '0') * 10 + (body[6] - '0');
}

static int
field_of(const char *name, size_t len)
{
	int i;

	for (i = 0; i < PMTK_FIELDS; i++)
		if (field_name[i] != NULL && strlen(field_name[i]) == len &&
		    strncasecmp(name, field_name[i], len) == 0)
			return i;
	return -1;
}

int
pmtk_sentences(const char *list, int on[PMTK_FIELDS], const char **bad,
    size_t *badlen)
{
	size_t len;
	int i;

	memset(on, 0, PMTK_FIELDS * sizeof(on[0]));
	for (; *list != '\0'; list += len) {
		list += strspn(list, ", ");
		if ((len = strcspn(list, ", ")) == 0)
			continue;
		if ((i = field_of(list, len)) == -1) {
			*bad = list;
			*badlen = len;
			return -1;
		}
		on[i] = 1;
	}
	return 0;
}

int
pmtk_output_body(const int on[PMTK_FIELDS], char *body, size_t size)
{
	size_t n;
	int i, w;

	if ((w = snprintf(body, size, "PMTK%d", PMTK_SET_OUTPUT)) < 0 ||
	    (size_t)w >= size)
		return -1;
	n = (size_t)w;
	for (i = 0; i < PMTK_FIELDS; i++) {
		w = snprintf(body + n, size - n, ",%d", on[i] != 0);
		if (w < 0 || (size_t)w >= size - n)
			return -1;
		n += (size_t)w;
	}
	return (int)n;
}

void
pmtk_names(const int on[PMTK_FIELDS], char *names, size_t size)
{
	size_t n = 0;
	int i, w;

	names[0] = '\0';
	for (i = 0; i < PMTK_FIELDS; i++) {
		if (!on[i] || field_name[i] == NULL)
			continue;
		w = snprintf(names + n, size - n, "%s%s", n > 0 ? "," : "",
		    field_name[i]);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

int
pmtk_ntp_mode(const int on[PMTK_FIELDS], int speed)
{
	static const struct {
		int	 field, bit;
	} bits[] = { { 1, 1 }, { 3, 2 }, { 0, 4 }, { 17, 8 } };
	static const int speeds[] = { 4800, 9600, 19200, 38400, 57600,
	    115200 };
	size_t i;
	int mode = 0, sb = -1;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (on[bits[i].field])
			mode |= bits[i].bit;
	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i] == speed)
			sb = (int)i;
	if (mode == 0 || sb < 0)
		return -1;
	return mode | sb << 4;
}

int
pmtk_sentence_on(const char *body, const int on[PMTK_FIELDS])
{
	size_t len;
	int i;

	if (strlen(body) < 5)
		return 0;
	len = strcspn(body + 2, ",");
	return (i = field_of(body + 2, len)) != -1 && on[i];
}

void
pmtk_epoch_init(struct pmtk_epoch *e)
{
	e->first[0] = '\0';
}

int
pmtk_epoch_feed(struct pmtk_epoch *e, const char *body,
    const int on[PMTK_FIELDS])
{
	if (body[0] == 'P')
		return 0;
	if (!pmtk_sentence_on(body, on))
		return -1;
	/* on: at least five bytes, talker and type */
	if (e->first[0] == '\0')
		snprintf(e->first, sizeof(e->first), "%.5s", body);
	else if (strncmp(body, e->first, 5) == 0)
		return 1;
	return 0;
}

int
pmtk_restart(const char *kind)
{
	static const char *const kinds[] = { "hot", "warm", "cold",
	    "factory" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return PMTK_HOT_START + i;
	return -1;
}

const char *
pmtk_flag_text(int flag)
{
	static const char *const t[] = { "invalid command",
	    "unsupported command", "valid but failed", "done" };

	return flag >= 0 && flag <= 3 ? t[flag] : "no answer";
}

int
pmtk_flag_status(int flag)
{
	switch (flag) {
	case 3:
		return EX_OK;
	case 0:
		return EX_DATAERR;	/* we sent something wrong */
	case 1:
		return EX_UNAVAILABLE;	/* this receiver cannot */
	case 2:
		return 1;		/* it tried and failed */
	default:
		return EX_TEMPFAIL;	/* no answer */
	}
}
