#!/usr/bin/python3
"""A poll as the seed would write it, in Python with pyserial: the
bench's reference for what a script-language poller costs.  The AT
dialogue as a script writes it (ESC CR, then the commands, each read as
soon as bytes arrive until its final result: no quiet window, no sync),
CMEE, CMGF=0, CPMS, CMGL=4, CMGD for what is rejected; PDU decoding
(GSM 7-bit with the default alphabet, UCS-2), the allow list and the
passphrase, the same output line as smspoll.

usage: pypoll.py DEVICE ALLOWED_SENDER PASSPHRASE
"""
import sys
import time

import serial

GSM7 = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;"
        "<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")


class Modem:
    def __init__(self, dev):
        self.port = serial.Serial(dev, 115200, timeout=0.025)
        self.port.write(b"\x1b\r")
        self.port.reset_input_buffer()

    def command(self, cmd, timeout=10.0):
        self.port.write(cmd.encode() + b"\r")
        lines, buf = [], b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            buf += self.port.read(max(1, self.port.in_waiting))
            while b"\r\n" in buf:
                line, buf = buf.split(b"\r\n", 1)
                line = line.decode("latin-1").strip()
                if not line or line == cmd:
                    continue
                if line in ("OK", "ERROR") or line.startswith("+CMS ERROR") \
                        or line.startswith("+CME ERROR"):
                    return line, lines
                if line[0] == "^":          # Huawei URC
                    continue
                lines.append(line)
        raise TimeoutError(cmd)


def semi_octets(h):
    s = "".join(h[i + 1] + h[i] for i in range(0, len(h), 2))
    return s.rstrip("F")


def unpack7(data, n, skip_bits=0):
    bits = int.from_bytes(data, "little")
    bits >>= skip_bits
    out = []
    for i in range(n):
        c = (bits >> (7 * i)) & 0x7F
        out.append(GSM7[c] if c < len(GSM7) else "?")
    return "".join(out)


def decode_deliver(pdu):
    b = bytes.fromhex(pdu)
    i = b[0] + 1                        # SMSC
    first = b[i]
    i += 1
    oa_len, toa = b[i], b[i + 1]
    oa = semi_octets(b[i + 2:i + 2 + (oa_len + 1) // 2].hex().upper())
    if toa & 0x70 == 0x10:
        oa = "+" + oa
    i += 2 + (oa_len + 1) // 2
    dcs = b[i + 1]
    scts = semi_octets(b[i + 2:i + 9].hex().upper())
    i += 9
    udl = b[i]
    ud = b[i + 1:]
    udh = 0
    if first & 0x40:
        udh = ud[0] + 1
    if dcs & 0x0C == 0x08:
        text = ud[udh:udl].decode("utf-16-be")
    else:
        skip = (udh * 8 + 6) // 7 if udh else 0
        text = unpack7(ud, udl, 0)[skip:] if udh else unpack7(ud, udl)
    t = scts
    tz = int(t[12:14], 16 if "A" in t[12:14] else 10)
    when = "20%s-%s-%sT%s:%s:%s+%02d:%02d" % (
        t[0:2], t[2:4], t[4:6], t[6:8], t[8:10], t[10:12],
        tz // 4, tz % 4 * 15)
    return oa, when, text


def authenticate(sender, text, allowed, secret):
    if sender != allowed:
        return None
    words = text.split()
    if len(words) < 2 or words[0] != secret:
        return None
    cmd = words[1].lower()
    if cmd == "up":
        minutes = int(words[2]) if len(words) > 2 else 30
        return "command=up minutes=%d" % minutes
    if cmd in ("down", "status"):
        return "command=" + cmd
    return None


def main():
    dev, allowed, secret = sys.argv[1:4]
    m = Modem(dev)
    for cmd in ("AT+CMEE=1", "AT+CMGF=0", 'AT+CPMS="SM","SM","SM"'):
        final, _ = m.command(cmd)
        if final != "OK":
            sys.exit("%s: %s: %s" % (dev, cmd, final))
    final, lines = m.command("AT+CMGL=4")
    reject = []
    for head, pdu in zip(lines[0::2], lines[1::2]):
        index = int(head.split(":")[1].split(",")[0])
        try:
            sender, when, text = decode_deliver(pdu)
        except (ValueError, IndexError):
            reject.append(index)
            continue
        ok = authenticate(sender, text, allowed, secret)
        if ok is None:
            reject.append(index)
            continue
        print("index=%d sender=%s time=%s %s" % (index, sender, when, ok))
    for index in reject:
        m.command("AT+CMGD=%d" % index)


main()
