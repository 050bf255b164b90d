/* Sort pseudo-random numbers three ways and check the results agree. */
#include "rt.h"

#define N 200
static int32_t a[N], b[N], c[N];

static uint32_t seed = 12345;
static uint32_t rnd(void) {
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void insertion(int32_t *v, int n) {
	for (int i = 1; i < n; i++) {
		int32_t x = v[i];
		int j = i - 1;
		while (j >= 0 && v[j] > x) {
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = x;
	}
}

static void quick(int32_t *v, int lo, int hi) {
	if (lo >= hi) return;
	int32_t p = v[(lo + hi) / 2];
	int i = lo, j = hi;
	while (i <= j) {
		while (v[i] < p) i++;
		while (v[j] > p) j--;
		if (i <= j) {
			int32_t t = v[i];
			v[i++] = v[j];
			v[j--] = t;
		}
	}
	quick(v, lo, j);
	quick(v, i, hi);
}

static int32_t tmp[N];
static void merge(int32_t *v, int lo, int hi) {
	if (hi - lo < 1) return;
	int mid = (lo + hi) / 2;
	merge(v, lo, mid);
	merge(v, mid + 1, hi);
	int i = lo, j = mid + 1, k = lo;
	while (i <= mid && j <= hi) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
	while (i <= mid) tmp[k++] = v[i++];
	while (j <= hi) tmp[k++] = v[j++];
	for (k = lo; k <= hi; k++) v[k] = tmp[k];
}

int main(void) {
	for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = (int32_t)(rnd() % 2001) - 1000;
	insertion(a, N);
	quick(b, 0, N - 1);
	merge(c, 0, N - 1);
	int bad = 0;
	for (int i = 0; i < N; i++) bad += a[i] != b[i] || a[i] != c[i] || (i && a[i - 1] > a[i]);
	print("sorted %d numbers: min %d max %d median %d, mismatches %d\n", N, a[0], a[N - 1], a[N / 2], bad);
	for (int i = 0; i < 10; i++) print("%d ", a[i * (N / 10)]);
	print("\n");
	return bad;
}
