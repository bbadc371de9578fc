#if defined(__AVX2__) && defined(__F16C__) && defined(__FMA__) && !defined(__AVX512F__) && !defined(__AVXVNNI__)
// Kenning (inserted by packaging/llama_source.py): Q8_0 weights times F32 activations on
// processors with AVX2 but no AVX-512 or AVX-VNNI (llama.cpp's `haswell` kernels: what
// laptops without AVX-512 load). tinyBLAS_Q0_AVX pays, per 32 values and output, an
// int->float conversion and a fused multiply-add for Q8_0's per-block scales on top of
// its two widening multiplies: about four instructions on AVX2's two multiply ports,
// two cycles a block (docs/BENCHMARKS-limits.md, 6 Dec). Here each weight row and each
// activation row is quantized once with one scale, to 12-bit integers held in int16 (as
// ONNX Runtime's int8 products use one scale a row), so the int32 sums run over the whole
// row: two vpmaddwd and two vpaddd per 32 values, one conversion per output. 12 bits
// keep more than Q8_0's 8 bits a block: the vectors are nearer the fp32 model's (mean
// cosine 0.99984 against 0.99970 on the bench corpus). A weight matrix is requantized
// once and kept (Weights below).
#define KENNING_Q8_0_ROWS 1
class tinyBLAS_Q8_0_rows {
  public:
    // Weights and activations as 12-bit integers (|x| <= 2047) held in int16: four
    // products per int32 lane and 32 values, so rows of up to K_MAX values cannot
    // overflow (96 x 4 x 2047^2 < 2^31).
    static constexpr float QMAX = 2047.0f;
    static constexpr int64_t K_MAX = 3072;

    tinyBLAS_Q8_0_rows(int64_t k, const block_q8_0 *A, int64_t lda, const float *B,
                       int64_t ldb, float *C, int64_t ldc, int ith, int nth)
        : A(A), B(B), C(C), k(k), lda(lda), ldb(ldb), ldc(ldc), ith(ith), nth(nth) {}

    void matmul(int64_t m, int64_t n) {
        const int64_t K = k * QK8_0;
        std::shared_ptr<const Weights> w = weights(m);
        aq = w->q.data();
        as = w->s.data();
        static thread_local std::vector<int16_t> bq_buf;
        static thread_local std::vector<float> bs_buf;
        bq_buf.resize((size_t)(n * K));
        bs_buf.resize((size_t)n);
        bq = bq_buf.data();
        bs = bs_buf.data();
        for (int64_t j = 0; j < n; ++j)
            quantize_row(B + ldb * j, K, bq + j * K, bs + j);
        mnpack(0, m, 0, n);
    }

  private:
    // A weight matrix requantized, kept across calls: the weights do not change while
    // a model is loaded, and requantizing them each call cost ~8% of the time. Keyed
    // by address, shape and a hash of four blocks (a model loaded later
    // at the same address is requantized again); at most CACHE_BYTES are kept.
    struct Weights {
        int64_t m, k, lda;
        uint64_t hash;
        std::vector<int16_t> q;
        std::vector<float> s;
    };
    static constexpr size_t CACHE_BYTES = (size_t)512 << 20;

    // Every call hashes this on the query path too, so a few blocks, not whole rows: the
    // first and last blocks of the first and last rows.
    uint64_t fingerprint(int64_t m) const {
        uint64_t h = 1469598103934665603ull;
        const block_q8_0 *last = A + lda * (m - 1);
        for (const block_q8_0 *blk : {A, A + (k - 1), last, last + (k - 1)}) {
            const unsigned char *p = (const unsigned char *)blk;
            for (size_t i = 0; i < sizeof(block_q8_0); ++i)
                h = (h ^ p[i]) * 1099511628211ull;
        }
        return h;
    }

    std::shared_ptr<const Weights> weights(int64_t m) const {
        // Built under the lock: lanes that start together wait for one copy rather than
        // each building its own.
        static std::mutex lock;
        static std::unordered_map<const void *, std::shared_ptr<const Weights>> cache;
        static size_t bytes = 0;
        const uint64_t hash = fingerprint(m);
        std::lock_guard<std::mutex> guard(lock);
        auto it = cache.find(A);
        if (it != cache.end()) {
            const Weights &old = *it->second;
            if (old.m == m && old.k == k && old.lda == lda && old.hash == hash)
                return it->second;
            bytes -= old.q.size() * sizeof(int16_t) + old.s.size() * sizeof(float);
            cache.erase(it);
        }
        auto w = std::make_shared<Weights>();
        w->m = m; w->k = k; w->lda = lda; w->hash = hash;
        w->q.resize((size_t)(m * k * QK8_0));
        w->s.resize((size_t)m);
        for (int64_t i = 0; i < m; ++i)
            requantize_row(A + lda * i, w->q.data() + i * k * QK8_0, w->s.data() + i);
        const size_t size = w->q.size() * sizeof(int16_t) + w->s.size() * sizeof(float);
        if (bytes + size > CACHE_BYTES) {
            cache.clear();
            bytes = 0;
        }
        cache.emplace(A, w);
        bytes += size;
        return w;
    }

    // int8 x 8 lanes -> float
    static inline __m256 load8(const int8_t *p) {
        return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p)));
    }

    // 32 floats (4 vectors) -> 32 int16, rounded to nearest
    static inline void store32(int16_t *dst, __m256 x0, __m256 x1, __m256 x2, __m256 x3) {
        const __m256i perm = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
        const __m256i p0 = _mm256_packs_epi32(_mm256_cvtps_epi32(x0), _mm256_cvtps_epi32(x1));
        const __m256i p1 = _mm256_packs_epi32(_mm256_cvtps_epi32(x2), _mm256_cvtps_epi32(x3));
        _mm256_storeu_si256((__m256i *)dst, _mm256_permutevar8x32_epi32(p0, perm));
        _mm256_storeu_si256((__m256i *)(dst + 16), _mm256_permutevar8x32_epi32(p1, perm));
    }

    void requantize_row(const block_q8_0 *row, int16_t *dst, float *scale) const {
        float amax = 0.0f;
        for (int64_t l = 0; l < k; ++l) {
            const __m256i q = _mm256_loadu_si256((const __m256i *)row[l].qs);
            const __m256i a = _mm256_abs_epi8(q);
            __m128i m8 = _mm_max_epu8(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
            m8 = _mm_max_epu8(m8, _mm_srli_si128(m8, 8));
            m8 = _mm_max_epu8(m8, _mm_srli_si128(m8, 4));
            m8 = _mm_max_epu8(m8, _mm_srli_si128(m8, 2));
            m8 = _mm_max_epu8(m8, _mm_srli_si128(m8, 1));
            const float v = (float)(_mm_cvtsi128_si32(m8) & 0xff) * unhalf(row[l].d);
            amax = v > amax ? v : amax;
        }
        const float d = amax / QMAX;
        *scale = d;
        const float id = d ? 1.0f / d : 0.0f;
        for (int64_t l = 0; l < k; ++l) {
            const __m256 f = _mm256_set1_ps(unhalf(row[l].d) * id);
            const int8_t *q = row[l].qs;
            store32(dst + l * QK8_0, _mm256_mul_ps(load8(q), f), _mm256_mul_ps(load8(q + 8), f),
                    _mm256_mul_ps(load8(q + 16), f), _mm256_mul_ps(load8(q + 24), f));
        }
    }

    static void quantize_row(const float *x, int64_t K, int16_t *dst, float *scale) {
        const __m256 sign = _mm256_set1_ps(-0.0f);
        __m256 mx = _mm256_setzero_ps();
        for (int64_t e = 0; e < K; e += 8)
            mx = _mm256_max_ps(mx, _mm256_andnot_ps(sign, _mm256_loadu_ps(x + e)));
        const float amax = hmax(mx);
        const float d = amax / QMAX;
        *scale = d;
        const __m256 f = _mm256_set1_ps(d ? 1.0f / d : 0.0f);
        for (int64_t e = 0; e < K; e += 32)
            store32(dst + e, _mm256_mul_ps(_mm256_loadu_ps(x + e), f),
                    _mm256_mul_ps(_mm256_loadu_ps(x + e + 8), f),
                    _mm256_mul_ps(_mm256_loadu_ps(x + e + 16), f),
                    _mm256_mul_ps(_mm256_loadu_ps(x + e + 24), f));
    }

    static inline float hmax(__m256 x) {
        __m128 m = _mm_max_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
        m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        m = _mm_max_ss(m, _mm_movehdup_ps(m));
        return _mm_cvtss_f32(m);
    }

    static inline int32_t hsum_i32(__m256i x) {
        __m128i s = _mm_add_epi32(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
        s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
        return _mm_cvtsi128_si32(s);
    }

    void mnpack(int64_t m0, int64_t m, int64_t n0, int64_t n) {
        int64_t mc, nc;
        switch ((MIN(m - m0, 2) << 4) | MIN(n - n0, 4)) {
        case 0x24: mc = 2; nc = 4; gemm<2, 4>(m0, m, n0, n); break;
        case 0x23: mc = 2; nc = 3; gemm<2, 3>(m0, m, n0, n); break;
        case 0x22: mc = 2; nc = 2; gemm<2, 2>(m0, m, n0, n); break;
        case 0x21: mc = 2; nc = 1; gemm<2, 1>(m0, m, n0, n); break;
        case 0x14: mc = 1; nc = 4; gemm<1, 4>(m0, m, n0, n); break;
        case 0x13: mc = 1; nc = 3; gemm<1, 3>(m0, m, n0, n); break;
        case 0x12: mc = 1; nc = 2; gemm<1, 2>(m0, m, n0, n); break;
        case 0x11: mc = 1; nc = 1; gemm<1, 1>(m0, m, n0, n); break;
        default: return;
        }
        const int64_t mp = m0 + (m - m0) / mc * mc;
        const int64_t np = n0 + (n - n0) / nc * nc;
        mnpack(mp, m, n0, np);
        mnpack(m0, m, np, n);
    }

    template <int RM, int RN>
    NOINLINE void gemm(int64_t m0, int64_t m, int64_t n0, int64_t n) {
        const int64_t K = k * QK8_0;
        const int64_t ytiles = (m - m0) / RM;
        const int64_t xtiles = (n - n0) / RN;
        const int64_t tiles = xtiles * ytiles;
        const int64_t duty = (tiles + nth - 1) / nth;
        const int64_t start = duty * ith;
        int64_t end = start + duty;
        if (end > tiles)
            end = tiles;
        for (int64_t job = start; job < end; ++job) {
            // Down the weights first: a tile's activation rows stay in L1.
            const int64_t ii = m0 + job % ytiles * RM;
            const int64_t jj = n0 + job / ytiles * RN;
            __m256i acc[RN][RM] = {};
            for (int64_t e = 0; e < K; e += 32) {
                __m256i a0[RM], a1[RM];
                for (int i = 0; i < RM; ++i) {
                    a0[i] = _mm256_loadu_si256((const __m256i *)(aq + (ii + i) * K + e));
                    a1[i] = _mm256_loadu_si256((const __m256i *)(aq + (ii + i) * K + e + 16));
                }
                for (int j = 0; j < RN; ++j) {
                    const int16_t *b = bq + (jj + j) * K + e;
                    for (int i = 0; i < RM; ++i)
                        acc[j][i] = _mm256_add_epi32(acc[j][i], _mm256_add_epi32(
                            _mm256_madd_epi16(a0[i], _mm256_loadu_si256((const __m256i *)b)),
                            _mm256_madd_epi16(a1[i], _mm256_loadu_si256((const __m256i *)(b + 16)))));
                }
            }
            for (int j = 0; j < RN; ++j)
                for (int i = 0; i < RM; ++i)
                    C[ldc * (jj + j) + (ii + i)] = (float)hsum_i32(acc[j][i]) * as[ii + i] * bs[jj + j];
        }
    }

    const block_q8_0 *const A;
    const float *const B;
    float *const C;
    const int64_t k;
    const int64_t lda;
    const int64_t ldb;
    const int64_t ldc;
    const int ith;
    const int nth;
    const int16_t *aq = nullptr;
    int16_t *bq = nullptr;
    const float *as = nullptr;
    float *bs = nullptr;
};
#endif
