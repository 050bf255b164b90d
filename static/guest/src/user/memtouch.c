/* memtouch -- grows its heap with sbrk and touches each new page. The kernel hands out heap
 * pages lazily (demand-zero): sbrk only moves the break, and the first touch of each page is a
 * page fault that the kernel serves by mapping a fresh zeroed frame. */
#include "ulib.h"

#define PAGES 16

int main(void) {
	char *heap = sbrk(PAGES * PAGE_SIZE);
	if (heap == (char *)-1) {
		printf("memtouch: sbrk failed\n");
		return 1;
	}
	printf("memtouch: heap grown by %d pages at %p\n", PAGES, heap);
	int zero = 1;
	for (int i = 0; i < PAGES; i++) {
		char *page = heap + i * PAGE_SIZE;
		zero &= page[0] == 0 && page[PAGE_SIZE - 1] == 0; /* fresh pages must read as zero */
		page[0] = (char)i;
		page[PAGE_SIZE - 1] = (char)(i * 3);
	}
	int ok = zero;
	for (int i = 0; i < PAGES; i++) ok &= heap[i * PAGE_SIZE] == (char)i && heap[i * PAGE_SIZE + PAGE_SIZE - 1] == (char)(i * 3);
	printf("memtouch: touched %d pages, %s\n", PAGES, ok ? "contents ok" : "CONTENTS WRONG");
	sbrk(-PAGES * PAGE_SIZE); /* give them back */
	return ok ? 0 : 1;
}
