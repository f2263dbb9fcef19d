/*
 * modemsim.h: what the modem core (modemsim.c), its SMS store
 * (simsms.c) and its data call on the USB network function (simnet.c)
 * share.
 */
#ifndef MODEMSIM_H
#define MODEMSIM_H

#include <stddef.h>

/* modemsim.c: output to the client, framed as ATV1 frames it */
void	respond(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	final_ok(void);
void	put(const char *s, size_t len);
void	puts_raw(const char *s);
/* ERROR, +CME ERROR: n or +CME ERROR: text, as AT+CMEE asks */
void	cme_error(int n, const char *text);
extern int sim_echo;
/* URCs come out on this port (a Quectel's AT+QURCCFG="urcport") */
int	sim_urcs_here(void);
/* SMS go through the network (-M lte-nosms: not) */
extern int sim_sms_service;
/* -I: the inbox held until this command ("+CMGL"), taken in its answer */
extern const char *sim_arrive_in;

/* simsms.c: the SMS store in the state directory */
void	sms_init(const char *dir, int capacity);
int	sms_command(const char *cmd);	/* after "AT"; 1 if handled */
int	sms_prompting(void);
void	sms_body_byte(char ch);
void	sms_poll(void);
void	sms_arrive_now(void);	/* before a final result: -I's moment */
void	sms_reset(void);
/* A predecessor's AT+CMGS prompt, its abort answered late_ms late. */
void	sms_leftover_prompt(int late_ms);
void	sleep_ms(int ms);
int	sms_inject(const char *dir, const char *sender, const char *scts,
	    const char *concat, int ucs2, int alnum, const char *text);

/* modemsim.c: what a data call needs of the modem */
long long	 sim_now_ms(void);
int	sim_can_dial(void);	/* radio on, SIM ready, registered */
const char *sim_apn(void);	/* AT+CGDCONT's */
int	sim_quectel(void);

/* simnet.c: the data call on the modem's own USB network function */
enum sim_dial { SD_NONE, SD_NDIS, SD_QCRMCALL };
void	net_init(const char *dir, enum sim_dial, const char *hook,
	    const char *want_apn);
int	net_command(const char *cmd);	/* after "AT"; 1 if handled */
void	net_poll(void);
void	net_reset(void);
void	net_save(void);
void	net_flush(void);
extern int sim_hold_urcs;	/* -b */
extern int sim_usbnet;		/* -n: AT+QCFG="usbnet", 0 RmNet */

#endif
