/* diskcheck -- checks that disk 0 keeps what is written to it. It reads the first sectors as it
 * finds them, writes a known pattern to sectors 64..95, flushes, reads them back (whole, then
 * through a buffer that straddles pages) and compares; then it makes sure the kernel refuses bad
 * requests. It prints FNV-1a checksums, which the tests recompute from the disk image, and ends
 * with OK or FAIL. It overwrites sectors 64..95 (at 32 KiB into the disk) and nothing else. */
#include "diskpattern.h"
#include "ulib.h"

#define DISK 0
#define PEEK 8    /* sectors 0..7: read as found */
#define FIRST 64  /* the sectors it writes */
#define COUNT 32  /* 16 KiB: one request, four pages */
#define SALT 0xd15cc0deu
#define SKEW 3    /* the second read goes 3 sectors into a page ... */
#define SECOND 24 /* ... and is 24 sectors (12 KiB) long: its buffer spans four pages */

static uint32_t out[COUNT * WORDS_PER_SECTOR] __attribute__((aligned(4096)));
static uint32_t in[(COUNT + 8) * WORDS_PER_SECTOR] __attribute__((aligned(4096)));

static int problems;

static void fail(const char *what, int got) {
	printf("diskcheck: %s (got %d)\n", what, got);
	problems++;
}

int main(void) {
	struct diskinfo info;
	int r = diskinfo(DISK, &info);
	if (r < 0) {
		printf("diskcheck: there is no disk %d (diskinfo returned %d)\n", DISK, r);
		printf("diskcheck: FAIL\n");
		return 1;
	}
	printf("diskcheck: disk %d: %u sectors, blocks of %u bytes, %s%s%s%s%s\n", DISK, info.sectors,
	       info.block_size, info.serial[0] ? "serial \"" : "no serial", info.serial,
	       info.serial[0] ? "\"" : "", info.flags & DISK_F_RO ? ", read-only" : "",
	       info.flags & DISK_F_FLUSH ? ", write cache" : "");
	if (info.sectors_hi == 0 && info.sectors < FIRST + COUNT) {
		printf("diskcheck: the disk is too small (it needs %d sectors)\n", FIRST + COUNT);
		printf("diskcheck: FAIL\n");
		return 1;
	}

	/* What was there before: the test fills these sectors of a fresh image with known bytes. */
	if ((r = diskread(DISK, 0, in, PEEK)) < 0) fail("reading sectors 0..7 failed", r);
	else printf("diskcheck: sectors 0..%d as found: checksum 0x%08x\n", PEEK - 1,
	            fnv1a(FNV_START, in, PEEK * DISK_SECTOR));

	pattern_fill(out, SALT, FIRST, COUNT);
	r = diskwrite(DISK, FIRST, out, COUNT);
	if (info.flags & DISK_F_RO) {
		/* Nothing more to try on a read-only disk than that the write is refused. */
		if (r != DISK_EROFS) fail("a write to the read-only disk was not refused", r);
		else printf("diskcheck: the write to the read-only disk was refused (%d)\n", r);
		printf("diskcheck: %s\n", problems ? "FAIL" : "OK");
		return problems ? 1 : 0;
	}
	if (r < 0) fail("writing sectors 64..95 failed", r);
	if ((r = diskflush(DISK)) < 0) fail("flush failed", r);
	printf("diskcheck: wrote sectors %d..%d (%d KiB) and flushed\n", FIRST, FIRST + COUNT - 1,
	       COUNT / 2);

	for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) in[i] = 0;
	if ((r = diskread(DISK, FIRST, in, COUNT)) < 0) fail("reading sectors 64..95 back failed", r);
	uint32_t want = fnv1a(FNV_START, out, COUNT * DISK_SECTOR);
	uint32_t got = fnv1a(FNV_START, in, COUNT * DISK_SECTOR);
	printf("diskcheck: read back sectors %d..%d: checksum 0x%08x, expected 0x%08x\n", FIRST,
	       FIRST + COUNT - 1, got, want);
	if (got != want || !pattern_check(in, SALT, FIRST, COUNT)) fail("the sectors read back differ", 0);

	/* The same data again, read into a buffer that starts 3 sectors into a page: the kernel gives
	 * the device one buffer per page it touches (four here). */
	for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) in[i] = 0;
	uint32_t *skewed = in + SKEW * WORDS_PER_SECTOR;
	if ((r = diskread(DISK, FIRST + 4, skewed, SECOND)) < 0) fail("the skewed read failed", r);
	else if (!pattern_check(skewed, SALT, FIRST + 4, SECOND) || in[0] != 0 ||
	         skewed[SECOND * WORDS_PER_SECTOR] != 0)
		fail("the skewed read differs", 0);
	else printf("diskcheck: sectors %d..%d read again into a buffer across 4 pages: the same\n",
	            FIRST + 4, FIRST + 4 + SECOND - 1);

	/* Requests the kernel must refuse, without touching the disk. */
	int past = diskread(DISK, info.sectors_hi ? 0xffffffffu : info.sectors - 1, in, 2);
	int none = diskread(DISK, FIRST, in, 0);
	int huge = diskread(DISK, FIRST, in, DISK_MAX_SECTORS + 1);
	int skew = diskread(DISK, FIRST, (char *)in + 4, 1);
	int unmapped = diskread(DISK, FIRST, (void *)0x1000, 1);
	int readonly = diskread(DISK, FIRST, (void *)main, 1); /* text: the device may not write it */
	int nodisk = diskread(7, FIRST, in, 1);
	printf("diskcheck: refused: past the end %d, 0 sectors %d, %d sectors %d, unaligned %d, "
	       "unmapped %d, into text %d, disk 7 %d\n",
	       past, none, DISK_MAX_SECTORS + 1, huge, skew, unmapped, readonly, nodisk);
	if (past != DISK_EINVAL || none != DISK_EINVAL || huge != DISK_EINVAL || skew != DISK_EINVAL ||
	    unmapped != DISK_EINVAL || readonly != DISK_EINVAL || nodisk != DISK_EINVAL)
		fail("a bad request was not refused", 0);

	printf("diskcheck: %s\n", problems ? "FAIL" : "OK");
	return problems ? 1 : 0;
}
