/*
 * t_hilink: the HiLink API's answers and requests (hilink.h), from the
 * captures docs/hilink.md cites: an sms-list of an E3372 (weselow's
 * E3372s-153 captures; Narf-AI's tests), SesTokInfo with and without
 * "SessionID=", an <error>, <response>OK</response>, CESU-8 from the
 * stick (huawei-lte-api's cesu8_fix), and what the reader must refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hilink.h"
#include "sms.h"
#include "tap.h"

static struct hl_answer *
read_str(const char *xml)
{
	struct hl_answer *a;

	return hl_read(xml, strlen(xml), &a) == 0 ? a : NULL;
}

static void
test_answers(void)
{
	struct hl_answer *a;

	a = read_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<response><SesInfo>SessionID=abc</SesInfo><TokInfo>"
	    "TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq</TokInfo></response>");
	ok(a != NULL && a->error == 0 && !a->ok, "SesTokInfo: a response");
	is_str(a ? hl_get(a, "TokInfo", 0) : NULL,
	    "TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq", "...its token");
	hl_free(a);
	a = read_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
	    "<error>\r\n<code>125002</code>\r\n<message></message>\r\n"
	    "</error>\r\n");
	ok(a != NULL && a->error == 125002, "an <error>: its code");
	ok(hl_error_session(125002) && !hl_error_session(100004),
	    "125002 wants a new session, 100004 does not");
	is_str(a ? hl_get(a, "message", 0) : NULL, "", "...an empty message");
	hl_free(a);
	a = read_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<response>OK</response>");
	ok(a != NULL && a->ok && a->n == 0, "<response>OK</response>");
	hl_free(a);
	a = read_str("<response><dataswitch>1</dataswitch></response>");
	ok(a != NULL && !a->ok, "a response with fields is not OK");
	is_str(a ? hl_get(a, "dataswitch", 0) : NULL, "1", "...dataswitch 1");
	hl_free(a);
	a = read_str("<response><ConnectionStatus>901</ConnectionStatus>"
	    "<WanIPAddress>10.115.89.118</WanIPAddress><PrimaryDns>"
	    "192.168.104.3</PrimaryDns></response>");
	is_str(a ? hl_get(a, "ConnectionStatus", 0) : NULL, "901",
	    "monitoring/status: connected");
	ok(a != NULL && hl_get(a, "SignalIcon", 0) == NULL,
	    "a field it does not have: NULL");
	hl_free(a);
	a = read_str("<response><Content>A &amp; &lt;B&gt; &#228;</Content>"
	    "</response>");
	is_str(a ? hl_get(a, "Content", 0) : NULL, "A & <B> \xc3\xa4",
	    "XML's entities and a character reference resolved");
	hl_free(a);
}

static void
test_refused(void)
{
	static const char *const bad[] = {
		"",
		"<html><body>login</body></html>",
		"<response><a>1</a>",
		"<error><code>x</code></error>",
		"<error><message>no code</message></error>",
		"<!DOCTYPE response [<!ENTITY a \"aaaa\">]><response>&a;</response>",
		"<response><a><b><c><d>5 deep</d></c></b></a></response>",
		"<response>\x01</response>",
		"<response><Content>\xff</Content></response>",
	};
	struct hl_answer *a;
	char *big;
	size_t n = HL_ANSWER_MAX + 1;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(hl_read(bad[i], strlen(bad[i]), &a) == -1 && a == NULL,
		    "refused: %zu", i);
	}
	if ((big = malloc(n)) == NULL)
		exit(1);
	memset(big, ' ', n);
	memcpy(big, "<response>", 10);
	memcpy(big + n - 11, "</response>", 11);
	ok(hl_read(big, n, &a) == -1, "longer than HL_ANSWER_MAX: refused");
	free(big);
}

static void
test_sms_list(void)
{
	struct hl_answer *a;
	struct hl_sms m[4];
	long count = -2;
	int n;

	a = read_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<response><Count>2</Count><Messages>\n"
	    " <Message><Smstat>0</Smstat><Index>40003</Index><Phone>"
	    "+48616673870</Phone><Content>Test message 1</Content><Date>"
	    "2025-06-09 17:08:58</Date><Sca></Sca><SaveType>0</SaveType>"
	    "<Priority>0</Priority><SmsType>1</SmsType></Message>\n"
	    " <Message><Smstat>1</Smstat><Index>40002</Index><Phone>3350"
	    "</Phone><Content>correct-horse UP</Content><Date>"
	    "2025-06-09 17:00:00</Date><Sca></Sca><SaveType>0</SaveType>"
	    "<Priority>0</Priority><SmsType>5</SmsType></Message>"
	    "</Messages></response>");
	n = a == NULL ? -2 : hl_sms_list(a, m, 4, &count);
	is_int(n, 2, "sms-list: two messages");
	is_int(count, 2, "...Count 2");
	ok(n == 2 && m[0].index == 40003 && m[0].stat == 0 &&
	    strcmp(m[0].phone, "+48616673870") == 0 &&
	    strcmp(m[0].content, "Test message 1") == 0 &&
	    strcmp(m[0].date, "2025-06-09 17:08:58") == 0,
	    "...the first as the stick gave it");
	ok(n == 2 && m[1].index == 40002 && m[1].stat == 1 &&
	    strcmp(m[1].phone, "3350") == 0, "...the second, read");
	is_int(a == NULL ? -2 : hl_sms_list(a, m, 1, &count), 1,
	    "at most max");
	hl_free(a);
	a = read_str("<response><Count>0</Count><Messages></Messages>"
	    "</response>");
	is_int(a == NULL ? -2 : hl_sms_list(a, m, 4, &count), 0,
	    "an empty inbox");
	hl_free(a);
	a = read_str("<response><Messages><Message><Index>7</Index><Phone>1"
	    "</Phone><Content></Content><Date>2026-01-01 00:00:00</Date>"
	    "</Message></Messages></response>");
	ok(a != NULL && hl_sms_list(a, m, 4, &count) == 1 && count == -1 &&
	    m[0].stat == -1 && *m[0].content == '\0',
	    "no Count, no Smstat, an empty Content (some firmware)");
	hl_free(a);
	a = read_str("<response><Count>1</Count><Messages><Message><Index>"
	    "x</Index><Phone>1</Phone><Content>a</Content><Date>d</Date>"
	    "</Message></Messages></response>");
	is_int(a == NULL ? -2 : hl_sms_list(a, m, 4, &count), -1,
	    "an Index not a number: malformed");
	hl_free(a);
	a = read_str("<response><Count>1</Count><Messages><Message><Index>"
	    "3</Index><Content>a</Content><Date>d</Date></Message>"
	    "</Messages></response>");
	is_int(a == NULL ? -2 : hl_sms_list(a, m, 4, &count), -1,
	    "no Phone: malformed");
	hl_free(a);
}

static void
test_cesu8(void)
{
	/* U+1F600 as CESU-8 (ED A0 BD ED B8 80), then a lone high half */
	char s[] = "a\xed\xa0\xbd\xed\xb8\x80" "b\xed\xa0\xbd" "c";
	struct hl_answer *a;
	size_t n;

	n = hl_cesu8_fix(s, strlen(s));
	ok(n == 10 && memcmp(s, "a\xf0\x9f\x98\x80" "b\xef\xbf\xbd" "c",
	    n) == 0, "CESU-8: a pair into UTF-8's four bytes, a lone half "
	    "into U+FFFD");
	a = read_str("<response><Content>\xed\xa0\xbd\xed\xb8\x80"
	    "</Content></response>");
	is_str(a ? hl_get(a, "Content", 0) : NULL, "\xf0\x9f\x98\x80",
	    "an answer with CESU-8 is read, the emoji UTF-8");
	hl_free(a);
}

static void
test_requests(void)
{
	char buf[1024], small[16];

	ok(hl_req_sms_list(buf, sizeof(buf), 1, 20) == 0 &&
	    strstr(buf, "<request><PageIndex>1</PageIndex><ReadCount>20"
	    "</ReadCount><BoxType>1</BoxType><SortType>0</SortType>"
	    "<Ascending>0</Ascending><UnreadPreferred>0</UnreadPreferred>"
	    "</request>") != NULL, "sms-list: the web UI's order");
	ok(hl_req_index(buf, sizeof(buf), 40001) == 0 &&
	    strstr(buf, "<request><Index>40001</Index></request>") != NULL,
	    "delete-sms");
	ok(hl_req_send(buf, sizeof(buf), "+46701234567", "up <5> & \xc3\xa4",
	    "2026-12-07 04:20:00") == 0 && strstr(buf, "<request><Index>-1"
	    "</Index><Phones><Phone>+46701234567</Phone></Phones><Sca></Sca>"
	    "<Content>up &lt;5&gt; &amp; \xc3\xa4</Content><Length>10</Length>"
	    "<Reserved>1</Reserved><Date>2026-12-07 04:20:00</Date>"
	    "</request>") != NULL, "send-sms: escaped, its length in "
	    "characters");
	ok(hl_req_send(buf, sizeof(buf), "+4670", "a\x01", "d") == -1,
	    "a control character cannot be sent");
	ok(hl_req_dataswitch(buf, sizeof(buf), 1) == 0 &&
	    strstr(buf, "<request><dataswitch>1</dataswitch></request>") !=
	    NULL, "mobile-dataswitch on");
	ok(hl_req_sms_list(small, sizeof(small), 1, 20) == -1,
	    "too small a buffer: -1");
	ok(hl_escape("\"'", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "&quot;&apos;") == 0, "quotes escaped");
	ok(hl_escape("abc", small, 3) == -1, "no room for the NUL: -1");
}

static void
test_session(void)
{
	char id[160], tok[HL_TOKEN_LEN + 1], toks[4][HL_TOKEN_LEN + 1];

	ok(hl_session_id("SessionID=6MOMvUWALNM6", id, sizeof(id)) == 0 &&
	    strcmp(id, "6MOMvUWALNM6") == 0, "SesInfo with SessionID=");
	ok(hl_session_id("6MOMvUWALNM6", id, sizeof(id)) == 0 &&
	    strcmp(id, "6MOMvUWALNM6") == 0, "SesInfo bare (some firmware)");
	ok(hl_session_id("a;b", id, sizeof(id)) == -1 &&
	    hl_session_id("a b", id, sizeof(id)) == -1 &&
	    hl_session_id("SessionID=", id, sizeof(id)) == -1,
	    "a cookie that would end the header, or none: refused");
	ok(hl_token("TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq", tok) == 0 &&
	    strcmp(tok, "TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq") == 0,
	    "a token of 32");
	ok(hl_token("0123456789abcdefghij0123456789abTEQxGdHf0jU3w0B0o2WtL3me"
	    "QrcPRJxq", tok) == 0 &&
	    strcmp(tok, "TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq") == 0,
	    "a longer one: its last 32");
	ok(hl_token("short", tok) == -1, "a short one: refused");
	ok(hl_token("TEQxGdHf0jU3w0B0o2WtL3meQrcPRJx;", tok) == -1,
	    "a token with what a header must not carry: refused");
	is_int(hl_tokens("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#bbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbb#x#cccccccccccccccccccccccccccccccc", toks, 4), 3,
	    "a '#' list: its tokens, the malformed one left out");
	ok(strcmp(toks[2], "cccccccccccccccccccccccccccccccc") == 0,
	    "...in order");
	is_int(hl_tokens("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#bbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbb", toks, 1), 1, "...at most max");
}

static void
test_to_sms(void)
{
	struct hl_sms h = { 40001, 0, "+46701234567", "correct-horse UP 5",
	    "2026-12-07 10:00:00" };
	char long_text[400];
	struct sms m;

	is_int(hl_sms_to_sms(&h, 60, &m), SMS_OK, "a message: as an SMS");
	ok(m.type == SMS_DELIVER && m.addr_toa == 0x91 &&
	    strcmp(m.addr, "+46701234567") == 0 && m.textlen == 18 &&
	    strcmp(m.text, "correct-horse UP 5") == 0 && m.has_time &&
	    m.concat_total == 0 && !m.truncated,
	    "...received, international, its text whole");
	is_int(sms_time_unix(&m.time), 1796637600LL - 3600,
	    "...its date the stick's local time, an hour east of UTC");
	h.phone = "0701234567";
	hl_sms_to_sms(&h, 0, &m);
	is_int(m.addr_toa, 0x81, "a national number");
	h.phone = "Telia";
	hl_sms_to_sms(&h, 0, &m);
	is_int(m.addr_toa, 0xd0, "a name: alphanumeric");
	h.date = "2026-12-07T10:00:00";
	ok(hl_sms_to_sms(&h, 0, &m) == SMS_ETIME && !m.has_time,
	    "a date not the stick's form: no time stamp");
	h.date = "2026-13-07 10:00:00";
	is_int(hl_sms_to_sms(&h, 0, &m), SMS_ETIME, "month 13: refused");
	h.date = "2026-12-07 10:00:00";
	memset(long_text, 'a', 200);
	long_text[200] = '\0';
	h.content = long_text;
	ok(hl_sms_to_sms(&h, 0, &m) == SMS_OK && m.concat_total == 2,
	    "200 characters: joined from parts, marked so");
}

/* The expected values made with coreutils' sha256sum and base64 */
static void
test_login(void)
{
	char out[256];

	ok(hl_password(4, "admin", "secret",
	    "TEQxGdHf0jU3w0B0o2WtL3meQrcPRJxq", out, sizeof(out)) == 0,
	    "password_type 4");
	is_str(out, "YjBhZTBmZmMzYjAwZGU0OGM5YmYzYTllY2IzY2RlMmQ3YTAyZWE0ZTlh"
	    "NjJlY2VkMjhlZDQxYmE5NGJiZTIzYw==", "...the web UI's encoding");
	ok(hl_password(0, "admin", "pa&ss", "", out, sizeof(out)) == 0,
	    "another type");
	is_str(out, "cGEmc3M=", "...base64 of the password");
	ok(hl_password(4, "admin", "secret", "x", out, 20) == -1,
	    "no room: -1");
	ok(hl_req_login(out, sizeof(out), "ad<min", "cGEmc3M=", 4) == 0 &&
	    strstr(out, "<request><Username>ad&lt;min</Username><Password>"
	    "cGEmc3M=</Password><password_type>4</password_type></request>") !=
	    NULL, "the login request, escaped");
}

int
main(void)
{
	test_answers();
	test_refused();
	test_sms_list();
	test_cesu8();
	test_requests();
	test_session();
	test_to_sms();
	test_login();
	is_str(hl_error_text(113018), "SMS: busy", "113018 in words");
	return tap_done();
}
