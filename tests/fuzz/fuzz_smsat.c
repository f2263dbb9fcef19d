/*
 * libFuzzer target: the parsers of the AT answers around SMS (TS 27.005)
 * that carry what the network and the sender chose: text-mode +CMGR and
 * +CMGL headers, +CMGL (PDU mode), +CMGS, +CMTI, both kinds of +CPMS,
 * and the +CUSD answer to a USSD code.  Any line is refused or parsed into fields
 * within their bounds.  The line is also tried as a USSD code: packed,
 * then read back as the network would answer it, it is itself again.
 * Cut at its newlines, the input is a text-mode answer: a list gives at
 * most as many indexes as it has lines, none twice, a message holds its
 * lines whole (joined by LF) or is marked truncated.  As a PDU-mode list
 * (AT+CMGL=4), each message is a header and the line after it, no
 * "+CMGL:" line, in the answer's order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smsat.h"
#include "ussd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define LINES_MAX	8

static void
pdu_list(char *const *lines, size_t n)
{
	struct sms_listed l[LINES_MAX];
	size_t i = 0;
	int k, m;

	k = sms_pdu_list(lines, n, l, LINES_MAX);
	if (k < 0 || (size_t)k > n / 2)
		abort();
	for (m = 0; m < k; m++) {
		while (i + 1 < n && lines[i + 1] != l[m].pdu)
			i++;
		if (i + 1 >= n || l[m].index < 0 || l[m].index > 65535 ||
		    l[m].stat < 0 || l[m].stat > 4 ||
		    strncmp(l[m].pdu, "+CMGL:", 6) == 0 ||
		    strncmp(lines[i], "+CMGL:", 6) != 0)
			abort();
		i += 2;
	}
}

static void
text_mode(const char *data, size_t size)
{
	struct sms_text_header h;
	static struct sms m;
	char *buf, *lines[LINES_MAX], *nl;
	size_t n = 0, i, joined = 0;
	int idx[LINES_MAX], k, ended = size % 2;

	if ((buf = strdup(data)) == NULL)
		abort();
	lines[n++] = buf;
	while (n < LINES_MAX && (nl = strchr(lines[n - 1], '\n')) != NULL) {
		*nl = '\0';
		lines[n++] = nl + 1;
	}
	pdu_list(lines, n);
	k = sms_text_list(lines, n, idx, LINES_MAX);
	if (k < 0 || (size_t)k > n)
		abort();
	while (k-- > 0) {
		if (idx[k] < 0 || idx[k] > 65535)
			abort();
		for (i = 0; i < (size_t)k; i++)
			if (idx[i] == idx[k])
				abort();
	}
	if (sms_text_message(lines, n, ended, &h, &m) == 0) {
		for (i = 1; i < n; i++)
			joined += strlen(lines[i]) + (i > 1);
		if (h.stat < 0 || h.stat > 3 || m.type != (h.stat <= 1 ?
		    SMS_DELIVER : SMS_SUBMIT) || strlen(m.addr) >=
		    sizeof(m.addr) || strlen(m.text) != m.textlen ||
		    (ended && !m.truncated) ||
		    (!m.truncated && m.textlen != joined))
			abort();
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_text_header h;
	struct sms_cpms c;
	struct sms_ussd u;
	char *line, mem[8], hex[USSD_SEPTETS_MAX * 2 + 8];
	char answer[sizeof(hex) + 32];
	int idx, stat, len, used, total, g;

	/* a line as the AT parser hands it on: no NUL, terminated */
	if ((line = malloc(size + 1)) == NULL)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	if (strlen(line) != size) {
		free(line);
		return 0;
	}
	if (sms_parse_text_header(line, &h) == 0 &&
	    (strlen(h.sender) >= sizeof(h.sender) || h.stat < 0 ||
	    h.stat > 3 || h.length > 65535 || h.toa > 255))
		abort();
	if (sms_parse_cmgl(line, &idx, &stat, &len) == 0 && (idx < 0 ||
	    len < 0))
		abort();
	if (sms_parse_cmgs(line, &idx) == 0 && (idx < 0 || idx > 255))
		abort();
	if (sms_parse_cmti(line, mem, sizeof(mem), &idx) == 0 &&
	    (strlen(mem) == 0 || idx < 0))
		abort();
	if (sms_parse_cpms(line, &c) == 0)
		for (g = 0; g < 3; g++)
			if (c.n[g] < 0 || c.n[g] > SMS_MEMS_MAX)
				abort();
	if (sms_parse_cpms_use(line, &used, &total) == 0 && (used < 0 ||
	    used > total))
		abort();
	if (sms_ussd_parse(line, &u) == 0 && (u.status < 0 || u.status > 5 ||
	    u.dcs < -1 || u.dcs > 255 || strlen(u.text) >= sizeof(u.text)))
		abort();
	/* a trailing '@' or CR is ambiguous with padding (23.038 6.1.2.3.1) */
	if (size > 0 && line[size - 1] != '@' && line[size - 1] != '\r' &&
	    sms_ussd_pack(line, hex, sizeof(hex)) == 0) {
		snprintf(answer, sizeof(answer), "+CUSD: 0,\"%s\",15", hex);
		if (sms_ussd_parse(answer, &u) != 0 || strcmp(u.text, line) != 0)
			abort();
	}
	text_mode(line, size);
	free(line);
	return 0;
}
