"""Put q8_0_int16_kernel.cpp into llama.cpp's sgemm.cpp (an experiment, not shipped).

Usage: python q8_0_int16_patch.py ORIGINAL_SGEMM_CPP OUT_SGEMM_CPP
then build the `ggml-cpu-haswell` target alone in a configured llama.cpp tree
(`cmake --build BUILD --target ggml-cpu-haswell`, ~20 s) and compare the library
with haswell_ab.sh (docs/BENCHMARKS-limits.md, 6 Dec, late morning).
"""
import sys
from pathlib import Path

kernel = Path(__file__).with_name("q8_0_int16_kernel.cpp").read_text()
text = Path(sys.argv[1]).read_text()
for before, after in [
    ("#include <type_traits>\n", "#include <type_traits>\n#include <vector>\n"),
    ("    __m128i iq4nlt;\n};\n#endif // __AVX__\n",
     "    __m128i iq4nlt;\n};\n#endif // __AVX__\n\n" + kernel),
    ("""    case GGML_TYPE_Q8_0: {
        if (Btype != GGML_TYPE_Q8_0)
           return false;
#if defined(__AVX2__) || defined(__AVX512F__) || defined(__AVX__)
""", """    case GGML_TYPE_Q8_0: {
        if (Btype != GGML_TYPE_Q8_0)
           return false;
#if defined(KENNING_Q8_0_AVX2)
        tinyBLAS_Q8_0_AVX2 tb{
            k, (const block_q8_0 *)A, lda,
            (const block_q8_0 *)B, ldb,
            (float *)C, ldc,
            params->ith, params->nth};
        tb.matmul(m, n);
        return true;
#elif defined(__AVX2__) || defined(__AVX512F__) || defined(__AVX__)
""")]:
    assert text.count(before) == 1, before
    text = text.replace(before, after)
Path(sys.argv[2]).write_text(text)
