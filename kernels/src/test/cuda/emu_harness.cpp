// Runs the Sonograd CUDA kernels on the CPU through cuda_emu.h, for the emulation tests in
// org.sonograd.kernels.cuda. Protocol: argv[1] names a case, the other arguments are its scalar
// parameters; the case reads its input arrays from stdin as raw little-endian F32/I32, in the order
// the case lists, and writes its outputs to stdout the same way. The host code of each case is what
// the JCuda runtime does on a GPU: the same launches, grids and blocks, in the same order.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "conv3d.cu"
#include "distillation.cu"
#include "elementwise.cu"
#include "gemm.cu"
#include "infonce.cu"
#include "layernorm.cu"
#include "optimizer.cu"
#include "philox.cu"
#include "reduction.cu"
#include "sinkhorn.cu"
#include "softmax.cu"

// Two deliberately broken kernels for the emulator's own test: a barrier only half the block reaches,
// and a shared-memory exchange without the barrier it needs (barrier = 0) or with it (barrier = 1).
extern "C" __global__ void selfcheck_divergent_barrier(float* out) {
    if (threadIdx.x < 16) __syncthreads();
    out[threadIdx.x] = 1.0f;
}

extern "C" __global__ void selfcheck_neighbour_exchange(int barrier, float* out) {
    __shared__ float s[64];
    s[threadIdx.x] = (float)(blockIdx.x * 64 + threadIdx.x);
    if (barrier) __syncthreads();
    out[blockIdx.x * 64 + threadIdx.x] = s[(threadIdx.x + 1) % 64];
}

namespace {

struct Args {
    int argc;
    char** argv;
    long long i(int k) const { return std::stoll(arg(k)); }
    float f(int k) const { return std::stof(arg(k)); }
    std::string arg(int k) const {
        if (k + 2 >= argc) {
            std::fprintf(stderr, "emu_harness %s: missing parameter %d\n", argv[1], k);
            std::exit(2);
        }
        return argv[k + 2];
    }
};

template <class T>
std::vector<T> read(long long n) {
    std::vector<T> v((size_t)n);
    if (n > 0 && std::fread(v.data(), sizeof(T), (size_t)n, stdin) != (size_t)n) {
        std::fprintf(stderr, "emu_harness: stdin ended before %lld values\n", n);
        std::exit(2);
    }
    return v;
}

template <class T>
void write(const std::vector<T>& v) {
    std::fwrite(v.data(), sizeof(T), v.size(), stdout);
}

unsigned blocks(long long work, long long per) { return (unsigned)((work + per - 1) / per); }

// gemm: transA transB m n k alpha beta batch lda ldb ldc strideA strideB strideC | A B C -> C
void gemm(const Args& p) {
    int transA = (int)p.i(0), transB = (int)p.i(1), m = (int)p.i(2), n = (int)p.i(3), k = (int)p.i(4);
    float alpha = p.f(5), beta = p.f(6);
    int batch = (int)p.i(7);
    long long lda = p.i(8), ldb = p.i(9), ldc = p.i(10), sa = p.i(11), sb = p.i(12), sc = p.i(13);
    auto a = read<float>(batch * sa), b = read<float>(batch * sb), c = read<float>(batch * sc);
    emu::launch(sgemm_tiled, dim3(blocks(n, GEMM_BN), blocks(m, GEMM_BM), batch), dim3(GEMM_THREADS), 0, transA,
                transB, m, n, k, alpha, a.data(), lda, sa, b.data(), ldb, sb, beta, c.data(), ldc, sc);
    write(c);
}

// unary: op n | x -> out
void unary(const Args& p) {
    int op = (int)p.i(0);
    long long n = p.i(1);
    auto x = read<float>(n);
    std::vector<float> out(n);
    emu::launch(unary_f32, dim3(3), dim3(64), 0, op, n, x.data(), out.data());
    write(out);
}

// binary: op dims size[dims] strideA[dims] strideB[dims] lengthA lengthB | a b -> out
void binary(const Args& p) {
    SonoBroadcast g{};
    int op = (int)p.i(0);
    g.dims = (int)p.i(1);
    long long n = 1;
    for (int d = 0; d < g.dims; ++d) {
        g.size[d] = p.i(2 + d);
        g.strideA[d] = p.i(2 + g.dims + d);
        g.strideB[d] = p.i(2 + 2 * g.dims + d);
        n *= g.size[d];
    }
    auto a = read<float>(p.i(2 + 3 * g.dims)), b = read<float>(p.i(3 + 3 * g.dims));
    std::vector<float> out(n);
    emu::launch(binary_broadcast_f32, dim3(2), dim3(64), 0, op, g, a.data(), b.data(), out.data());
    write(out);
}

// reduce: axis(0 = rows, 1 = cols, 2 = all) op rows cols | x -> out
void reduce(const Args& p) {
    int axis = (int)p.i(0), op = (int)p.i(1);
    long long rows = p.i(2), cols = p.i(3);
    auto x = read<float>(rows * cols);
    if (axis == 0) {
        std::vector<float> out(rows);
        emu::launch(reduce_rows, dim3((unsigned)rows), dim3(REDUCE_THREADS), 0, op, rows, cols, x.data(), out.data());
        write(out);
    } else if (axis == 1) {
        std::vector<float> out(cols);
        emu::launch(reduce_cols, dim3(blocks(cols, REDUCE_THREADS)), dim3(REDUCE_THREADS), 0, op, rows, cols, x.data(), out.data());
        write(out);
    } else {
        long long n = rows * cols, parts = (n + REDUCE_CHUNK - 1) / REDUCE_CHUNK;
        std::vector<float> partial(parts), out(1);
        emu::launch(sum_partials, dim3((unsigned)parts), dim3(REDUCE_THREADS), 0, n, x.data(), partial.data());
        emu::launch(reduce_rows, dim3(1), dim3(REDUCE_THREADS), 0, 0, 1LL, parts, partial.data(), out.data());
        write(out);
    }
}

// The device-side total of n per-row terms: sum_partials, then reduce_rows.
float deviceSum(const std::vector<float>& terms) {
    long long n = (long long)terms.size(), parts = (n + REDUCE_CHUNK - 1) / REDUCE_CHUNK;
    std::vector<float> partial(parts), out(1);
    emu::launch(sum_partials, dim3((unsigned)parts), dim3(REDUCE_THREADS), 0, n, terms.data(), partial.data());
    emu::launch(reduce_rows, dim3(1), dim3(REDUCE_THREADS), 0, 0, 1LL, parts, partial.data(), out.data());
    return out[0];
}

// softmax: log rows cols | x dy -> y dx
void softmax(const Args& p) {
    int log = (int)p.i(0);
    long long rows = p.i(1), cols = p.i(2);
    auto x = read<float>(rows * cols), dy = read<float>(rows * cols);
    std::vector<float> y(rows * cols), dx(rows * cols);
    emu::launch(softmax_rows, dim3((unsigned)rows), dim3(SOFTMAX_THREADS), 0, log, rows, cols, x.data(), y.data());
    emu::launch(softmax_rows_backward, dim3((unsigned)rows), dim3(SOFTMAX_THREADS), 0, log, rows, cols, y.data(), dy.data(), dx.data());
    write(y);
    write(dx);
}

// layernorm: rows cols eps affine | x gamma beta dy -> y mean rstd dx dgamma dbeta
void layernorm(const Args& p) {
    long long rows = p.i(0), cols = p.i(1);
    float eps = p.f(2);
    bool affine = p.i(3) != 0;
    auto x = read<float>(rows * cols), gamma = read<float>(cols), beta = read<float>(cols), dy = read<float>(rows * cols);
    std::vector<float> y(rows * cols), mean(rows), rstd(rows), dx(rows * cols), dgamma(cols), dbeta(cols);
    const float* g = affine ? gamma.data() : nullptr;
    emu::launch(layernorm_forward, dim3((unsigned)rows), dim3(LAYERNORM_THREADS), 0, rows, cols, eps, x.data(), g,
                affine ? beta.data() : nullptr, y.data(), mean.data(), rstd.data());
    emu::launch(layernorm_backward_data, dim3((unsigned)rows), dim3(LAYERNORM_THREADS), 0, rows, cols, x.data(), g,
                mean.data(), rstd.data(), dy.data(), dx.data());
    emu::launch(layernorm_backward_params, dim3(blocks(cols, LAYERNORM_THREADS)), dim3(LAYERNORM_THREADS), 0, rows, cols,
                x.data(), mean.data(), rstd.data(), dy.data(), dgamma.data(), dbeta.data());
    for (auto* v : {&y, &mean, &rstd, &dx, &dgamma, &dbeta}) write(*v);
}

// One direction of InfoNCE: loss terms and both gradients, as the runtime launches it.
void infonceDirection(int rowsA, int rowsB, int d, const float* za, const float* zb, float invTau, const float* neg,
                      const float* w, int posShift, int excludeSelf, float scale, std::vector<float>& terms,
                      float* gradA, float* gradB) {
    std::vector<float> lse(rowsA), loss(rowsA);
    dim3 threads(32, 8);
    emu::launch(infonce_forward, dim3(blocks(rowsA, NCE_TILE)), threads, 0, rowsA, rowsB, d, za, zb, invTau, neg, w,
                posShift, excludeSelf, scale, lse.data(), loss.data());
    emu::launch(infonce_backward, dim3(blocks(rowsA, NCE_TILE)), threads, 0, 0, rowsA, rowsB, d, za, zb, invTau, neg, w,
                posShift, excludeSelf, scale, (const float*)lse.data(), gradA);
    emu::launch(infonce_backward, dim3(blocks(rowsB, NCE_TILE)), threads, 0, 1, rowsA, rowsB, d, za, zb, invTau, neg, w,
                posShift, excludeSelf, scale, (const float*)lse.data(), gradB);
    terms.insert(terms.end(), loss.begin(), loss.end());
}

// infonce: mode(0 = one direction, 1 = symmetric, 2 = NT-Xent) n d invTau hasNeg hasWeights
//   | z1 (n×d; NT-Xent: 2n×d) z2 (n×d; absent for NT-Xent) neg (rows×rows) w (rows) -> loss dz1 [dz2]
void infonce(const Args& p) {
    int mode = (int)p.i(0), n = (int)p.i(1), d = (int)p.i(2);
    float invTau = p.f(3);
    bool hasNeg = p.i(4) != 0, hasW = p.i(5) != 0;
    int rows = mode == 2 ? 2 * n : n;
    auto z1 = read<float>((long long)rows * d);
    auto z2 = read<float>(mode == 2 ? 0 : (long long)n * d);
    auto neg = read<float>(hasNeg ? (long long)rows * rows : 0);
    auto w = read<float>(hasW ? rows : 0);
    const float* m = hasNeg ? neg.data() : nullptr;
    const float* wp = hasW ? w.data() : nullptr;
    std::vector<float> terms, dz1((size_t)rows * d, 0.0f), dz2((size_t)(mode == 2 ? 0 : n) * d, 0.0f);
    if (mode == 2) {
        infonceDirection(rows, rows, d, z1.data(), z1.data(), invTau, m, wp, n, 1, 1.0f, terms, dz1.data(), dz1.data());
    } else {
        float scale = mode == 1 ? 0.5f : 1.0f;
        infonceDirection(n, n, d, z1.data(), z2.data(), invTau, m, wp, 0, 0, scale, terms, dz1.data(), dz2.data());
        if (mode == 1) {
            infonceDirection(n, n, d, z2.data(), z1.data(), invTau, m, wp, 0, 0, scale, terms, dz2.data(), dz1.data());
        }
    }
    write(std::vector<float>{deviceSum(terms)});
    write(dz1);
    write(dz2);
}

// sinkhorn: b k invEps iterations | scores -> assignments
void sinkhorn(const Args& p) {
    int b = (int)p.i(0), k = (int)p.i(1), iterations = (int)p.i(3);
    float invEps = p.f(2);
    auto scores = read<float>((long long)b * k);
    std::vector<float> u(k), v(b, 0.0f), out((size_t)b * k);
    for (int it = 0; it < iterations; ++it) {
        emu::launch(sinkhorn_update_u, dim3(blocks(k, 32)), dim3(32, 8), 0, b, k, (const float*)scores.data(), invEps,
                    (const float*)v.data(), u.data());
        emu::launch(sinkhorn_update_v, dim3(b), dim3(256), 0, b, k, (const float*)scores.data(), invEps,
                    (const float*)u.data(), v.data());
    }
    emu::launch(sinkhorn_assign, dim3(3), dim3(256), 0, b, k, (const float*)scores.data(), invEps, (const float*)u.data(),
                (const float*)v.data(), out.data());
    write(out);
}

// distill: kind(0 = soft, 1 = hard) b k invTauS invTauT hasCenter momentum
//   | student teacher center targets(I32) -> loss grad newCenter
void distill(const Args& p) {
    int kind = (int)p.i(0), b = (int)p.i(1), k = (int)p.i(2);
    float invTauS = p.f(3), invTauT = p.f(4), momentum = p.f(6);
    bool hasCenter = p.i(5) != 0;
    auto student = read<float>((long long)b * k), teacher = read<float>((long long)b * k), center = read<float>(k);
    auto targets = read<int>(b);
    std::vector<float> loss(b), grad((size_t)b * k);
    if (kind == 0) {
        emu::launch(distill_soft, dim3(b), dim3(256), 0, b, k, (const float*)student.data(), (const float*)teacher.data(),
                    hasCenter ? (const float*)center.data() : nullptr, invTauS, invTauT, 1.0f / b, loss.data(), grad.data());
    } else {
        emu::launch(distill_hard, dim3(b), dim3(256), 0, b, k, (const float*)student.data(), (const int*)targets.data(),
                    invTauS, 1.0f / b, loss.data(), grad.data());
    }
    emu::launch(distill_center_update, dim3(blocks(k, 256)), dim3(256), 0, b, k, (const float*)teacher.data(), momentum,
                center.data());
    write(std::vector<float>{deviceSum(loss)});
    write(grad);
    write(center);
}

// adamw: n lr beta1 beta2 eps weightDecay step | param grad m v -> param m v
void adamw(const Args& p) {
    long long n = p.i(0);
    float lr = p.f(1), beta1 = p.f(2), beta2 = p.f(3), eps = p.f(4), wd = p.f(5);
    int step = (int)p.i(6);
    auto param = read<float>(n), grad = read<float>(n), m = read<float>(n), v = read<float>(n);
    float bias1 = 1.0f - std::pow(beta1, (float)step), bias2 = 1.0f - std::pow(beta2, (float)step);
    emu::launch(adamw_step, dim3(2), dim3(256), 0, n, param.data(), (const float*)grad.data(), m.data(), v.data(), lr,
                beta1, beta2, eps, wd, bias1, bias2);
    write(param);
    write(m);
    write(v);
}

// sgd: n lr momentum dampening weightDecay nesterov firstStep | param grad buf -> param buf
void sgd(const Args& p) {
    long long n = p.i(0);
    auto param = read<float>(n), grad = read<float>(n), buf = read<float>(n);
    emu::launch(sgd_step, dim3(2), dim3(256), 0, n, param.data(), (const float*)grad.data(), buf.data(), p.f(1), p.f(2),
                p.f(3), p.f(4), (int)p.i(5), (int)p.i(6));
    write(param);
    write(buf);
}

// philox: kind(0 = raw blocks, 1 = uniform, 2 = bernoulli) ...
//   raw:     blocks c0 c1 c2 c3 k0 k1 -> 4·blocks U32
//   uniform: n seed offset low high -> n F32 (bernoulli: p in place of low)
void philox(const Args& p) {
    int kind = (int)p.i(0);
    if (kind == 0) {
        long long count = p.i(1);
        std::vector<unsigned int> out((size_t)count * 4);
        emu::launch(philox_blocks, dim3(2), dim3(64), 0, count, (unsigned)std::stoul(p.arg(2)), (unsigned)std::stoul(p.arg(3)),
                    (unsigned)std::stoul(p.arg(4)), (unsigned)std::stoul(p.arg(5)), (unsigned)std::stoul(p.arg(6)),
                    (unsigned)std::stoul(p.arg(7)), out.data());
        write(out);
    } else {
        long long n = p.i(1);
        std::vector<float> out(n);
        emu::launch(philox_uniform_f32, dim3(2), dim3(64), 0, kind - 1, n, (unsigned long long)std::stoull(p.arg(2)),
                    (unsigned long long)std::stoull(p.arg(3)), p.f(4), p.f(5), out.data());
        write(out);
    }
}

// conv3d: n c d h w o kd kh kw od oh ow sd sh sw pd ph pw dd dh dw hasBias
//   | x weight bias dy -> y dx dweight dbias
void conv3d(const Args& p) {
    int v[21];
    for (int i = 0; i < 21; ++i) v[i] = (int)p.i(i);
    SonoConv3d g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15],
                 v[16], v[17], v[18], v[19], v[20]};
    bool hasBias = p.i(21) != 0;
    long long inSize = (long long)g.n * g.c * g.d * g.h * g.w, outSize = (long long)g.n * g.o * g.od * g.oh * g.ow;
    long long wSize = (long long)g.o * g.c * g.kd * g.kh * g.kw, taps = (long long)g.kd * g.kh * g.kw;
    auto x = read<float>(inSize), weight = read<float>(wSize), bias = read<float>(g.o), dy = read<float>(outSize);
    std::vector<float> y(outSize), dx(inSize), dw(wSize), db(g.o);
    emu::launch(conv3d_forward, dim3(blocks((long long)g.n * g.od * g.oh * g.ow, CONV_BN), blocks(g.o, CONV_BM)), dim3(256), 0,
                g, (const float*)x.data(), (const float*)weight.data(), hasBias ? (const float*)bias.data() : nullptr, y.data());
    emu::launch(conv3d_backward_data, dim3(blocks((long long)g.n * g.d * g.h * g.w, CONV_BN), blocks(g.c, CONV_BM)), dim3(256),
                0, g, (const float*)dy.data(), (const float*)weight.data(), dx.data());
    emu::launch(conv3d_backward_weight, dim3(blocks(g.c * taps, CONV_BN), blocks(g.o, CONV_BM)), dim3(256), 0, g,
                (const float*)dy.data(), (const float*)x.data(), dw.data());
    emu::launch(conv3d_backward_bias, dim3(g.o), dim3(256), 0, g, (const float*)dy.data(), db.data());
    for (auto* out : {&y, &dx, &dw, &db}) write(*out);
}

// selfcheck: kind(0 = divergent barrier, 1 = exchange without barrier, 2 = with barrier) -> 128 F32
void selfcheck(const Args& p) {
    int kind = (int)p.i(0);
    std::vector<float> out(128, -1.0f);
    if (kind == 0) {
        emu::launch(selfcheck_divergent_barrier, dim3(1), dim3(32), 0, out.data());
    } else {
        emu::launch(selfcheck_neighbour_exchange, dim3(2), dim3(64), 0, kind - 1, out.data());
    }
    write(out);
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::function<void(const Args&)>> cases{
        {"gemm", gemm},         {"unary", unary},     {"binary", binary}, {"reduce", reduce},
        {"softmax", softmax},   {"layernorm", layernorm}, {"infonce", infonce}, {"sinkhorn", sinkhorn},
        {"distill", distill},   {"adamw", adamw},     {"sgd", sgd},       {"philox", philox},
        {"conv3d", conv3d},     {"selfcheck", selfcheck},
    };
    if (argc < 2 || cases.count(argv[1]) == 0) {
        std::fprintf(stderr, "usage: emu_harness <case> params... < inputs > outputs; cases:");
        for (auto& [name, fn] : cases) std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    cases[argv[1]](Args{argc, argv});
    return std::fflush(stdout) == 0 ? 0 : 1;
}
