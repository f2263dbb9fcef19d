/*
 * lock: UUCP (HDB) style device locks, as cu(1), ppp(8), pppd and minicom
 * take them: a file LCK..<basename of device> in the lock directory,
 * holding the owner's pid as ten ASCII digits and a newline.  A lock whose
 * pid no longer exists is stale and is removed.
 */
#ifndef OOBM_LOCK_H
#define OOBM_LOCK_H

#include <sys/types.h>
#include <stddef.h>

#ifdef __linux__
#define LOCK_DIR_DEFAULT	"/var/lock"
#else
#define LOCK_DIR_DEFAULT	"/var/spool/lock"
#endif

/* The lock directory: $OOBM_LOCKDIR when set (tests), else the default. */
const char	*lock_dir(void);

/*
 * Lock device for this process.  On success returns 0 and the lock file's
 * path in lockpath.  On failure returns -1 with errno set: EBUSY when a
 * live process holds the lock (its pid in *holder), else the error of the
 * lock file operation that failed (lockpath names the file).
 */
int		 lock_acquire(const char *device, char *lockpath, size_t size,
		    pid_t *holder);

/* Remove a lock taken by lock_acquire(), only if it is still ours. */
void		 lock_release(const char *lockpath);

/*
 * Lock device under its name and, when that is a symbolic link
 * (devfs.conf's /dev/gps0 -> cuau0, a udev /dev/gsmmodem), under the name
 * it resolves to, which other programs use: two names, one device, one
 * user at a time.  paths[1] is "" when there is no second name.  0, or -1
 * as lock_acquire() with nothing held (paths[0] names the failing file).
 */
#define LOCK_PATH_MAX	1024
int		 lock_device(const char *device,
		    char paths[2][LOCK_PATH_MAX], pid_t *holder);
/* Release both; async-signal-safe. */
void		 lock_device_release(char paths[2][LOCK_PATH_MAX]);

/*
 * Remove every lock this process holds, or is taking: for a signal
 * handler (async-signal-safe), which needs no name from the caller, so
 * a signal may come at any time, none is held off.
 */
void		 lock_release_all(void);

/*
 * Parse a lock file's contents: an ASCII pid (HDB: "%10d\n"), or a 4-byte
 * binary one (Kermit, old UUCP) unless those 4 bytes read as an ASCII pid
 * and its newline ("123\n").  -1 if bad.
 */
pid_t		 lock_parse(const char *buf, size_t len);

#endif
