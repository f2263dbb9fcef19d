/*
 * t_lock: UUCP lock files as cu(1) and pppd expect them.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"
#include "tap.h"

static const char *dir;

static void
put_lock(const char *path, const char *text, size_t len)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (write(fd, text, len) != (ssize_t)len)
		perror(path);
	close(fd);
}

static pid_t
dead_pid(void)
{
	pid_t pid;

	if ((pid = fork()) == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void
test_parse(void)
{
	int32_t bin = 4321;

	is_int(lock_parse("      1234\n", 11), 1234, "HDB ASCII pid");
	is_int(lock_parse("1234", 4), 875770417, "4 bytes are binary (Kermit)");
	is_int(lock_parse((const char *)&bin, 4), 4321, "binary pid");
	is_int(lock_parse("abcde\n", 6), -1, "garbage");
	is_int(lock_parse("0\n", 2), -1, "pid 0");
	is_int(lock_parse("99999999999\n", 12), -1, "too large");
	is_int(lock_parse("", 0), -1, "empty");
	/* issue 14, item 2: a 3-digit pid and its newline are 4 bytes */
	is_int(lock_parse("123\n", 4), 123, "\"123\\n\" is ASCII pid 123, not binary");
	is_int(lock_parse(" 12\n", 4), 12, "\" 12\\n\" is ASCII pid 12");
}

static void
test_acquire(void)
{
	char path[1024], want[1024], buf[64];
	pid_t holder, pid;
	int fd, status;
	ssize_t n;

	snprintf(want, sizeof(want), "%s/LCK..cuaU1.0", dir);
	ok(lock_acquire("/dev/cuaU1.0", path, sizeof(path), &holder) == 0,
	    "lock taken");
	is_str(path, want, "LCK..<basename> in the lock directory");
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%10ld\n", (long)getpid());
	is_str(buf, want, "holds our pid as ten digits and a newline");

	if ((pid = fork()) == 0) {
		char p2[1024];
		pid_t h = -1;
		int r;

		r = lock_acquire("/dev/cuaU1.0", p2, sizeof(p2), &h);
		_exit(r == -1 && errno == EBUSY && h == getppid() ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "second process: EBUSY naming the holder");

	lock_release(path);
	ok(access(path, F_OK) == -1, "released lock is gone");
}

static void
test_stale(void)
{
	char path[1024], text[32];
	pid_t holder;

	snprintf(path, sizeof(path), "%s/LCK..ttyUSB2", dir);
	snprintf(text, sizeof(text), "%10ld\n", (long)dead_pid());
	put_lock(path, text, strlen(text));
	ok(lock_acquire("/dev/ttyUSB2", path, sizeof(path), &holder) == 0,
	    "lock of a dead pid is stale and replaced");
	lock_release(path);

	put_lock(path, "garbage", 7);
	ok(lock_acquire("/dev/ttyUSB2", path, sizeof(path), &holder) == 0,
	    "unreadable lock is replaced");
	lock_release(path);

	snprintf(text, sizeof(text), "%10ld\n", (long)getppid());
	put_lock(path, text, strlen(text));
	lock_release(path);
	ok(access(path, F_OK) == 0, "release leaves another's lock alone");
	ok(lock_acquire("/dev/ttyUSB2", path, sizeof(path), &holder) == -1 &&
	    errno == EBUSY && holder == getppid(), "live holder: EBUSY");
	unlink(path);
}

/*
 * Issue 14, item 2: a device reached by two names (a symbolic link, as
 * devfs.conf's /dev/gps0 -> cuau0) is locked under both, so a second
 * process using the other name finds it busy.
 */
static void
test_two_names(void)
{
	char paths[2][LOCK_PATH_MAX], dev[1024], link_[1024], want[1024];
	pid_t holder, pid;
	int status;

	snprintf(dev, sizeof(dev), "%s/cuau0", dir);
	snprintf(link_, sizeof(link_), "%s/gps0", dir);
	close(open(dev, O_WRONLY | O_CREAT, 0600));
	if (symlink("cuau0", link_) == -1)
		perror(link_);
	ok(lock_device(link_, paths, &holder) == 0, "gps0 -> cuau0: locked");
	snprintf(want, sizeof(want), "%s/LCK..cuau0", dir);
	ok(strcmp(paths[1], want) == 0 && access(want, F_OK) == 0,
	    "...under the name it resolves to as well");
	if ((pid = fork()) == 0) {
		char p2[2][LOCK_PATH_MAX];
		pid_t h = -1;

		_exit(lock_device(dev, p2, &h) == -1 && errno == EBUSY &&
		    h == getppid() ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "another process opening cuau0 finds it busy");
	lock_device_release(paths);
	ok(access(want, F_OK) == -1, "both released");
	ok(lock_device(dev, paths, &holder) == 0 && paths[1][0] == '\0',
	    "a plain device: one lock");
	lock_device_release(paths);
	unlink(link_);
	unlink(dev);
}

static void
test_unwritable(void)
{
	char path[1024];
	pid_t holder;

	setenv("OOBM_LOCKDIR", "/nonexistent/dir", 1);
	ok(lock_acquire("/dev/ttyUSB0", path, sizeof(path), &holder) == -1 &&
	    errno == ENOENT && strstr(path, "/nonexistent/dir/") == path,
	    "missing lock directory: error names the file");
	setenv("OOBM_LOCKDIR", dir, 1);
}

/*
 * Issue 37, item 1: what any account can leave in the lock directory is
 * not believed: a FIFO (opened without blocking), a second link to a
 * lock naming a live pid.  lock_release_all() finds what is held with no
 * name from the caller (a signal handler's way).
 */
static void
test_hostile(void)
{
	char path[1024], other[1024], text[32];
	pid_t holder;

	snprintf(path, sizeof(path), "%s/LCK..ttyUSB7", dir);
	ok(mkfifo(path, 0644) == 0, "a FIFO where the lock goes");
	ok(lock_acquire("/dev/ttyUSB7", path, sizeof(path), &holder) == 0,
	    "...not opened blocking, not believed: the lock taken");
	lock_release(path);
	ok(access(path, F_OK) == -1, "...and released");

	snprintf(other, sizeof(other), "%s/other", dir);
	snprintf(text, sizeof(text), "%10ld\n", (long)getppid());
	put_lock(other, text, strlen(text));
	ok(link(other, path) == 0, "a lock naming a live pid, with two links");
	ok(lock_acquire("/dev/ttyUSB7", path, sizeof(path), &holder) == 0,
	    "...not believed: the lock taken");
	unlink(other);

	lock_release_all();
	ok(access(path, F_OK) == -1, "lock_release_all: the lock held gone");
	ok(lock_acquire("/dev/ttyUSB7", path, sizeof(path), &holder) == 0,
	    "...and the name free again");
	lock_release(path);
}

/*
 * A kill between link(2) and the unlink(2) of the temporary: the lock has
 * two links then, its temporary's and its own, and lock_release_all() in
 * the handler must still remove it (it left it, believing no file with
 * two links).
 */
static void
test_killed_while_linking(void)
{
	char path[LOCK_PATH_MAX], tmp[LOCK_PATH_MAX];
	pid_t holder;

	ok(lock_acquire("/dev/ttyUSB8", path, sizeof(path), &holder) == 0,
	    "a lock taken");
	snprintf(tmp, sizeof(tmp), "%s/LTMP.%ld", dir, (long)getpid());
	ok(link(path, tmp) == 0, "...its temporary's link back, as before the "
	    "unlink(2)");
	lock_release_all();
	ok(access(path, F_OK) == -1,
	    "lock_release_all in that window: the lock gone");
	ok(access(tmp, F_OK) == -1, "...and its temporary");
}

int
main(void)
{
	dir = tap_tmpdir("t_lock");
	setenv("OOBM_LOCKDIR", dir, 1);
	is_str(lock_dir(), dir, "OOBM_LOCKDIR overrides the lock directory");
	test_parse();
	test_acquire();
	test_stale();
	test_two_names();
	test_unwritable();
	test_hostile();
	test_killed_while_linking();
	return tap_done();
}
