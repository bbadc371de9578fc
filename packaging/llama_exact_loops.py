"""Scalar loops of llama.cpp's CPU operators rewritten with AVX2 and F16C, results unchanged.

Each edit below replaces a loop that embedding a snippet runs thousands of times with
one that does eight values at a time and gives the same floats bit for bit: half to
single precision conversions are exact, a maximum is a maximum, a row of a product
does not depend on how many other rows are computed, and a single to half conversion
rounds to nearest even in both the scalar and the vector instruction. So the vectors
of an index built before and after are identical (checked on every kernel family this
machine runs: `docs/BENCHMARKS-limits.md`, 6 Dec, afternoon). What each step added on
one lane of the AVX2 (`haswell`) kernels, CPUID masked, against the step before:

- flash attention's tiled path (snippets of 64 tokens and more): the mask tile
  converted and checked eight at a time, the key tile converted and transposed in
  8 x 8 blocks, and `ggml_vec_max_f32` (each tile row's maximum) eight at a time:
  +12%;
- the tiled path's products and softmax over the query rows the tile holds, not
  always 64 (a 70-token snippet's second tile holds 6): +2.5%;
- the cast of keys and values to half precision (`dup`): a row at a time through
  `ggml_cpu_fp32_to_fp16`: +3%;
- GELU's table lookup: eight conversions to half precision at once, the table read
  by index from two 64-bit words (no gather instruction, which is slow on processors
  with Intel's Downfall microcode, and measured no faster here): +6%.

Applied by `llama_source.py`; an edit whose text is not found stops the build.
"""

# The C text is llama.cpp's own, long lines included.
# ruff: noqa: E501

from __future__ import annotations

from typing import NamedTuple


class Edit(NamedTuple):
    path: str  # under vendor/llama.cpp
    old: str
    new: str


OPS = "ggml/src/ggml-cpu/ops.cpp"
VEC = "ggml/src/ggml-cpu/vec.h"

_MASK_OLD = """\
                    for (int tk = 0; tk < kv_tile; tk++) {
                        mask32[tq * KV_TILE_SZ + tk] = slope * GGML_CPU_FP16_TO_FP32(mp_row[ic + tk]);
"""
_MASK_NEW = """\
                    int tk = 0;
#if defined(__AVX2__) && defined(__F16C__)
                    {
                        const __m256 v_slope = _mm256_set1_ps(slope);
                        const __m256 v_ninf  = _mm256_set1_ps(-INFINITY);
                        __m256 live = _mm256_setzero_ps();
                        for (; tk + 8 <= kv_tile; tk += 8) {
                            const __m256 m = _mm256_mul_ps(v_slope, _mm256_cvtph_ps(
                                _mm_loadu_si128((const __m128i *)(mp_row + ic + tk))));
                            _mm256_storeu_ps(mask32 + tq * KV_TILE_SZ + tk, m);
                            live = _mm256_or_ps(live, _mm256_cmp_ps(m, v_ninf, _CMP_NEQ_UQ));
                        }
                        if (!_mm256_testz_ps(live, live)) {
                            can_skip = false;
                        }
                    }
#endif
                    for (; tk < kv_tile; tk++) {
                        mask32[tq * KV_TILE_SZ + tk] = slope * GGML_CPU_FP16_TO_FP32(mp_row[ic + tk]);
"""

_KEYS_OLD = """\
            for (int tk = 0; tk < kv_tile; tk++) {
                const char * k_data = (const char *)k->data + (ic + tk)*nbk1 + ik2*nbk2 + ik3*nbk3;
"""
_KEYS_NEW = """\
            int tk0 = 0;
#if defined(__AVX2__) && defined(__F16C__)
            if (kv_type == GGML_TYPE_F16 && DK % 8 == 0) {
                // eight keys at a time: 8x8 blocks converted and transposed in registers
                for (; tk0 + 8 <= kv_tile; tk0 += 8) {
                    const ggml_fp16_t * rows[8];
                    for (int i = 0; i < 8; i++) {
                        rows[i] = (const ggml_fp16_t *)((const char *)k->data + (ic + tk0 + i)*nbk1 + ik2*nbk2 + ik3*nbk3);
                    }
                    for (int64_t dk = 0; dk < DK; dk += 8) {
                        __m256 r[8];
                        for (int i = 0; i < 8; i++) {
                            r[i] = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(rows[i] + dk)));
                        }
                        const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
                        const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
                        const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
                        const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
                        const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
                        const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
                        const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
                        const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
                        const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
                        const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
                        const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
                        const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
                        float * out = K_f32 + dk * KV_TILE_SZ + tk0;
                        _mm256_storeu_ps(out + 0 * KV_TILE_SZ, _mm256_permute2f128_ps(u0, u4, 0x20));
                        _mm256_storeu_ps(out + 1 * KV_TILE_SZ, _mm256_permute2f128_ps(u1, u5, 0x20));
                        _mm256_storeu_ps(out + 2 * KV_TILE_SZ, _mm256_permute2f128_ps(u2, u6, 0x20));
                        _mm256_storeu_ps(out + 3 * KV_TILE_SZ, _mm256_permute2f128_ps(u3, u7, 0x20));
                        _mm256_storeu_ps(out + 4 * KV_TILE_SZ, _mm256_permute2f128_ps(u0, u4, 0x31));
                        _mm256_storeu_ps(out + 5 * KV_TILE_SZ, _mm256_permute2f128_ps(u1, u5, 0x31));
                        _mm256_storeu_ps(out + 6 * KV_TILE_SZ, _mm256_permute2f128_ps(u2, u6, 0x31));
                        _mm256_storeu_ps(out + 7 * KV_TILE_SZ, _mm256_permute2f128_ps(u3, u7, 0x31));
                    }
                }
            }
#endif
            for (int tk = tk0; tk < kv_tile; tk++) {
                const char * k_data = (const char *)k->data + (ic + tk)*nbk1 + ik2*nbk2 + ik3*nbk3;
"""

# The tiled path's products and softmax over the tile's own query rows.
_ROWS = [
    ("            simd_gemm(KQ, (const float *)Q_q, K_f32, Q_TILE_SZ, DK, KV_TILE_SZ);\n"
     "            ggml_vec_scale_f32(Q_TILE_SZ * KV_TILE_SZ, KQ, scale);\n",
     "            simd_gemm(KQ, (const float *)Q_q, K_f32, tile_rows, DK, KV_TILE_SZ);\n"
     "            ggml_vec_scale_f32(tile_rows * KV_TILE_SZ, KQ, scale);\n"),
    ("            if (kv_tile < KV_TILE_SZ) {\n"
     "                for (int tq = 0; tq < Q_TILE_SZ; tq++) {\n",
     "            if (kv_tile < KV_TILE_SZ) {\n"
     "                for (int tq = 0; tq < tile_rows; tq++) {\n"),
    ("            for (int tq = 0; tq < Q_TILE_SZ; tq++) {\n"
     "                float * kq_row = KQ + tq * KV_TILE_SZ;\n",
     "            for (int tq = 0; tq < tile_rows; tq++) {\n"
     "                float * kq_row = KQ + tq * KV_TILE_SZ;\n"),
    ("            simd_gemm(VKQ32, KQ, V32, Q_TILE_SZ, KV_TILE_SZ, DV);\n",
     "            simd_gemm(VKQ32, KQ, V32, tile_rows, KV_TILE_SZ, DV);\n"),
]

_CAST_OLD = """\
                            const src_t * src0_ptr = (src_t *) ((char *) src0->data + i01*nb01 + i02*nb02 + i03*nb03);
                            for (int i00 = 0; i00 < ne00; i00++) {
                                float tmp = type_conversion_table<src_t>::to_f32(src0_ptr[i00]);
"""
_CAST_NEW = """\
                            const src_t * src0_ptr = (src_t *) ((char *) src0->data + i01*nb01 + i02*nb02 + i03*nb03);
                            if constexpr (std::is_same_v<src_t, float> && std::is_same_v<dst_t, ggml_fp16_t>) {
                                // the row at once, with the same rounding
                                ggml_cpu_fp32_to_fp16(src0_ptr, dst_ptr + id, ne00);
                                id += ne00;
                                continue;
                            }
                            for (int i00 = 0; i00 < ne00; i00++) {
                                float tmp = type_conversion_table<src_t>::to_f32(src0_ptr[i00]);
"""

_GELU_OLD = """\
inline static void ggml_vec_gelu_f32(const int n, float * y, const float * x) {
    uint16_t t;
    for (int i = 0; i < n; ++i) {
"""
_GELU_NEW = """\
inline static void ggml_vec_gelu_f32(const int n, float * y, const float * x) {
    uint16_t t;
    int i = 0;
#if defined(__AVX2__) && defined(__F16C__)
    // the same table lookups, eight at a time (the result is the scalar loop's, bit for bit)
    {
        const __m256 v_lo = _mm256_set1_ps(-10.0f);
        const __m256 v_hi = _mm256_set1_ps(10.0f);
        for (; i + 8 <= n; i += 8) {
            const __m256 xv = _mm256_loadu_ps(x + i);
            const __m128i h = _mm256_cvtps_ph(xv, 0);
            const uint64_t h0 = (uint64_t) _mm_cvtsi128_si64(h);
            const uint64_t h1 = (uint64_t) _mm_extract_epi64(h, 1);
            const ggml_fp16_t * table = ggml_table_gelu_f16;
            const uint64_t g0 = (uint64_t) table[h0 & 0xFFFF] | (uint64_t) table[(h0 >> 16) & 0xFFFF] << 16
                              | (uint64_t) table[(h0 >> 32) & 0xFFFF] << 32 | (uint64_t) table[h0 >> 48] << 48;
            const uint64_t g1 = (uint64_t) table[h1 & 0xFFFF] | (uint64_t) table[(h1 >> 16) & 0xFFFF] << 16
                              | (uint64_t) table[(h1 >> 32) & 0xFFFF] << 32 | (uint64_t) table[h1 >> 48] << 48;
            __m256 r = _mm256_cvtph_ps(_mm_set_epi64x((long long) g1, (long long) g0));
            r = _mm256_blendv_ps(r, _mm256_setzero_ps(), _mm256_cmp_ps(xv, v_lo, _CMP_LE_OQ));
            r = _mm256_blendv_ps(r, xv, _mm256_cmp_ps(xv, v_hi, _CMP_GE_OQ));
            _mm256_storeu_ps(y + i, r);
        }
    }
#endif
    for (; i < n; ++i) {
"""

_MAX_OLD = """\
inline static void ggml_vec_max_f32(const int n, float * s, const float * x) {
#ifndef GGML_USE_ACCELERATE
    float max = -INFINITY;
    for (int i = 0; i < n; ++i) {
"""
_MAX_NEW = """\
inline static void ggml_vec_max_f32(const int n, float * s, const float * x) {
#ifndef GGML_USE_ACCELERATE
    float max = -INFINITY;
    int i = 0;
#if defined(__AVX__)
    if (n >= 8) {
        __m256 m = _mm256_loadu_ps(x);
        for (i = 8; i + 8 <= n; i += 8) {
            m = _mm256_max_ps(m, _mm256_loadu_ps(x + i));
        }
        __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        h = _mm_max_ps(h, _mm_movehl_ps(h, h));
        h = _mm_max_ss(h, _mm_movehdup_ps(h));
        max = MAX(max, _mm_cvtss_f32(h));
    }
#endif
    for (; i < n; ++i) {
"""

EDITS: tuple[Edit, ...] = (
    Edit(OPS, _MASK_OLD, _MASK_NEW),
    Edit(OPS, _KEYS_OLD, _KEYS_NEW),
    *(Edit(OPS, old, new) for old, new in _ROWS),
    Edit(OPS, _CAST_OLD, _CAST_NEW),
    Edit(VEC, _GELU_OLD, _GELU_NEW),
    Edit(VEC, _MAX_OLD, _MAX_NEW),
)
