/* Regenerates the expected outputs in floats.txt, ints.txt and strtod.txt
 * with glibc, the C library Redis runs on:
 *   gcc -O0 -o /tmp/gen gen.c && /tmp/gen floats < floats.txt > f && mv f floats.txt
 * (likewise "ints" and "strtod"). Each input line keeps its first two
 * tab-separated fields; the third is rewritten. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int main(int argc, char **argv) {
    char line[4096];
    const char *mode = argc > 1 ? argv[1] : "floats";
    while (fgets(line, sizeof line, stdin)) {
        char *fmt = strtok(line, "\t\n");
        char *arg = strtok(NULL, "\t\n");
        if (!fmt || !arg) continue;
        char out[1024];
        if (!strcmp(mode, "floats")) {
            uint64_t bits = strtoull(arg, NULL, 16);
            double d;
            memcpy(&d, &bits, 8);
            snprintf(out, sizeof out, fmt, d);
        } else if (!strcmp(mode, "ints")) {
            long long v = strtoll(arg, NULL, 10);
            snprintf(out, sizeof out, fmt, v);
        } else {
            /* strtod: fmt is the quoted-free input, arg a placeholder */
            char *end;
            double d = strtod(fmt, &end);
            uint64_t bits;
            memcpy(&bits, &d, 8);
            snprintf(out, sizeof out, "%016llx %d", (unsigned long long)bits, (int)(end - fmt));
        }
        printf("%s\t%s\t%s\n", fmt, arg, out);
    }
    return 0;
}
