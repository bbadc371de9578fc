#if defined(__AVX2__) && defined(__F16C__) && defined(__FMA__) && !defined(__AVX512F__) && !defined(__AVXVNNI__)
// Kenning experiment (6 Dec; not shipped, docs/BENCHMARKS-limits.md): Q8_0 x Q8_0 on
// processors with AVX2 but no AVX-512 or AVX-VNNI. tinyBLAS_Q0_AVX multiplies int8
// with vpmaddubsw, which takes one unsigned operand: a vpsignb per block and product,
// then vpmaddwd to widen. Here both operands are widened to int16 first (the
// activations once per call, a weight block once per tile row) and multiplied with
// vpmaddwd alone. Measured no faster: the multiply-port count per block product stays
// four (two multiplies, the conversion, the fused multiply-add). The int32 lanes hold
// other partial sums than tinyBLAS's, so the vectors differ by rounding (min cosine
// 0.99991 over the bench corpus).
#define KENNING_Q8_0_AVX2 1
class tinyBLAS_Q8_0_AVX2 {
  public:
    tinyBLAS_Q8_0_AVX2(int64_t k, const block_q8_0 *A, int64_t lda, const block_q8_0 *B,
                       int64_t ldb, float *C, int64_t ldc, int ith, int nth)
        : A(A), B(B), C(C), k(k), lda(lda), ldb(ldb), ldc(ldc), ith(ith), nth(nth) {}

    void matmul(int64_t m, int64_t n) {
        // The activations as int16 (row j, block l at (j*k + l)*QK8_0) and their scales
        // as float, block-major (block l, row j at l*n + j): each thread its own copy.
        static thread_local std::vector<int16_t> bq_buf;
        static thread_local std::vector<float> bd_buf;
        bq_buf.resize((size_t)(n * k * QK8_0));
        bd_buf.resize((size_t)(n * k));
        bq = bq_buf.data();
        bd = bd_buf.data();
        ncols = n;
        for (int64_t j = 0; j < n; ++j) {
            for (int64_t l = 0; l < k; ++l) {
                const block_q8_0 *b = B + ldb * j + l;
                int16_t *dst = bq + (j * k + l) * QK8_0;
                _mm256_storeu_si256((__m256i *)dst,
                                    _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)b->qs)));
                _mm256_storeu_si256((__m256i *)(dst + 16),
                                    _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b->qs + 16))));
                bd[l * n + j] = unhalf(b->d);
            }
        }
        mnpack(0, m, 0, n);
    }

  private:
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
        const int64_t ytiles = (m - m0) / RM;
        const int64_t xtiles = (n - n0) / RN;
        const int64_t tiles = xtiles * ytiles;
        const int64_t duty = (tiles + nth - 1) / nth;
        const int64_t start = duty * ith;
        int64_t end = start + duty;
        if (end > tiles)
            end = tiles;
        for (int64_t job = start; job < end; ++job) {
            // Down the rows of A first: a tile's columns of B (QK8_0 int16 per block and
            // column) stay in L1 while the weights stream past them.
            const int64_t ii = m0 + job % ytiles * RM;
            const int64_t jj = n0 + job / ytiles * RN;
            __m256 Cv[RN][RM] = {};
            alignas(16) float S[RM][RN];
            for (int64_t l = 0; l < k; ++l) {
                __m256i a[RM][2];
                const float *db = bd + l * ncols + jj;
                for (int i = 0; i < RM; ++i) {
                    const block_q8_0 *blk = A + lda * (ii + i) + l;
                    a[i][0] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)blk->qs));
                    a[i][1] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(blk->qs + 16)));
                    const float da = unhalf(blk->d);
                    if constexpr (RN == 4) {
                        _mm_store_ps(S[i], _mm_mul_ps(_mm_set1_ps(da), _mm_loadu_ps(db)));
                    } else {
                        for (int j = 0; j < RN; ++j)
                            S[i][j] = da * db[j];
                    }
                }
                for (int j = 0; j < RN; ++j) {
                    const int16_t *b = bq + ((jj + j) * k + l) * QK8_0;
                    for (int i = 0; i < RM; ++i) {
                        const __m256i p = _mm256_add_epi32(
                            _mm256_madd_epi16(a[i][0], _mm256_loadu_si256((const __m256i *)b)),
                            _mm256_madd_epi16(a[i][1], _mm256_loadu_si256((const __m256i *)(b + 16))));
                        Cv[j][i] = _mm256_fmadd_ps(_mm256_broadcast_ss(&S[i][j]),
                                                   _mm256_cvtepi32_ps(p), Cv[j][i]);
                    }
                }
            }
            for (int j = 0; j < RN; ++j)
                for (int i = 0; i < RM; ++i)
                    C[ldc * (jj + j) + (ii + i)] = hsum(Cv[j][i]);
        }
    }

    const block_q8_0 *const A;
    const block_q8_0 *const B;
    float *const C;
    const int64_t k;
    const int64_t lda;
    const int64_t ldb;
    const int64_t ldc;
    const int ith;
    const int nth;
    int16_t *bq = nullptr;
    float *bd = nullptr;
    int64_t ncols = 0;
};
#endif
