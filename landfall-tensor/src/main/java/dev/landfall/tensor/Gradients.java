package dev.landfall.tensor;

import dev.landfall.tensor.spi.Conv2dGeometry;

/**
 * Every backward rule, in one place. Given a node and the gradient of its output, returns the
 * gradient of each input (null where none is needed). Rules are written with tensor operations and
 * run with recording off. A rule may return a gradient of the broadcast shape: {@link Autograd} sums
 * it back to the input's shape, so no rule handles broadcasting itself.
 */
final class Gradients {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private Gradients() {
    }

    static Tensor[] backward(Node n, Tensor g) {
        Tensor[] in = n.inputs;
        return switch (n.op) {
            case NEG -> of(g.neg());
            case EXP -> of(g.mul(n.saved(0)));
            case LOG -> of(g.div(n.saved(0)));
            case SQRT -> of(g.div(n.saved(0).mul(2.0)));
            case RECIPROCAL -> {
                Tensor y = n.saved(0);
                yield of(g.mul(y.mul(y)).neg());
            }
            case ABS -> of(g.mul(sign(n.saved(0))));
            case RELU -> of(Ops.kernelBinary(dev.landfall.tensor.spi.BinaryOp.MASK_POSITIVE, g.to(n.saved(0).dtype()), n.saved(0)));
            case TANH -> {
                Tensor y = n.saved(0);
                yield of(g.mul(y.mul(y).neg().add(1.0)));
            }
            case SIGMOID -> {
                Tensor y = n.saved(0);
                yield of(g.mul(y.mul(y.neg().add(1.0))));
            }
            case ERF -> {
                Tensor x = n.saved(0);
                yield of(g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)));
            }
            case ADD -> new Tensor[] {g, g};
            case SUB -> new Tensor[] {g, wants(in[1]) ? g.neg() : null};
            case MUL -> new Tensor[] {
                    wants(in[0]) ? g.mul(n.saved(1)) : null,
                    wants(in[1]) ? g.mul(n.saved(0)) : null};
            case DIV -> {
                Tensor b = n.saved(0);
                Tensor y = n.saved(1);
                yield new Tensor[] {
                        wants(in[0]) ? g.div(b) : null,
                        wants(in[1]) ? g.mul(y).div(b).neg() : null};
            }
            case POW -> {
                // d/da a^b = b·a^(b-1) (0 where b = 0); d/db a^b = a^b·ln a (0 where a = 0 and b ≥ 0), as PyTorch
                Tensor a = n.saved(0);
                Tensor b = n.saved(1);
                Tensor y = n.saved(2);
                Tensor ga = wants(in[0])
                        ? g.mul(Tensor.where(b.eq(0.0), 0.0, b.mul(a.pow(b.sub(1.0))))) : null;
                Tensor gb = wants(in[1])
                        ? g.mul(Tensor.where(a.eq(0.0).logicalAnd(b.ge(0.0)), 0.0, y.mul(a.log()))) : null;
                yield new Tensor[] {ga, gb};
            }
            case MAXIMUM, MINIMUM -> {
                Tensor a = n.saved(0);
                Tensor b = n.saved(1);
                Tensor wins = n.op == Op.MAXIMUM ? a.gt(b) : a.lt(b);
                Tensor share = wins.to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5));
                yield new Tensor[] {g.mul(share), g.mul(share.neg().add(1.0))};
            }
            case WHERE -> {
                Tensor cond = n.saved(0);
                yield new Tensor[] {null,
                        wants(in[1]) ? Tensor.where(cond, g, 0.0) : null,
                        wants(in[2]) ? Tensor.where(cond, 0.0, g) : null};
            }
            case SUM -> {
                Ops.ReduceAttrs r = (Ops.ReduceAttrs) n.attrs;
                yield of(keep(g, in[0].shape, r).broadcastTo(in[0].shape));
            }
            case AMAX, AMIN -> {
                // The gradient goes to the elements equal to the extreme, shared equally between ties.
                Ops.ReduceAttrs r = (Ops.ReduceAttrs) n.attrs;
                Tensor x = n.saved(0);
                Tensor y = keep(n.saved(1), x.shape, r);
                Tensor mask = x.eq(y).to(g.dtype());
                Tensor count = mask.sum(r.axes(), true);
                yield of(mask.mul(keep(g, x.shape, r)).div(count));
            }
            case RESHAPE -> of(g.reshape(in[0].shape.toArray()));
            case EXPAND, COPY -> of(g);
            case PERMUTE -> {
                int[] perm = (int[]) n.attrs;
                int[] inverse = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    inverse[perm[i]] = i;
                }
                yield of(g.permute(inverse));
            }
            case SLICE -> {
                Ops.SliceAttrs s = (Ops.SliceAttrs) n.attrs;
                Tensor dx = Tensor.zeros(in[0].shape, g.dtype());
                int[] st = dx.strides.clone();
                st[s.axis()] *= s.step();
                Layout.copy(g.shape.dimsUnsafe(), g.storage.data(), g.offset, g.strides,
                        dx.storage.data(), s.start() * dx.strides[s.axis()], st);
                yield of(dx);
            }
            case PAD -> {
                int[][] pads = (int[][]) n.attrs;
                Tensor inner = g;
                for (int i = 0; i < pads.length; i++) {
                    inner = inner.slice(i, pads[i][0], pads[i][0] + in[0].shape.dim(i));
                }
                yield of(inner);
            }
            case CONCAT -> {
                int axis = ((int[]) n.attrs)[0];
                Tensor[] parts = new Tensor[in.length];
                int at = 0;
                for (int i = 0; i < in.length; i++) {
                    int size = in[i].shape.dim(axis);
                    parts[i] = wants(in[i]) ? g.slice(axis, at, at + size) : null;
                    at += size;
                }
                yield parts;
            }
            case GATHER -> {
                Ops.GatherAttrs a = (Ops.GatherAttrs) n.attrs;
                Shape xs = in[0].shape;
                int outer = 1;
                int inner = 1;
                for (int i = 0; i < a.axis(); i++) {
                    outer *= xs.dim(i);
                }
                for (int i = a.axis() + 1; i < xs.rank(); i++) {
                    inner *= xs.dim(i);
                }
                Tensor dx = Tensor.zeros(xs, g.dtype());
                Tensor gc = g.contiguousRaw();
                Layout.indexAdd(gc.storage.data(), gc.offset, outer, xs.dim(a.axis()), inner, a.indices(), dx.storage.data());
                yield of(dx);
            }
            case CAST -> of(g.to(in[0].dtype()));
            case MATMUL -> {
                Tensor a = n.saved(0);
                Tensor b = n.saved(1);
                yield new Tensor[] {
                        wants(in[0]) ? g.matmul(b.transpose()) : null,
                        wants(in[1]) ? a.transpose().matmul(g) : null};
            }
            case MAXPOOL2D -> {
                // each output's gradient goes to the input position that won its window
                int[] argmax = ((Ops.PoolAttrs) n.attrs).argmax();
                Tensor dx = Tensor.zeros(in[0].shape, g.dtype());
                Tensor gc = g.contiguousRaw();
                Object d = dx.storage.data();
                if (d instanceof float[] fd) {
                    float[] fg = (float[]) gc.storage.data();
                    for (int i = 0, o = gc.offset; i < argmax.length; i++, o++) {
                        if (argmax[i] >= 0) {
                            fd[argmax[i]] += fg[o];
                        }
                    }
                } else {
                    for (int i = 0; i < argmax.length; i++) {
                        if (argmax[i] >= 0) {
                            Layout.set(d, argmax[i], Layout.get(d, argmax[i]) + Layout.get(gc.storage.data(), gc.offset + i));
                        }
                    }
                }
                yield of(dx);
            }
            case IM2COL -> {
                Conv2dGeometry geo = ((Ops.Im2colAttrs) n.attrs).geometry();
                Tensor dx = Tensor.zeros(in[0].shape, g.dtype());
                Tensor gc = g.contiguousRaw();
                if (gc.offset != 0) {
                    gc = gc.copy();
                }
                Ops.kernels().col2im(gc.storage.data(), geo, dx.storage.data());
                yield of(dx);
            }
        };
    }

    private static Tensor[] of(Tensor g) {
        return new Tensor[] {g};
    }

    private static boolean wants(Tensor input) {
        return input != null && input.requiresGrad;
    }

    private static Tensor sign(Tensor x) {
        return Tensor.where(x.gt(0.0), 1.0, Tensor.where(x.lt(0.0), -1.0, Tensor.zeros(Shape.scalar(), x.dtype())));
    }

    /** A reduction's output (or its gradient) with the reduced axes put back as size 1. */
    private static Tensor keep(Tensor t, Shape input, Ops.ReduceAttrs r) {
        if (r.keepDims()) {
            return t;
        }
        boolean[] reduced = new boolean[input.rank()];
        for (int a : r.axes()) {
            reduced[a] = true;
        }
        return t.reshape(Ops.keptDims(input, reduced, true));
    }
}
