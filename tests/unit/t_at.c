/*
 * t_at: the AT response parser, a pure function over bytes.  Each case
 * feeds a transcript as a modem sends it and checks the classified lines,
 * once whole and once a byte at a time (reads split anywhere).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"
#include "tap.h"
#include "util.h"

#define MAXEV	32

struct ev {
	enum at_kind	 kind;
	enum at_final	 final;
	int		 errnum;
	char		 text[AT_LINE_MAX];
};

/* Parse buf in chunks of step bytes (0: all at once). */
static int
run(const char *cmd, const char *buf, size_t len, size_t step,
    struct ev *ev)
{
	struct at_parser p;
	struct at_line ln;
	size_t off = 0, k, chunk, end;
	int n = 0;

	at_parser_init(&p);
	at_parser_command(&p, cmd);
	while (off < len) {
		chunk = step == 0 ? len - off : step;
		end = off + chunk > len ? len : off + chunk;
		while (off < end) {
			k = at_parse(&p, buf + off, end - off, &ln);
			off += k;
			if (ln.kind == AT_NONE || n == MAXEV)
				continue;
			ev[n].kind = ln.kind;
			ev[n].final = ln.final;
			ev[n].errnum = ln.errnum;
			snprintf(ev[n].text, sizeof(ev[n].text), "%s", ln.text);
			if (ln.kind == AT_FINAL)
				at_parser_command(&p, NULL);
			n++;
		}
	}
	return n;
}

static const char *
kind_name(enum at_kind k)
{
	static const char *const names[] = { "none", "echo", "info", "urc",
	    "final", "prompt", "junk" };

	return names[k];
}

/* want: "kind:text" per event, e.g. "echo:AT+CSQ", "final:OK". */
static void
expect(const char *what, const char *cmd, const char *transcript,
    const char *const *want)
{
	struct ev ev[MAXEV];
	char got[AT_LINE_MAX + 16];
	size_t steps[] = { 0, 1, 3 }, s;
	int i, n, nwant, good;

	for (nwant = 0; want[nwant] != NULL; nwant++)
		;
	for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		n = run(cmd, transcript, strlen(transcript), steps[s], ev);
		good = n == nwant;
		for (i = 0; good && i < n; i++) {
			snprintf(got, sizeof(got), "%s:%s",
			    kind_name(ev[i].kind), ev[i].text);
			good = strcmp(got, want[i]) == 0;
		}
		if (!ok(good, "%s (reads of %zu bytes)", what, steps[s])) {
			for (i = 0; i < n; i++)
				printf("#   got %s:%s\n", kind_name(ev[i].kind),
				    ev[i].text);
		}
	}
}

static void
test_transcripts(void)
{
	expect("echo, information response, OK", "AT+CSQ",
	    "AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n",
	    (const char *[]){ "echo:AT+CSQ", "info:+CSQ: 17,99", "final:OK",
	    NULL });
	expect("no echo (ATE0)", "AT+CSQ", "\r\n+CSQ: 17,99\r\n\r\nOK\r\n",
	    (const char *[]){ "info:+CSQ: 17,99", "final:OK", NULL });
	expect("URCs before, between and after", "ATI",
	    "\r\n^RSSI:17\r\nATI\r\r\nManufacturer: huawei\r\n"
	    "\r\n^BOOT:24713307,0,0,0,72\r\n\r\nModel: E1752\r\n"
	    "\r\n^MODE:5,4\r\n\r\nOK\r\n\r\n^DSFLOWRPT:0,0\r\n",
	    (const char *[]){ "urc:^RSSI:17", "echo:ATI",
	    "info:Manufacturer: huawei", "urc:^BOOT:24713307,0,0,0,72",
	    "info:Model: E1752", "urc:^MODE:5,4", "final:OK",
	    "urc:^DSFLOWRPT:0,0", NULL });
	expect("+CREG: answers AT+CREG? but is a URC otherwise", "AT+CREG?",
	    "\r\n+CREG: 0,1\r\n\r\nOK\r\n\r\n+CREG: 1\r\n",
	    (const char *[]){ "info:+CREG: 0,1", "final:OK", "urc:+CREG: 1",
	    NULL });
	expect("+CMTI between response lines", "AT+CMGL=4",
	    "\r\n+CMGL: 1,0,,23\r\n\r\n+CMTI: \"SM\",2\r\n07911326\r\n"
	    "\r\nOK\r\n",
	    (const char *[]){ "info:+CMGL: 1,0,,23", "urc:+CMTI: \"SM\",2",
	    "info:07911326", "final:OK", NULL });
	expect("+CMT: is a URC with a PDU line", "AT",
	    "\r\n+CMT: ,24\r\n0791447758100650040C914497\r\n\r\nOK\r\n",
	    (const char *[]){ "urc:+CMT: ,24",
	    "urc:0791447758100650040C914497", "final:OK", NULL });
	expect("prompt of a two-stage command", "AT+CMGS=23",
	    "AT+CMGS=23\r\r\n> ",
	    (const char *[]){ "echo:AT+CMGS=23", "prompt:> ", NULL });
	expect("CONNECT with a rate", "ATD*99#",
	    "ATD*99#\r\r\nCONNECT 7200000\r\n",
	    (const char *[]){ "echo:ATD*99#", "final:CONNECT 7200000", NULL });
	expect("CONNECTED is not CONNECT", "AT",
	    "\r\nCONNECTED\r\n\r\nOK\r\n",
	    (const char *[]){ "info:CONNECTED", "final:OK", NULL });
	/*
	 * A URC the table does not know, between the command and its echo
	 * (a Quectel's +QNETDEVSTATUS of the call just hung up, landing as
	 * the next command goes out): the echo is still the echo, not the
	 * answer.
	 */
	expect("a line unknown before the echo", "AT$QCRMCALL?",
	    "\r\n+XNEW: 1,0\r\nAT$QCRMCALL?\r\r\nOK\r\n",
	    (const char *[]){ "info:+XNEW: 1,0", "echo:AT$QCRMCALL?",
	    "final:OK", NULL });
	expect("Quectel's +QNETDEVSTATUS: a URC but to its own query",
	    "AT$QCRMCALL?",
	    "\r\n+QNETDEVSTATUS: 1,0,4,1\r\nAT$QCRMCALL?\r\r\nOK\r\n",
	    (const char *[]){ "urc:+QNETDEVSTATUS: 1,0,4,1",
	    "echo:AT$QCRMCALL?", "final:OK", NULL });
	expect("...which answers AT+QNETDEVSTATUS?", "AT+QNETDEVSTATUS?",
	    "\r\n+QNETDEVSTATUS: 1,1,4,1\r\n\r\nOK\r\n",
	    (const char *[]){ "info:+QNETDEVSTATUS: 1,1,4,1", "final:OK",
	    NULL });
	expect("bare LF and bare CR both end lines", "AT+CGMM",
	    "\nE1752\rOK\n",
	    (const char *[]){ "info:E1752", "final:OK", NULL });
}

static void
test_junk(void)
{
	struct ev ev[MAXEV];
	char *buf;
	size_t len = AT_LINE_MAX * 3;
	int n;

	buf = malloc(len + 16);
	memset(buf, 'x', len);
	memcpy(buf + len, "\r\nOK\r\n", 7);
	n = run("AT", buf, len + 6, 0, ev);
	is_int(n, 2, "over-long line gives one junk event and the final code");
	is_int(ev[0].kind, AT_JUNK, "over-long line is junk");
	is_int(strlen(ev[0].text), AT_LINE_MAX - 1, "junk text is truncated");
	is_int(ev[1].kind, AT_FINAL, "line after junk still parses");
	free(buf);
}

static void
test_nul(void)
{
	static const char s[] = "\r\nhua\0wei\r\n\r\nOK\r\n";
	struct ev ev[MAXEV];
	int n;

	n = run("AT+CGMI", s, sizeof(s) - 1, 1, ev);
	ok(n == 2 && strcmp(ev[0].text, "huawei") == 0 &&
	    ev[1].kind == AT_FINAL, "NUL bytes are line noise, dropped");
}

static void
test_finals(void)
{
	static const struct {
		const char	*line;
		int		 final;
		int		 errnum;
	} v[] = {
		{ "OK", AT_OK, -1 },
		{ "ERROR", AT_ERROR, -1 },
		{ "+CME ERROR: 10", AT_CME_ERROR, 10 },
		{ "+CME ERROR:10", AT_CME_ERROR, 10 },
		{ "+CME ERROR: SIM not inserted", AT_CME_ERROR, -1 },
		{ "+CMS ERROR: 322", AT_CMS_ERROR, 322 },
		{ "NO CARRIER", AT_NO_CARRIER, -1 },
		{ "BUSY", AT_BUSY, -1 },
		{ "NO ANSWER", AT_NO_ANSWER, -1 },
		{ "NO DIALTONE", AT_NO_DIALTONE, -1 },
		{ "COMMAND NOT SUPPORT", AT_NOT_SUPPORTED, -1 },
		{ "CONNECT", AT_CONNECT, -1 },
		{ "OKAY", -1, -1 },
		{ "+CMEE: 1", -1, -1 },
		{ "", -1, -1 },
	};
	enum at_final f;
	size_t i;
	int e, r;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		r = at_final_code(v[i].line, strlen(v[i].line), &f, &e);
		if (v[i].final == -1)
			ok(!r, "\"%s\" is not a final result code", v[i].line);
		else
			ok(r && (int)f == v[i].final && e == v[i].errnum,
			    "\"%s\" is final %d, error %d", v[i].line,
			    v[i].final, v[i].errnum);
	}
}

static void
test_error_texts(void)
{
	char buf[256];

	is_str(at_cme_text(10), "SIM not inserted", "+CME ERROR: 10");
	is_str(at_cme_text(11), "SIM PIN required", "+CME ERROR: 11");
	is_str(at_cme_text(30), "no network service", "+CME ERROR: 30");
	is_str(at_cms_text(322), "memory full", "+CMS ERROR: 322");
	is_str(at_cms_text(330), "SMSC address unknown", "+CMS ERROR: 330");
	is_str(at_cms_text(38), "network out of order", "+CMS ERROR: 38");
	ok(at_cme_text(9999) == NULL, "unknown +CME number has no text");
	at_final_describe(AT_CME_ERROR, 10, "+CME ERROR: 10", buf, sizeof(buf));
	is_str(buf, "+CME ERROR: 10 (SIM not inserted)", "described");
	at_final_describe(AT_CME_ERROR, -1, "+CME ERROR: SIM busy", buf,
	    sizeof(buf));
	is_str(buf, "+CME ERROR: SIM busy", "text form left alone");
}

static void
test_body_echo(void)
{
	struct at_parser p;
	struct at_line ln;
	const char *s = "\r\n> ";
	size_t k;

	at_parser_init(&p);
	at_parser_command(&p, "AT+CMGS=2");
	k = at_parse(&p, s, strlen(s), &ln);
	ok(ln.kind == AT_PROMPT && k == strlen(s), "prompt consumed whole");
	/* what the session does after answering the prompt */
	at_parser_body(&p, "0011");
	s = "0011\032\r\n+CMGS: 5\r\n";
	k = at_parse(&p, s, strlen(s), &ln);
	ok(ln.kind == AT_ECHO, "body echo ending in Ctrl-Z is the echo");
	at_parse(&p, s + k, strlen(s) - k, &ln);
	ok(ln.kind == AT_INFO && strcmp(ln.text, "+CMGS: 5") == 0,
	    "+CMGS: after the body is the response");
}

/*
 * Issue 10, item 8: a counted text-mode body is one line whatever it
 * holds; the final result code after it is the reply's.  Read whole and
 * a byte at a time.
 */
static void
test_counted_body(void)
{
	static const char hdr[] = "+CMGR: \"REC READ\",\"+46700000000\",,"
	    "\"26/11/26,10:15:00+04\",145,4,0,0,\"+46705008999\",145,13";
	static const char *const blank[] = { "", "\r\n" };
	struct at_parser p;
	struct at_line ln;
	char buf[512], got[4][64];
	size_t off, k, step, len, b;
	int n;

	for (b = 0; b < 2; b++)
		for (step = 1; step <= 512; step += 511) {
			len = (size_t)snprintf(buf, sizeof(buf), "\r\n%s\r\n%s"
			    "hi\r\nOK\r\nthere\r\n\r\nOK\r\n", hdr, blank[b]);
			at_parser_init(&p);
			at_parser_command(&p, "AT+CMGR=1");
			for (off = 0, n = 0; off < len && n < 4; off += k) {
				k = at_parse(&p, buf + off, off + step > len ?
				    len - off : step, &ln);
				if (ln.kind == AT_NONE)
					continue;
				snprintf(got[n++], sizeof(got[0]), "%d:%.50s",
				    ln.kind, ln.text);
				if (ln.kind == AT_INFO && !ln.counted &&
				    strncmp(ln.text, "+CMGR:", 6) == 0)
					at_parser_raw(&p, 13);
			}
			if (!ok(n == 3 && strcmp(got[1],
			    "2:hi\r\nOK\r\nthere") == 0 && strcmp(got[2],
			    "4:OK") == 0, "counted body holding \"OK\"%s: one "
			    "line, then the final OK (reads of %zu)", b ?
			    " after a blank line" : "", step))
				while (n-- > 0)
					printf("#   got %s\n", got[n]);
		}
}

static void
test_escape(void)
{
	char out[128];
	FILE *fp;

	fp = fmemopen(out, sizeof(out), "w");
	put_escaped(fp, "a\nb\\c\033$(id)\x80", 12);
	fclose(fp);
	is_str(out, "a\\012b\\134c\\033$(id)\\200", "put_escaped");
	fp = fmemopen(out, sizeof(out), "w");
	put_safe(fp, "HUAWEI Mobile;rm -rf /\n");
	fclose(fp);
	is_str(out, "HUAWEI_Mobile_rm_-rf_/_", "put_safe");
}

/*
 * The sync: feed what a modem sends after ESC CR AT+CMEE? (the parser
 * told each command as at_sync tells it), a byte at a time; the sync
 * must end exactly before "NEXT", the start of what is ours.
 */
struct sync_case {
	const char	*what;
	const char	*modem;
	int		 probes;	/* ATS3? sent */
	int		 strays;	/* lines passed on as leftovers */
	int		 cmee;
};

static void
test_sync(void)
{
	static const struct sync_case c[] = {
		{ "+CMEE: 0, OK: one round trip",
		    "\r\n+CMEE: 0\r\n\r\nOK\r\n", 0, 0, 0 },
		{ "echo on, +CMEE: 1",
		    "AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n", 0, 0, 1 },
		{ "no read command: ERROR, then the probe's 013",
		    "\r\nERROR\r\n\r\n013\r\n\r\nOK\r\n", 1, 0, -1 },
		{ "no read command, echo on: +CME ERROR: 100",
		    "AT+CMEE?\r\r\n+CME ERROR: 100\r\nATS3?\r\r\n013\r\n"
		    "\r\nOK\r\n", 1, 0, -1 },
		{ "Huawei's COMMAND NOT SUPPORT, S3 as 13",
		    "\r\nCOMMAND NOT SUPPORT\r\n\r\n13\r\n\r\nOK\r\n", 1, 0,
		    -1 },
		{ "an aborted prompt's OK first: the probe tells it",
		    "\r\n> \r\nOK\r\n\r\n+CMEE: 1\r\n\r\nOK\r\n\r\n013\r\n"
		    "\r\nOK\r\n", 1, 1, 1 },
		{ "a late reply on a modem without the query",
		    "\r\n+CSQ: 17,99\r\n\r\nOK\r\n\r\nERROR\r\n\r\n013\r\n"
		    "\r\nOK\r\n", 1, 2, -1 },
		{ "a late ERROR, then +CMEE:, the probe refused",
		    "\r\nERROR\r\n\r\n+CMEE: 2\r\n\r\nOK\r\n\r\nERROR\r\n",
		    1, 0, 2 },
		{ "URCs around the answer",
		    "\r\n^RSSI:17\r\n\r\n+CMEE: 1\r\n\r\n^MODE:5,4\r\n"
		    "\r\nOK\r\n", 0, 2, 1 },
		{ "a late 013 before the probe is a leftover",
		    "\r\n013\r\n\r\nOK\r\n\r\nERROR\r\n\r\n013\r\n\r\nOK\r\n",
		    1, 2, -1 },
		{ "a second +CMEE: line is not the answer",
		    "\r\n+CMEE: 1\r\n\r\n+CMEE: 2\r\n\r\nOK\r\n", 0, 1, 1 },
	};
	struct at_sync_state st;
	struct at_parser p;
	struct at_line ln;
	char buf[256];
	size_t i, off, len;
	int probes, strays, done;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		len = (size_t)snprintf(buf, sizeof(buf), "%s\r\nNEXT\r\n",
		    c[i].modem);
		at_parser_init(&p);
		at_parser_command(&p, AT_SYNC_CMD);
		at_sync_begin(&st);
		probes = strays = done = 0;
		for (off = 0; off < len && !done; ) {
			off += at_parse(&p, buf + off, 1, &ln);
			if (ln.kind == AT_NONE)
				continue;
			switch (at_sync_line(&st, &ln)) {
			case AT_SYNC_MORE:
				break;
			case AT_SYNC_STRAY:
				strays++;
				break;
			case AT_SYNC_SEND_PROBE:
				probes++;
				at_parser_command(&p, AT_SYNC_PROBE);
				break;
			case AT_SYNC_DONE:
				done = 1;
				break;
			}
		}
		off += strspn(buf + off, "\r\n");
		ok(done && strcmp(buf + off, "NEXT\r\n") == 0,
		    "sync: %s: ends on our final", c[i].what);
		is_int(probes, c[i].probes, "sync: %s: probes", c[i].what);
		is_int(strays, c[i].strays, "sync: %s: leftovers", c[i].what);
		is_int(st.cmee, c[i].cmee, "sync: %s: +CMEE", c[i].what);
	}
}

/* Random bytes: no crash, no over-read (ASan), events well formed. */
static void
test_random(void)
{
	struct at_parser p;
	struct at_line ln;
	char buf[4096];
	size_t i, off, k;
	int round, bad = 0;

	srand(7);
	at_parser_init(&p);
	for (round = 0; round < 200; round++) {
		at_parser_command(&p, round % 2 ? "AT+CSQ" : NULL);
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (char)(rand() % 8 == 0 ? '\r' : rand() % 256);
		for (off = 0; off < sizeof(buf); off += k) {
			k = at_parse(&p, buf + off, sizeof(buf) - off, &ln);
			if (k == 0 || (ln.kind != AT_NONE &&
			    strlen(ln.text) != ln.len))
				bad++;
			if (k == 0)
				break;
		}
	}
	is_int(bad, 0, "random input: progress and well-formed lines");
}

int
main(void)
{
	test_transcripts();
	test_junk();
	test_nul();
	test_finals();
	test_error_texts();
	test_body_echo();
	test_counted_body();
	test_escape();
	test_sync();
	test_random();
	return tap_done();
}
