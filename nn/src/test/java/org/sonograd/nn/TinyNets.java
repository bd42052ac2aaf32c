package org.sonograd.nn;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Small test modules built on the Module API only (layers proper live in the library). */
final class TinyNets {
    private TinyNets() {}

    /** y = x·Wᵀ + b. */
    static final class Affine extends Module {
        final Parameter weight;
        final Parameter bias;

        Affine(long in, long out, RandomStream random) {
            weight = addParameter("weight", random.normal(DType.F64, 0, 0.5, out, in));
            bias = addParameter("bias", random.normal(DType.F64, 0, 0.5, out));
        }

        @Override
        public Var forward(Var x) {
            return x.matmul(weight.var().transpose(0, 1)).add(bias.var());
        }
    }

    /** Children "0", "1", … applied in order with tanh between them. */
    static final class Chain extends Module {
        private final Module[] layers;

        Chain(Module... layers) {
            this.layers = layers;
            for (int i = 0; i < layers.length; i++) {
                addModule(Integer.toString(i), layers[i]);
            }
        }

        @Override
        public Var forward(Var x) {
            Var h = x;
            for (int i = 0; i < layers.length; i++) {
                h = layers[i].forward(h);
                if (i + 1 < layers.length) {
                    h = h.tanh();
                }
            }
            return h;
        }
    }

    /** scale · blocks(tanh(fc1(x))), with a step-counter buffer; 3 → 4 → 4 → 2. */
    static final class Net extends Module {
        final Parameter scale;
        final Buffer steps;
        final Affine fc1;
        final Chain blocks;

        Net(long seed) {
            RandomStream random = new RandomStream(seed);
            scale = addParameter("scale", Tensor.of(new double[] {1.5}));
            steps = addBuffer("steps", Tensor.zeros(DType.I64));
            fc1 = addModule("fc1", new Affine(3, 4, random));
            blocks = addModule("blocks", new Chain(new Affine(4, 4, random), new Affine(4, 2, random)));
        }

        @Override
        public Var forward(Var x) {
            return blocks.forward(fc1.forward(x).tanh()).mul(scale.var());
        }
    }
}
