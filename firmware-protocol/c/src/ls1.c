/* LoadSense v1 frame: reference encoder and decoder. See ls1.h and firmware-protocol/SPEC.md. */
#include "ls1.h"

#include <string.h>

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | ((uint16_t)p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int16_t get_i16(const uint8_t *p)
{
    /* Two's complement without implementation-defined conversion of out-of-range values. */
    uint16_t u = get_u16(p);
    return u < 0x8000u ? (int16_t)u : (int16_t)(-(int32_t)(0x10000u - u));
}

uint8_t ls1_max_samples(uint16_t att_mtu)
{
    uint32_t room;
    if (att_mtu < LS1_ATT_OVERHEAD + LS1_HEADER_SIZE + LS1_SAMPLE_SIZE) {
        return 0;
    }
    room = ((uint32_t)att_mtu - LS1_ATT_OVERHEAD - LS1_HEADER_SIZE) / LS1_SAMPLE_SIZE;
    return (uint8_t)(room > LS1_MAX_COUNT ? LS1_MAX_COUNT : room);
}

size_t ls1_frame_size(uint8_t count)
{
    return LS1_HEADER_SIZE + (size_t)count * LS1_SAMPLE_SIZE;
}

ls1_status ls1_encode(const ls1_header *h, const int16_t *xyz, uint8_t *out, size_t out_cap, size_t *out_len)
{
    size_t size;
    size_t i;
    if (h == NULL || xyz == NULL || out == NULL || out_len == NULL) {
        return LS1_ERR_BAD_ARGUMENT;
    }
    if (h->count == 0) {
        return LS1_ERR_EMPTY;
    }
    if (h->rate_dhz == 0) {
        return LS1_ERR_BAD_RATE;
    }
    if (h->range_g == 0) {
        return LS1_ERR_BAD_RANGE;
    }
    size = ls1_frame_size(h->count);
    if (out_cap < size) {
        return LS1_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = (uint8_t)LS1_VERSION;
    out[1] = h->flags;
    put_u16(out + 2, h->seq);
    put_u32(out + 4, h->t_first);
    put_u16(out + 8, h->rate_dhz);
    out[10] = h->range_g;
    out[11] = h->count;
    for (i = 0; i < (size_t)h->count * 3u; i++) {
        put_u16(out + LS1_HEADER_SIZE + 2u * i, (uint16_t)xyz[i]);
    }
    *out_len = size;
    return LS1_OK;
}

ls1_status ls1_decode_header(const uint8_t *frame, size_t len, ls1_header *h)
{
    ls1_header tmp;
    if (h == NULL || (frame == NULL && len > 0)) {
        return LS1_ERR_BAD_ARGUMENT;
    }
    if (len == 0) {
        return LS1_ERR_TOO_SHORT;
    }
    /* The version decides the layout, so it is checked before anything else. */
    if (frame[0] != LS1_VERSION) {
        return LS1_ERR_UNSUPPORTED_VERSION;
    }
    if (len < LS1_HEADER_SIZE) {
        return LS1_ERR_TOO_SHORT;
    }
    tmp.flags = frame[1];
    tmp.seq = get_u16(frame + 2);
    tmp.t_first = get_u32(frame + 4);
    tmp.rate_dhz = get_u16(frame + 8);
    tmp.range_g = frame[10];
    tmp.count = frame[11];
    if (tmp.count == 0) {
        return LS1_ERR_EMPTY;
    }
    if (len != ls1_frame_size(tmp.count)) {
        return LS1_ERR_LENGTH_MISMATCH;
    }
    if (tmp.rate_dhz == 0) {
        return LS1_ERR_BAD_RATE;
    }
    if (tmp.range_g == 0) {
        return LS1_ERR_BAD_RANGE;
    }
    memcpy(h, &tmp, sizeof tmp);
    return LS1_OK;
}

ls1_status ls1_decode(const uint8_t *frame, size_t len, ls1_header *h, int16_t *xyz, size_t xyz_cap)
{
    ls1_status status;
    size_t i;
    if (xyz == NULL) {
        return LS1_ERR_BAD_ARGUMENT;
    }
    status = ls1_decode_header(frame, len, h);
    if (status != LS1_OK) {
        return status;
    }
    if (xyz_cap < h->count) {
        return LS1_ERR_BUFFER_TOO_SMALL;
    }
    for (i = 0; i < (size_t)h->count * 3u; i++) {
        xyz[i] = get_i16(frame + LS1_HEADER_SIZE + 2u * i);
    }
    return LS1_OK;
}

const char *ls1_status_name(ls1_status status)
{
    switch (status) {
    case LS1_OK: return "ok";
    case LS1_ERR_TOO_SHORT: return "too_short";
    case LS1_ERR_UNSUPPORTED_VERSION: return "unsupported_version";
    case LS1_ERR_EMPTY: return "empty";
    case LS1_ERR_LENGTH_MISMATCH: return "length_mismatch";
    case LS1_ERR_BAD_RATE: return "bad_rate";
    case LS1_ERR_BAD_RANGE: return "bad_range";
    case LS1_ERR_BUFFER_TOO_SMALL: return "buffer_too_small";
    case LS1_ERR_BAD_ARGUMENT: return "bad_argument";
    }
    return "unknown";
}

void ls1_stream_start(ls1_stream *s, uint16_t rate_dhz, uint8_t range_g)
{
    if (s == NULL) {
        return;
    }
    s->next_seq = 0;
    s->pending_flags = LS1_FLAG_RESTART;
    s->rate_dhz = rate_dhz;
    s->range_g = range_g;
}

void ls1_stream_overflow(ls1_stream *s)
{
    if (s != NULL) {
        s->pending_flags |= LS1_FLAG_OVERFLOW;
    }
}

void ls1_stream_next(ls1_stream *s, uint32_t t_first, uint8_t count, ls1_header *h)
{
    if (s == NULL || h == NULL) {
        return;
    }
    h->flags = s->pending_flags;
    h->seq = s->next_seq;
    h->t_first = t_first;
    h->rate_dhz = s->rate_dhz;
    h->range_g = s->range_g;
    h->count = count;
    s->pending_flags = 0;
    s->next_seq = (uint16_t)(s->next_seq + 1u); /* wraps 65535 -> 0 */
}
