/* CTest suite for the LoadSense v1 C reference against firmware-protocol/vectors (via vectors.h). */
#include <stdio.h>
#include <string.h>

#include "ls1.h"
#include "vectors.h"

static int failures;

#define CHECK(cond, name, what)                                                   \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "FAIL %s: %s (%s:%d)\n", (name), (what), __FILE__, __LINE__); \
            failures++;                                                           \
        }                                                                         \
    } while (0)

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t from_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    size_t i;
    if (n > cap) return (size_t)-1;
    for (i = 0; i < n; i++) {
        out[i] = (uint8_t)(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    }
    return n;
}

static uint8_t frame[2048];
static uint8_t encoded[2048];
static int16_t xyz[LS1_MAX_COUNT * 3];

/* Every valid vector decodes to its fields and samples. */
static void test_decode_vectors(void)
{
    size_t i;
    for (i = 0; i < LS1_GOOD_VECTOR_COUNT; i++) {
        const ls1_good_vector *v = &ls1_good_vectors[i];
        ls1_header h;
        size_t len = from_hex(v->hex, frame, sizeof frame);
        ls1_status st = ls1_decode(frame, len, &h, xyz, LS1_MAX_COUNT);
        CHECK(st == LS1_OK, v->name, ls1_status_name(st));
        if (st != LS1_OK) continue;
        CHECK(h.flags == v->flags, v->name, "flags");
        CHECK(h.seq == v->seq, v->name, "seq");
        CHECK(h.t_first == v->t_ticks, v->name, "t_first");
        CHECK(h.rate_dhz == v->rate_dhz, v->name, "rate");
        CHECK(h.range_g == v->range_g, v->name, "range");
        CHECK(h.count == v->count, v->name, "count");
        CHECK(memcmp(xyz, v->samples, (size_t)v->count * 3u * sizeof(int16_t)) == 0, v->name, "samples");
    }
}

/* Encoding the expected fields gives the vector's bytes exactly. */
static void test_encode_vectors(void)
{
    size_t i;
    for (i = 0; i < LS1_GOOD_VECTOR_COUNT; i++) {
        const ls1_good_vector *v = &ls1_good_vectors[i];
        ls1_header h;
        size_t out_len = 0;
        size_t len = from_hex(v->hex, frame, sizeof frame);
        ls1_status st;
        h.flags = v->flags;
        h.seq = v->seq;
        h.t_first = v->t_ticks;
        h.rate_dhz = v->rate_dhz;
        h.range_g = v->range_g;
        h.count = v->count;
        st = ls1_encode(&h, v->samples, encoded, sizeof encoded, &out_len);
        CHECK(st == LS1_OK, v->name, ls1_status_name(st));
        CHECK(out_len == len, v->name, "length");
        CHECK(out_len == len && memcmp(encoded, frame, len) == 0, v->name, "bytes");
    }
}

/* Every invalid vector is rejected with its named error. */
static void test_invalid_vectors(void)
{
    size_t i;
    for (i = 0; i < LS1_BAD_VECTOR_COUNT; i++) {
        const ls1_bad_vector *v = &ls1_bad_vectors[i];
        ls1_header h;
        size_t len = from_hex(v->hex, frame, sizeof frame);
        ls1_status st = ls1_decode(frame, len, &h, xyz, LS1_MAX_COUNT);
        CHECK(strcmp(ls1_status_name(st), v->error) == 0, v->name, ls1_status_name(st));
    }
}

/* MTU sizing, buffer limits and the sender helper (sequence wrap, RESTART once, OVERFLOW once). */
static void test_sender(void)
{
    ls1_stream s;
    ls1_header h;
    int16_t one[3] = { 1, -1, 4096 };
    size_t out_len = 0;
    unsigned k;
    CHECK(ls1_max_samples(23) == 1, "mtu", "23 -> 1");
    CHECK(ls1_max_samples(247) == 38, "mtu", "247 -> 38");
    CHECK(ls1_max_samples(517) == 83, "mtu", "517 -> 83");
    CHECK(ls1_max_samples(20) == 0, "mtu", "20 -> 0");
    CHECK(ls1_max_samples(65535) == 255, "mtu", "cap 255");
    CHECK(ls1_frame_size(ls1_max_samples(23)) <= 20, "mtu", "fits 23");
    CHECK(ls1_frame_size(ls1_max_samples(247)) <= 244, "mtu", "fits 247");

    ls1_stream_start(&s, 1040, 8);
    ls1_stream_next(&s, 100, 1, &h);
    CHECK(h.flags == LS1_FLAG_RESTART && h.seq == 0, "stream", "first frame restarts");
    ls1_stream_overflow(&s);
    ls1_stream_next(&s, 200, 1, &h);
    CHECK(h.flags == LS1_FLAG_OVERFLOW && h.seq == 1, "stream", "overflow flagged once");
    for (k = 2; k < 65536u; k++) {
        ls1_stream_next(&s, k, 1, &h);
    }
    CHECK(h.seq == 65535 && h.flags == 0, "stream", "seq 65535");
    ls1_stream_next(&s, 0, 1, &h);
    CHECK(h.seq == 0 && h.flags == 0, "stream", "seq wraps to 0 without RESTART");

    CHECK(ls1_encode(&h, one, encoded, 17, &out_len) == LS1_ERR_BUFFER_TOO_SMALL, "encode", "small buffer");
    CHECK(ls1_encode(&h, one, encoded, 18, &out_len) == LS1_OK && out_len == 18, "encode", "exact buffer");
    CHECK(ls1_encode(NULL, one, encoded, 18, &out_len) == LS1_ERR_BAD_ARGUMENT, "encode", "null header");
    CHECK(ls1_decode(encoded, 18, &h, xyz, 0) == LS1_ERR_BUFFER_TOO_SMALL, "decode", "small sample buffer");
    CHECK(ls1_decode_header(NULL, 0, &h) == LS1_ERR_TOO_SHORT, "decode", "empty");
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "all";
    int all = strcmp(which, "all") == 0;
    if (all || strcmp(which, "decode") == 0) test_decode_vectors();
    if (all || strcmp(which, "encode") == 0) test_encode_vectors();
    if (all || strcmp(which, "invalid") == 0) test_invalid_vectors();
    if (all || strcmp(which, "sender") == 0) test_sender();
    if (failures == 0) {
        printf("ls1 %s: ok\n", which);
        return 0;
    }
    fprintf(stderr, "ls1 %s: %d failure(s)\n", which, failures);
    return 1;
}
