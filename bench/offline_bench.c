// SPDX-License-Identifier: GPL-2.0
/*
 * Times the offlining and onlining of every online movable memory block
 * of the guest, ROUNDS times (default 20), and prints the median and the
 * fastest time of each, in microseconds. Run by tools/bench-offline.sh
 * on two kernels in turn; a static binary, staged as /t/offline_bench.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_BLOCKS 64
#define MAX_ROUNDS 1000
#define MEM "/sys/devices/system/memory"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int write_state(const char *block, const char *state)
{
	char path[256];
	int fd, ret = 0;

	snprintf(path, sizeof(path), MEM "/%s/state", block);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, state, strlen(state)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n)
{
	qsort(t, n, sizeof(*t), cmp);
	printf("offline_bench: %s %d ops: median %.0f us, fastest %.0f us\n",
	       what, n, t[n / 2], t[0]);
}

int main(int argc, char **argv)
{
	static double off[MAX_BLOCKS * MAX_ROUNDS], on[MAX_BLOCKS * MAX_ROUNDS];
	static char blocks[MAX_BLOCKS][256];
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	int nb = 0, noff = 0, non = 0, failed = 0, r, b;
	char path[512], buf[256];
	struct dirent *de;
	DIR *d;

	if (rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: %s [ROUNDS (1-%d)]\n", argv[0], MAX_ROUNDS);
		return 2;
	}
	d = opendir(MEM);
	if (!d) {
		printf("# SKIP: no %s (CONFIG_MEMORY_HOTPLUG=n)\n", MEM);
		return 4;
	}
	while ((de = readdir(d)) && nb < MAX_BLOCKS) {
		if (strncmp(de->d_name, "memory", 6) || !strchr("0123456789", de->d_name[6]))
			continue;
		snprintf(path, sizeof(path), MEM "/%s/state", de->d_name);
		if (read_file(path, buf, sizeof(buf)) || strncmp(buf, "online", 6))
			continue;
		snprintf(path, sizeof(path), MEM "/%s/valid_zones", de->d_name);
		if (read_file(path, buf, sizeof(buf)) || !strstr(buf, "Movable"))
			continue;
		snprintf(blocks[nb++], sizeof(blocks[0]), "%s", de->d_name);
	}
	closedir(d);
	if (!nb) {
		printf("# SKIP: no online movable memory block\n");
		return 4;
	}
	if (!read_file("/sys/module/memory_hotplug/parameters/memmap_on_memory",
		       buf, sizeof(buf)))
		printf("# memmap_on_memory: %s", buf);
	if (!read_file("/proc/cmdline", buf, sizeof(buf)))
		printf("# page_owner=on: %s\n", strstr(buf, "page_owner=on") ? "yes" : "no");
	for (r = 0; r < rounds; r++) {
		for (b = 0; b < nb; b++) {
			double t0 = now_us(), t1, t2;
			int ret = write_state(blocks[b], "offline");

			t1 = now_us();
			if (ret) {
				printf("# %s: offline failed: %s\n", blocks[b], strerror(-ret));
				failed++;
				continue;
			}
			off[noff++] = t1 - t0;
			ret = write_state(blocks[b], "online_movable");
			t2 = now_us();
			if (ret) {
				printf("# %s: online failed: %s\n", blocks[b], strerror(-ret));
				return 1;
			}
			on[non++] = t2 - t1;
		}
	}
	printf("offline_bench: %d blocks, %d rounds, %d offlines failed\n", nb, rounds, failed);
	if (!noff)
		return 1;
	report("offline", off, noff);
	report("online", on, non);
	return 0;
}
