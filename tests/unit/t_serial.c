/*
 * t_serial: the serial layer and the AT session on a pty, with this
 * process (or a forked child) playing the modem on the master side.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "at.h"
#include "serial.h"
#include "tap.h"
#include "util.h"

static const char *dir;

static int
open_master(char *slave, size_t size)
{
	int fd;

	fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd == -1 || grantpt(fd) == -1 || unlockpt(fd) == -1)
		return -1;
	snprintf(slave, size, "%s", ptsname(fd));
	return fd;
}

/* Read from the master until want is seen or 2 s pass. */
static int
master_expect(int fd, const char *want, char *got, size_t size)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t deadline = mono_ms() + 2000;
	size_t len = 0;
	ssize_t n;

	got[0] = '\0';
	while (strstr(got, want) == NULL && ms_left(deadline) > 0) {
		if (poll(&pfd, 1, ms_left(deadline)) <= 0)
			break;
		if ((n = read(fd, got + len, size - len - 1)) <= 0)
			break;
		len += (size_t)n;
		got[len] = '\0';
	}
	return strstr(got, want) != NULL;
}

static void
put_master(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		perror("write master");
}

static void
test_open_errors(void)
{
	struct serial_err e;
	char path[1100];

	ok(serial_open("/nonexistent/ttyX", 115200, &e) == NULL &&
	    e.code == ENOENT && strcmp(e.msg, "no such device") == 0,
	    "missing device: %s", e.msg);
	ok(serial_open("/dev/null", 115200, &e) == NULL &&
	    e.code == ENOTTY && strstr(e.msg, "not a terminal") != NULL,
	    "not a tty: %s", e.msg);
	ok(serial_open("/dev/null", 12345, &e) == NULL && e.code == EINVAL,
	    "unsupported speed refused: %s", e.msg);
	snprintf(path, sizeof(path), "%s/LCK..null", dir);
	ok(access(path, F_OK) == -1, "failed open leaves no lock behind");
}

static void
test_io(void)
{
	struct serial_err e;
	struct serial *s;
	char slave[128], buf[256], lock[1100];
	int64_t t0;
	ssize_t n;
	int m;
	pid_t pid;
	int status;

	m = open_master(slave, sizeof(slave));
	s = serial_open(slave, 115200, &e);
	if (!ok(s != NULL, "pty opens: %s", s ? serial_backend(s) : e.msg))
		return;
	is_str(serial_backend(s), "termios", "libserialport declines a pty");
	ok(*serial_why(s) != '\0', "and says why: %s", serial_why(s));

	put_master(m, "hello");
	n = serial_read(s, buf, sizeof(buf), 1000);
	ok(n == 5 && memcmp(buf, "hello", 5) == 0, "read what arrived");

	t0 = mono_ms();
	n = serial_read(s, buf, sizeof(buf), 300);
	t0 = mono_ms() - t0;
	ok(n == 0 && t0 >= 280 && t0 < 1000,
	    "read times out after its deadline (%lld ms)", (long long)t0);

	ok(serial_write(s, "AT\r", 3, 1000) == 0 &&
	    master_expect(m, "AT\r", buf, sizeof(buf)), "write arrives");

	if ((pid = fork()) == 0) {
		struct serial_err e2;

		_exit(serial_open(slave, 115200, &e2) == NULL &&
		    e2.code == EBUSY && e2.holder == getppid() &&
		    strstr(e2.msg, "device busy (locked by pid") ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "second open of a locked port: busy, holder named");

	close(m);
	n = serial_read(s, buf, sizeof(buf), 1000);
	ok(n == -1 && errno == EIO, "hang-up reads as EIO");
	snprintf(lock, sizeof(lock), "%s/LCK..%s", dir,
	    strrchr(slave, '/') + 1);
	ok(access(lock, F_OK) == 0, "lock held while open");
	serial_close(s);
	ok(access(lock, F_OK) == -1, "lock removed at close");
}

/* The modem side of a two-stage command (AT+CMGS), in a child. */
static void
play_cmgs(int m, int send_prompt_then_wait_body)
{
	char got[1024];

	if (!master_expect(m, "AT+CMGS=3\r", got, sizeof(got)))
		_exit(2);
	/* echo, prompt, and a URC right after it, as real modems do */
	put_master(m, "AT+CMGS=3\r\r\n> \r\n+CMTI: \"SM\",4\r\n");
	if (send_prompt_then_wait_body) {
		if (!master_expect(m, "001100\032", got, sizeof(got)))
			_exit(3);
		put_master(m, "001100\032\r\n+CMGS: 42\r\n\r\nOK\r\n");
	} else {
		if (!master_expect(m, "\033", got, sizeof(got)))
			_exit(4);
		put_master(m, "\r\nOK\r\n");
	}
	_exit(0);
}

struct urcs {
	int	 n;
	char	 last[128];
};

static void
count_urc(void *arg, enum at_kind kind, const char *line, size_t len)
{
	struct urcs *u = arg;

	(void)len;
	if (kind == AT_URC) {
		u->n++;
		snprintf(u->last, sizeof(u->last), "%s", line);
	}
}

static void
test_two_stage(int with_body)
{
	struct serial_err e;
	struct at_reply r;
	struct serial *s;
	struct urcs u = { 0, "" };
	struct at a;
	char slave[128];
	int m, rv, status;
	pid_t pid;

	m = open_master(slave, sizeof(slave));
	s = serial_open(slave, 115200, &e);
	if ((pid = fork()) == 0)
		play_cmgs(m, with_body);
	at_init(&a, s, count_urc, &u);
	rv = at_command(&a, "AT+CMGS=3", with_body ? "001100" : NULL, 5000,
	    &r);
	waitpid(pid, &status, 0);
	is_int(WEXITSTATUS(status), 0, "modem side saw what it expected");
	if (with_body) {
		ok(rv == 0 && r.final == AT_OK && r.body_sent &&
		    r.nlines == 1 && strcmp(r.lines[0], "+CMGS: 42") == 0,
		    "prompt answered with the body, +CMGS: 42 returned");
	} else {
		ok(rv == 0 && r.final == AT_ERROR && !r.body_sent &&
		    strstr(r.final_text, "prompt aborted") != NULL,
		    "prompt without a body is aborted with ESC: %s",
		    r.final_text);
	}
	ok(u.n == 1 && strcmp(u.last, "+CMTI: \"SM\",4") == 0,
	    "+CMTI right after the prompt reported as a URC");
	at_reply_free(&r);
	serial_close(s);
	close(m);
}

static void
test_timeout(void)
{
	struct serial_err e;
	struct at_reply r;
	struct serial *s;
	struct at a;
	char slave[128];
	int64_t t0;
	int m, rv;

	m = open_master(slave, sizeof(slave));
	s = serial_open(slave, 115200, &e);
	at_init(&a, s, NULL, NULL);
	t0 = mono_ms();
	rv = at_command(&a, "AT", NULL, 500, &r);
	t0 = mono_ms() - t0;
	ok(rv == -1 && errno == ETIMEDOUT && t0 >= 480 && t0 < 1500,
	    "silent modem: ETIMEDOUT after the deadline (%lld ms)",
	    (long long)t0);
	ok(at_command(&a, "AT\rATZ", NULL, 500, &r) == -1 && errno == EINVAL,
	    "a CR inside a command is refused");
	serial_close(s);
	close(m);
}

int
main(void)
{
	dir = tap_tmpdir("t_serial");
	setenv("OOBM_LOCKDIR", dir, 1);
	test_open_errors();
	test_io();
	test_two_stage(1);
	test_two_stage(0);
	test_timeout();
	return tap_done();
}
