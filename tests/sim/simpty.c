#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simpty.h"

int
sim_pty_open(speed_t speed, const char *link, char *name, size_t size,
    const char **what)
{
	struct termios t;
	const char *slave;
	int m, s;

	*what = "pty";
	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1)
		return -1;
	if (grantpt(m) == -1 || unlockpt(m) == -1 ||
	    (slave = ptsname(m)) == NULL)
		goto fail;
	snprintf(name, size, "%s", slave);
	/* raw mode set once on the slave stays with the pty */
	*what = name;
	if ((s = open(name, O_RDWR | O_NOCTTY)) == -1)
		goto fail;
	if (tcgetattr(s, &t) == -1) {
		close(s);
		goto fail;
	}
	cfmakeraw(&t);
	if (speed != 0) {
		cfsetispeed(&t, speed);
		cfsetospeed(&t, speed);
	}
	if (tcsetattr(s, TCSANOW, &t) == -1) {
		close(s);
		goto fail;
	}
	close(s);
	if (fcntl(m, F_SETFL, O_NONBLOCK) == -1)
		goto fail;
	if (link != NULL) {
		*what = link;
		unlink(link);
		if (symlink(name, link) == -1)
			goto fail;
	}
	return m;
fail:
	s = errno;
	close(m);
	errno = s;
	return -1;
}

int
sim_pty_ready(const char *dir, const char *name, const char **what)
{
	static char path[1024], tmp[1024];	/* named in *what */
	FILE *fp;

	if (dir == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/pid", dir);
	*what = path;
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) == EOF)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/tty.tmp", dir);
	snprintf(path, sizeof(path), "%s/tty", dir);
	*what = tmp;
	if ((fp = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(fp, "%s\n", name);
	if (fclose(fp) == EOF || rename(tmp, path) == -1)
		return -1;
	return 0;
}
