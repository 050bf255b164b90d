/* CRC-32 (IEEE, reflected) bitwise and table-driven, and Adler-32, over a generated buffer. */
#include "rt.h"

static uint8_t buf[4096];
static uint32_t table[256];

static uint32_t crc_bitwise(const uint8_t *p, int n) {
	uint32_t c = 0xffffffffu;
	for (int i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static uint32_t crc_table(const uint8_t *p, int n) {
	uint32_t c = 0xffffffffu;
	for (int i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return ~c;
}

int main(void) {
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	const char *s = "123456789";
	print("crc32(\"123456789\") = %x\n", crc_table((const uint8_t *)s, 9));
	for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (uint8_t)(i * 7 + (i >> 5));
	uint32_t a = crc_bitwise(buf, sizeof buf), b = crc_table(buf, sizeof buf);
	uint32_t s1 = 1, s2 = 0;
	for (int i = 0; i < (int)sizeof buf; i++) {
		s1 = (s1 + buf[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	print("crc32 bitwise %x table %x adler32 %x\n", a, b, (s2 << 16) | s1);
	return a == b ? 0 : 1;
}
