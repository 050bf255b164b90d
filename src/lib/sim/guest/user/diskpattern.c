/* diskpattern.c -- the data diskcheck and diskbench write, and the checksum they print. The tests
 * recompute both from the disk image afterwards (test/unit/guest-disk-qemu.test.ts), so keep them
 * in step. */
#include "diskpattern.h"

/* Word i (0..127) of sector s, as the writer with this salt writes it: every word of the disk
 * differs (Knuth's multiplicative hash of its position), so a sector written to the wrong place,
 * or a word out of place, shows. */
uint32_t pattern_word(uint32_t salt, uint32_t sector, uint32_t i) {
	return ((sector * WORDS_PER_SECTOR + i) * 2654435761u) ^ salt;
}

void pattern_fill(uint32_t *buf, uint32_t salt, uint32_t sector, uint32_t count) {
	for (uint32_t s = 0; s < count; s++)
		for (uint32_t i = 0; i < WORDS_PER_SECTOR; i++)
			buf[s * WORDS_PER_SECTOR + i] = pattern_word(salt, sector + s, i);
}

int pattern_check(const uint32_t *buf, uint32_t salt, uint32_t sector, uint32_t count) {
	for (uint32_t s = 0; s < count; s++)
		for (uint32_t i = 0; i < WORDS_PER_SECTOR; i++)
			if (buf[s * WORDS_PER_SECTOR + i] != pattern_word(salt, sector + s, i)) return 0;
	return 1;
}

/* FNV-1a, 32 bits (Fowler, Noll, Vo): h = (h ^ byte) * 16777619, from FNV_START. */
uint32_t fnv1a(uint32_t h, const void *data, uint32_t len) {
	const uint8_t *p = data;
	for (uint32_t i = 0; i < len; i++) h = (h ^ p[i]) * 16777619u;
	return h;
}
