/* diskown -- checks that disk 0 is this machine's own: it writes a pattern salted with the disk's
 * serial (so every VM's data differs) to ROUNDS x BLOCKS blocks of 4 KiB spread over the disk,
 * sleeping between rounds so other VMs sharing the physical disk write in between, then reads
 * every block back and counts those that are not exactly what it wrote. Under a hypervisor that
 * keeps virtual disks apart, that count is 0 in every VM; it prints OK or FAIL. */
#include "diskpattern.h"
#include "ulib.h"

#define DISK 0
#define BLOCK 8  /* sectors: 4 KiB */
#define BLOCKS 16 /* per round */
#define ROUNDS 2

static uint32_t buf[BLOCK * WORDS_PER_SECTOR] __attribute__((aligned(4096)));

static uint32_t sector_of(uint32_t round, uint32_t k, uint32_t stride) {
	/* Round r writes the blocks half a stride after round r-1's: the disk fills in stripes. */
	return (k * stride + round * (stride / ROUNDS)) / BLOCK * BLOCK;
}

int main(void) {
	struct diskinfo info;
	int r = diskinfo(DISK, &info);
	if (r < 0) {
		printf("diskown: there is no disk %d (diskinfo returned %d)\n", DISK, r);
		printf("diskown: FAIL\n");
		return 1;
	}
	uint32_t n = 0;
	while (n < sizeof info.serial && info.serial[n]) n++;
	uint32_t salt = fnv1a(FNV_START, info.serial, n);
	uint32_t stride = info.sectors_hi ? 0x80000000u / BLOCKS : info.sectors / BLOCKS;
	if (stride < 2 * BLOCK) {
		printf("diskown: disk %d is too small (%u sectors)\n", DISK, info.sectors);
		printf("diskown: FAIL\n");
		return 1;
	}
	printf("diskown: disk %d \"%s\": %u sectors, salt 0x%08x\n", DISK, info.serial, info.sectors, salt);
	int errors = 0;
	for (uint32_t round = 0; round < ROUNDS; round++) {
		for (uint32_t k = 0; k < BLOCKS; k++) {
			uint32_t s = sector_of(round, k, stride);
			pattern_fill(buf, salt, s, BLOCK);
			if (diskwrite(DISK, s, buf, BLOCK) < 0) errors++;
		}
		if (diskflush(DISK) < 0) errors++;
		printf("diskown: round %u: wrote %u blocks of 4 KiB and flushed\n", round + 1, BLOCKS);
		sleep(2);
	}
	int wrong = 0;
	for (uint32_t round = 0; round < ROUNDS; round++)
		for (uint32_t k = 0; k < BLOCKS; k++) {
			uint32_t s = sector_of(round, k, stride);
			if (diskread(DISK, s, buf, BLOCK) < 0) errors++;
			else if (!pattern_check(buf, salt, s, BLOCK)) wrong++;
		}
	printf("diskown: read back %u blocks: %d not as written, %d errors\n", ROUNDS * BLOCKS, wrong, errors);
	printf("diskown: %s\n", wrong || errors ? "FAIL" : "OK");
	return wrong || errors ? 1 : 0;
}
