/* SPDX-License-Identifier: MIT */
/*
 * A plain main() for the fuzz targets when they are not linked with libFuzzer:
 * it runs LLVMFuzzerTestOneInput once per file named on the command line (a
 * directory means every file in it), or once on standard input.  This is the
 * build AFL++ uses (`afl-fuzz ... -- fuzz_dma_bypass @@`), and the one the
 * test suite runs over the committed corpora.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_stream(FILE *f, const char *name)
{
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);

	if (!buf)
		return 1;
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		uint8_t *p = realloc(buf, cap * 2);
		if (!p) {
			free(buf);
			return 1;
		}
		buf = p;
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", name);
		free(buf);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_path(const char *path)
{
	struct stat sb;
	int rc = 0;

	if (stat(path, &sb)) {
		perror(path);
		return 1;
	}
	if (S_ISDIR(sb.st_mode)) {
		struct dirent **ents;
		int n = scandir(path, &ents, NULL, alphasort);

		if (n < 0) {
			perror(path);
			return 1;
		}
		for (int i = 0; i < n; i++) {
			if (ents[i]->d_name[0] != '.') {
				size_t len = strlen(path) + strlen(ents[i]->d_name) + 2;
				char *p = malloc(len);

				if (p) {
					snprintf(p, len, "%s/%s", path, ents[i]->d_name);
					rc |= run_path(p);
					free(p);
				}
			}
			free(ents[i]);
		}
		free(ents);
		return rc;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	rc = run_stream(f, path);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2)
		return run_stream(stdin, "<stdin>");
	for (int i = 1; i < argc; i++)
		rc |= run_path(argv[i]);
	return rc;
}
