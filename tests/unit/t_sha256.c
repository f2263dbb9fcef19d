/*
 * t_sha256: FIPS 180-4's SHA-256 against the examples of FIPS 180-2's
 * appendix B ("abc", the 448-bit message, a million 'a') and lengths
 * around the padding's edges, checked with coreutils' sha256sum when the
 * test vectors were written.
 */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

int
main(void)
{
	char hex[2 * SHA256_LEN + 1], *a;

	sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "FIPS 180-2 B.1: abc");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "B.2: 448 bits, two blocks");
	if ((a = malloc(1000000)) == NULL)
		return 1;
	memset(a, 'a', 1000000);
	sha256_hex(a, 1000000, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0", "B.3: a million a");
	sha256_hex(a, 55, hex);
	is_str(hex, "9f4390f8d30c2dd92ec9f095b65e2b9a"
	    "e9b0a925a5258e241c9f1e910f734318", "55 bytes: one block");
	sha256_hex(a, 64, hex);
	is_str(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209"
	    "f439851db43d0ba5997337df154668eb", "64 bytes: a block and one more");
	sha256_hex("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty");
	free(a);
	return tap_done();
}
