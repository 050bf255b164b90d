/* diskbench -- how fast is disk 0, as a program sees it? Sequential writes of 4 KiB over up to
 * 1 MiB, a flush, sequential reads of the same, then random 4 KiB reads and writes in that area,
 * a flush, and a final read of the whole area (64 KiB at a time) that checks every sector holds
 * what was last written there. It times each request with the `time` CSR (10 MHz) and prints, per
 * phase, the total time, the throughput and the mean, 95th-percentile and worst latency, in microseconds
 * of the machine's own clock (on QEMU with -icount, of its instruction count; on vmscope, of the
 * disk model's service times). It overwrites sectors 2048.. (from 1 MiB into the disk). */
#include "diskpattern.h"
#include "ulib.h"

#define DISK 0
#define AREA 2048     /* the first sector it writes */
#define AREA_MAX 2048 /* at most 1 MiB */
#define IO 8          /* sectors per request: 4 KiB */
#define RANDOM 128    /* random requests per phase */
#define PER_US 10u    /* time counts per microsecond */
#define SEQ_SALT 0xbe9c0001u
#define RAND_SALT 0xbe9c0002u
#define BIG 128 /* sectors per request of the final read: 64 KiB */

static uint32_t buf[BIG * WORDS_PER_SECTOR] __attribute__((aligned(4096)));
static uint32_t lat[AREA_MAX / IO];           /* each request's latency, in time counts */
static uint8_t random_written[AREA_MAX / IO]; /* which blocks the random writes hit last */
static uint32_t seed = 1;

static uint32_t next_random(void) { /* a linear congruential generator (ANSI C's constants) */
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

static int errors;

/* Sort the n latencies (insertion sort: n is small) and print the phase's line. */
static void report(const char *phase, int n, uint32_t total) {
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && lat[j - 1] > lat[j]; j--) {
			uint32_t t = lat[j];
			lat[j] = lat[j - 1];
			lat[j - 1] = t;
		}
	uint32_t us = total / PER_US, kib = (uint32_t)n * IO / 2;
	uint32_t p95 = lat[(95 * n + 99) / 100 - 1]; /* the smallest that 95% are at or below */
	printf("diskbench: %s %d x 4 KiB in %u us: %u KiB/s, latency mean %u us, p95 %u us, max %u us\n",
	       phase, n, us, us ? kib * 1000000u / us : 0, total / (uint32_t)n / PER_US, p95 / PER_US,
	       lat[n - 1] / PER_US);
}

/* One request of IO sectors at block b of the area, timed into lat[i]. */
static void timed(int write, uint32_t b, int i) {
	uint32_t sector = AREA + b * IO;
	if (write) pattern_fill(buf, write == 1 ? SEQ_SALT : RAND_SALT, sector, IO);
	uint32_t t0 = rdtime();
	int r = write ? diskwrite(DISK, sector, buf, IO) : diskread(DISK, sector, buf, IO);
	lat[i] = rdtime() - t0;
	if (r < 0) errors++;
}

static uint32_t timed_flush(void) {
	uint32_t t0 = rdtime();
	if (diskflush(DISK) < 0) errors++;
	return (rdtime() - t0) / PER_US;
}

int main(void) {
	struct diskinfo info;
	if (diskinfo(DISK, &info) < 0) {
		printf("diskbench: there is no disk %d\n", DISK);
		return 1;
	}
	if (info.flags & DISK_F_RO) {
		printf("diskbench: disk %d is read-only\n", DISK);
		return 1;
	}
	if (info.sectors_hi == 0 && info.sectors < AREA + IO) {
		printf("diskbench: disk %d is too small (it needs more than %d sectors)\n", DISK, AREA + IO);
		return 1;
	}
	uint32_t room = info.sectors_hi ? AREA_MAX : info.sectors - AREA;
	int blocks = (int)((room < AREA_MAX ? room : AREA_MAX) / IO);
	printf("diskbench: disk %d, sectors %d..%d (%d KiB), requests of 4 KiB, times in us\n", DISK, AREA,
	       AREA + blocks * IO - 1, blocks * IO / 2);

	uint32_t total = 0;
	for (int i = 0; i < blocks; i++) timed(1, (uint32_t)i, i), total += lat[i];
	report("seq-write ", blocks, total);
	printf("diskbench: flush in %u us\n", timed_flush());

	total = 0;
	for (int i = 0; i < blocks; i++) timed(0, (uint32_t)i, i), total += lat[i];
	report("seq-read  ", blocks, total);

	int n = RANDOM < blocks ? RANDOM : blocks;
	total = 0;
	for (int i = 0; i < n; i++) timed(0, next_random() % (uint32_t)blocks, i), total += lat[i];
	report("rand-read ", n, total);

	total = 0;
	for (int i = 0; i < n; i++) {
		uint32_t b = next_random() % (uint32_t)blocks;
		random_written[b] = 1;
		timed(2, b, i), total += lat[i];
	}
	report("rand-write", n, total);
	printf("diskbench: flush in %u us\n", timed_flush());

	/* Read it all back, 64 KiB at a time, and check each 4 KiB block. */
	uint32_t sum = FNV_START;
	int wrong = 0;
	for (int b = 0; b < blocks; b += BIG / IO) {
		int count = (blocks - b < BIG / IO ? blocks - b : BIG / IO) * IO;
		if (diskread(DISK, AREA + (uint32_t)b * IO, buf, count) < 0) errors++;
		sum = fnv1a(sum, buf, (uint32_t)count * DISK_SECTOR);
		for (int k = 0; k < count / IO; k++) {
			uint32_t salt = random_written[b + k] ? RAND_SALT : SEQ_SALT;
			wrong += !pattern_check(buf + k * IO * WORDS_PER_SECTOR, salt, AREA + (uint32_t)(b + k) * IO, IO);
		}
	}
	printf("diskbench: sectors %d..%d read back: checksum 0x%08x, %d blocks wrong, %d errors\n", AREA,
	       AREA + blocks * IO - 1, sum, wrong, errors);
	printf("diskbench: %s\n", wrong || errors ? "FAIL" : "OK");
	return wrong || errors ? 1 : 0;
}
