/*
 * LoadSense v1 frame: reference encoder and decoder (firmware-protocol/SPEC.md).
 *
 * C99, no heap, no libc beyond <stdint.h> and <string.h>; drop ls1.h and ls1.c into an
 * nRF52 / ESP32 build. All multi-byte fields are little-endian on the wire whatever the
 * CPU's byte order: the code assembles bytes explicitly.
 */
#ifndef LS1_H
#define LS1_H

#include <stdint.h>
#include <string.h> /* size_t and NULL; memcpy in ls1.c */

#ifdef __cplusplus
extern "C" {
#endif

#define LS1_VERSION 1u
#define LS1_HEADER_SIZE 12u
#define LS1_SAMPLE_SIZE 6u          /* x, y, z as int16 little-endian */
#define LS1_MAX_COUNT 255u
#define LS1_TICKS_PER_SECOND 32768u /* device clock unit: 1/32768 s, wraps at 2^32 ticks */
#define LS1_ATT_OVERHEAD 3u         /* a notification carries ATT_MTU - 3 bytes */

#define LS1_FLAG_RESTART 0x01u  /* first frame after start/reset: sequence and clock start anew */
#define LS1_FLAG_OVERFLOW 0x02u /* the device dropped samples before this frame (FIFO overflow) */
#define LS1_FLAGS_DEFINED 0x03u /* other bits are reserved: send 0, ignore on receipt */

typedef enum {
    LS1_OK = 0,
    LS1_ERR_TOO_SHORT,           /* fewer bytes than a header */
    LS1_ERR_UNSUPPORTED_VERSION, /* byte 0 is not 1 */
    LS1_ERR_EMPTY,               /* count is 0 */
    LS1_ERR_LENGTH_MISMATCH,     /* length is not 12 + 6 x count */
    LS1_ERR_BAD_RATE,            /* rate is 0 */
    LS1_ERR_BAD_RANGE,           /* range is 0 */
    LS1_ERR_BUFFER_TOO_SMALL,    /* encoder: the output buffer cannot hold the frame */
    LS1_ERR_BAD_ARGUMENT         /* a NULL pointer */
} ls1_status;

typedef struct {
    uint8_t flags;     /* LS1_FLAG_* */
    uint16_t seq;      /* frame sequence number, +1 per frame, wraps 65535 -> 0 */
    uint32_t t_first;  /* device time of the first sample, ticks of 1/32768 s, wraps at 2^32 */
    uint16_t rate_dhz; /* nominal sample rate in 0.1 Hz (1040 = 104 Hz) */
    uint8_t range_g;   /* full scale in g: raw 32767 is +range_g, -32768 is -range_g */
    uint8_t count;     /* samples in the frame, 1..255 */
} ls1_header;

/* How many samples fit in one notification at this ATT MTU (23 -> 1, 247 -> 38), at most 255. */
uint8_t ls1_max_samples(uint16_t att_mtu);

/* Frame length for count samples: 12 + 6 x count. */
size_t ls1_frame_size(uint8_t count);

/*
 * Writes one frame: header h (h->count samples, h->flags as given) and xyz, h->count triples
 * of {x, y, z}. *out_len receives the frame length. Nothing is written unless LS1_OK.
 */
ls1_status ls1_encode(const ls1_header *h, const int16_t *xyz, uint8_t *out, size_t out_cap, size_t *out_len);

/* Validates a received frame and reads its header. */
ls1_status ls1_decode_header(const uint8_t *frame, size_t len, ls1_header *h);

/*
 * Validates a frame and copies its samples to xyz (room for xyz_cap triples); h receives the
 * header. LS1_ERR_BUFFER_TOO_SMALL when the frame holds more than xyz_cap samples.
 */
ls1_status ls1_decode(const uint8_t *frame, size_t len, ls1_header *h, int16_t *xyz, size_t xyz_cap);

/* The error names used in the vectors ("too_short", ...); "ok" for LS1_OK. */
const char *ls1_status_name(ls1_status status);

/*
 * Sender state for firmware: the next sequence number and whether the next frame is the
 * first since start. ls1_stream_start() before streaming; ls1_stream_next() fills the
 * header fields of the next frame and advances the sequence.
 */
typedef struct {
    uint16_t next_seq;
    uint8_t pending_flags;
    uint16_t rate_dhz;
    uint8_t range_g;
} ls1_stream;

void ls1_stream_start(ls1_stream *s, uint16_t rate_dhz, uint8_t range_g);

/* Marks that the device's FIFO lost samples; the next frame carries LS1_FLAG_OVERFLOW. */
void ls1_stream_overflow(ls1_stream *s);

/* Header for the next frame of count samples whose first sample was taken at t_first ticks. */
void ls1_stream_next(ls1_stream *s, uint32_t t_first, uint8_t count, ls1_header *h);

#ifdef __cplusplus
}
#endif

#endif /* LS1_H */
