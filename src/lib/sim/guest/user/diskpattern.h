/* diskpattern.h -- the data diskcheck and diskbench write, and the checksum they print
 * (diskpattern.c). */
#ifndef DISKPATTERN_H
#define DISKPATTERN_H

#include <stdint.h>

#define WORDS_PER_SECTOR 128 /* 512 bytes */
#define FNV_START 2166136261u

uint32_t pattern_word(uint32_t salt, uint32_t sector, uint32_t i);
void pattern_fill(uint32_t *buf, uint32_t salt, uint32_t sector, uint32_t count);
/* 1 if the count sectors in buf are what pattern_fill(salt, sector) would have put there. */
int pattern_check(const uint32_t *buf, uint32_t salt, uint32_t sector, uint32_t count);
uint32_t fnv1a(uint32_t h, const void *data, uint32_t len);

#endif
