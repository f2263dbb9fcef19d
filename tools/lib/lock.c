#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"

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

static pid_t
read_holder(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	return lock_parse(buf, (size_t)n);
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
	int tries, saved;

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
	if (write_tmp(tmp) == -1) {
		saved = errno;
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
		pid = read_holder(lockpath);
		if (pid <= 0) {
			/* Others create the file first and write it after. */
			usleep(200 * 1000);
			pid = read_holder(lockpath);
		}
		if (pid == getpid()) {
			unlink(tmp);
			return 0;
		}
		if (pid > 0 && alive(pid)) {
			*holder = pid;
			unlink(tmp);
			errno = EBUSY;
			return -1;
		}
		/* Stale (dead pid) or unreadable garbage: remove and retry. */
		if (unlink(lockpath) == -1 && errno != ENOENT)
			break;
	}
	saved = errno;
	unlink(tmp);
	errno = saved == EEXIST ? EBUSY : saved;
	return -1;
}

void
lock_release(const char *lockpath)
{
	if (lockpath[0] != '\0' && read_holder(lockpath) == getpid())
		unlink(lockpath);
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
