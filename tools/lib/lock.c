#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"

/*
 * The locks this process takes, by name, for lock_release_all() in a
 * signal handler: a name is written here before link(2) can make its
 * file, its first byte last, so a handler sees a whole name or none.
 */
#define HELD_MAX	4
static char held[HELD_MAX][LOCK_PATH_MAX];

/*
 * The temporary a lock is linked from (LTMP.<pid>), for the same handler:
 * between link(2) and the unlink(2) of the temporary the lock has two
 * links, and read_holder() believes no such file, ours included.  The
 * handler removes the temporary first; a kill in that window left the
 * lock behind (atcmd.sh t_signal_releases_lock, one run in some dozens).
 */
static char held_tmp[LOCK_PATH_MAX];

static void
hold_tmp(const char *tmp)
{
	size_t len = strlen(tmp);

	if (len == 0 || len >= sizeof(held_tmp))
		return;
	held_tmp[0] = '\0';
	atomic_signal_fence(memory_order_seq_cst);
	memcpy(held_tmp + 1, tmp + 1, len);
	atomic_signal_fence(memory_order_seq_cst);
	held_tmp[0] = tmp[0];
}

static int
hold(const char *lockpath)
{
	size_t len = strlen(lockpath);
	int i;

	for (i = 0; i < HELD_MAX; i++)
		if (held[i][0] == '\0')
			break;
	if (i == HELD_MAX || len == 0 || len >= LOCK_PATH_MAX)
		return -1;
	memcpy(held[i] + 1, lockpath + 1, len);
	atomic_signal_fence(memory_order_seq_cst);
	held[i][0] = lockpath[0];
	return i;
}

static void
unhold(int i)
{
	if (i >= 0 && i < HELD_MAX)
		held[i][0] = '\0';
}

const char *
lock_dir(void)
{
	const char *dir;

	dir = getenv("OOBM_LOCKDIR");
	return (dir != NULL && *dir != '\0') ? dir : LOCK_DIR_DEFAULT;
}

pid_t
lock_parse(const char *buf, size_t len)
{
	long pid = 0;
	size_t i = 0;
	int32_t bin;

	/* Kermit and old UUCP wrote the pid as a binary int. */
	if (len == sizeof(bin) && !(buf[len - 1] == '\n' &&
	    strspn(buf, " 0123456789") == len - 1)) {
		memcpy(&bin, buf, sizeof(bin));
		return bin > 0 ? (pid_t)bin : -1;
	}
	while (i < len && buf[i] == ' ')
		i++;
	if (i == len || buf[i] < '0' || buf[i] > '9')
		return -1;
	for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
		pid = pid * 10 + (buf[i] - '0');
		if (pid > 0x7fffffffL)
			return -1;
	}
	if (i < len && buf[i] != '\n')
		return -1;
	return pid > 0 ? (pid_t)pid : -1;
}

/*
 * The pid a lock file names, if the file may be believed: a regular file
 * with one link, owned by root, by uucp (whose programs take these locks)
 * or by us.  The lock directory (/run/lock, /var/spool/lock) is writable
 * by every account: a FIFO left there would block a plain open(2) for
 * ever, and a file naming pid 1 would hold the device for ever.  So the
 * file is opened without following a link and without blocking, and
 * judged by fstat(2), never by its name.  -1 for anything else: the
 * caller takes it for stale.  Async-signal-safe when uucp is -1.
 */
static pid_t
read_holder(const char *path, uid_t uucp)
{
	struct stat st;
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (st.st_uid != 0 && st.st_uid != geteuid() &&
	    (uucp == (uid_t)-1 || st.st_uid != uucp))) {
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	return lock_parse(buf, (size_t)n);
}

/* uucp's uid, or -1: whose locks are believed besides root's and ours */
static uid_t
uucp_uid(void)
{
	const struct passwd *pw;

	return (pw = getpwnam("uucp")) != NULL ? pw->pw_uid : (uid_t)-1;
}

static int
alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

static int
write_tmp(const char *tmp)
{
	char buf[16];
	int fd, len;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0644)) == -1)
		return -1;
	len = snprintf(buf, sizeof(buf), "%10ld\n", (long)getpid());
	if (write(fd, buf, (size_t)len) != len) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	return close(fd);
}

int
lock_acquire(const char *device, char *lockpath, size_t size, pid_t *holder)
{
	char tmp[1024];
	const char *base;
	pid_t pid;
	uid_t uucp = uucp_uid();
	int tries, saved, slot;

	*holder = -1;
	base = strrchr(device, '/');
	base = base != NULL ? base + 1 : device;
	if (*base == '\0' ||
	    (size_t)snprintf(lockpath, size, "%s/LCK..%s", lock_dir(), base)
	    >= size ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/LTMP.%ld", lock_dir(),
	    (long)getpid()) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* Stale temporary of an earlier process with our pid. */
	unlink(tmp);
	hold_tmp(tmp);
	if ((slot = hold(lockpath)) == -1) {
		errno = ENOMEM;
		return -1;
	}
	if (write_tmp(tmp) == -1) {
		saved = errno;
		unhold(slot);
		snprintf(lockpath, size, "%s", tmp);
		errno = saved;
		return -1;
	}
	/* link(2) is atomic even over NFS; O_EXCL on the lock itself is not. */
	for (tries = 0; tries < 3; tries++) {
		if (link(tmp, lockpath) == 0) {
			unlink(tmp);
			return 0;
		}
		if (errno != EEXIST)
			break;
		pid = read_holder(lockpath, uucp);
		if (pid <= 0) {
			/* Others create the file first and write it after. */
			usleep(200 * 1000);
			pid = read_holder(lockpath, uucp);
		}
		if (pid == getpid()) {
			unlink(tmp);
			return 0;
		}
		if (pid > 0 && alive(pid)) {
			*holder = pid;
			unlink(tmp);
			unhold(slot);
			errno = EBUSY;
			return -1;
		}
		/*
		 * Stale (dead pid), garbage, or not to be believed (not a
		 * regular file of root, uucp or ours): remove and retry.
		 */
		if (unlink(lockpath) == -1 && errno != ENOENT)
			break;
	}
	saved = errno;
	unlink(tmp);
	unhold(slot);
	errno = saved == EEXIST ? EBUSY : saved;
	return -1;
}

void
lock_release(const char *lockpath)
{
	int i;

	if (lockpath[0] == '\0')
		return;
	if (read_holder(lockpath, (uid_t)-1) == getpid())
		unlink(lockpath);
	for (i = 0; i < HELD_MAX; i++)
		if (held[i] != lockpath && strcmp(held[i], lockpath) == 0)
			unhold(i);
}

void
lock_release_all(void)
{
	int i;

	if (held_tmp[0] != '\0')
		unlink(held_tmp);
	for (i = 0; i < HELD_MAX; i++)
		if (held[i][0] != '\0' &&
		    read_holder(held[i], (uid_t)-1) == getpid())
			unlink(held[i]);
}

static const char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

int
lock_device(const char *device, char paths[2][LOCK_PATH_MAX], pid_t *holder)
{
	char real[PATH_MAX];
	int saved;

	paths[1][0] = '\0';
	if (lock_acquire(device, paths[0], LOCK_PATH_MAX, holder) == -1)
		return -1;
	if (realpath(device, real) == NULL ||
	    strcmp(base_name(real), base_name(device)) == 0)
		return 0;
	if (lock_acquire(real, paths[1], LOCK_PATH_MAX, holder) == -1) {
		saved = errno;
		lock_release(paths[0]);
		memcpy(paths[0], paths[1], LOCK_PATH_MAX);
		paths[1][0] = '\0';
		errno = saved;
		return -1;
	}
	return 0;
}

void
lock_device_release(char paths[2][LOCK_PATH_MAX])
{
	lock_release(paths[1]);
	lock_release(paths[0]);
}
