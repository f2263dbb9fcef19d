/*
 * atfloor: the floor under any poll of the SIM store.  Open the port raw,
 * write AT+CMGL=4 once, read until the final OK, print nothing.  No
 * library, no configuration, no locks, no decoding: what is left is the
 * cost of the process and of the round trip itself.  Built static.
 *
 * usage: atfloor DEVICE
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	static const char cmd[] = "AT+CMGL=4\r";
	static char buf[64 * 1024];
	struct termios t;
	struct pollfd p;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (argc != 2 || (fd = open(argv[1], O_RDWR | O_NOCTTY)) == -1)
		return 69;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	if (write(fd, cmd, sizeof(cmd) - 1) != (ssize_t)sizeof(cmd) - 1)
		return 69;
	p.fd = fd;
	p.events = POLLIN;
	while (poll(&p, 1, 5000) == 1 && len < sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\nOK\r\n") != NULL)
			return 0;
	}
	return 75;
}
