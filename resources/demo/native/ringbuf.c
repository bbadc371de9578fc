#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t cap, head, tail, len;
} ringbuf;

/* Allocate a ring buffer holding up to cap bytes. */
ringbuf *ringbuf_new(size_t cap) {
    ringbuf *rb = calloc(1, sizeof *rb);
    if (!rb) return NULL;
    rb->data = malloc(cap);
    rb->cap = cap;
    return rb;
}

/* Append bytes, overwriting the oldest when full. */
void ringbuf_push(ringbuf *rb, const unsigned char *src, size_t n) {
    for (size_t i = 0; i < n; i++) {
        rb->data[rb->head] = src[i];
        rb->head = (rb->head + 1) % rb->cap;
        if (rb->len == rb->cap) rb->tail = (rb->tail + 1) % rb->cap;
        else rb->len++;
    }
}
