package dev.landfall.compress;

import dev.landfall.data.Tensors;
import dev.landfall.nn.Logits;
import dev.landfall.nn.Model;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Knowledge distillation (Hinton, Vinyals, Dean 2015), as Keras's {@code Distiller}: a student learns
 * from labels and from a trained teacher's temperature-softened outputs. The loss of a training step is
 * {@code α · student_loss(y, ŷ) + (1 − α) · T² · KL(softmax(t/T) ‖ softmax(s/T))}, t and s the teacher's
 * and the student's logits (taken from their softmax or sigmoid outputs), averaged over the batch; the
 * T² keeps the soft term's gradients at the scale of the hard one. The distiller <em>is</em> the student
 * for everything else: it shares the student's layers and weights, compiles and fits like any model
 * (callbacks, validation, metrics on the student's outputs), and evaluates with the student loss alone.
 *
 * <pre>{@code
 * Distiller d = new Distiller(teacher, student).temperature(3).alpha(0.1);
 * d.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
 * d.fit(x, y, FitOptions.epochs(5));
 * // the student is trained: student.evaluate(...), ModelFile.save(path, student, ...)
 * }</pre>
 */
public final class Distiller extends Model {
    private final Model teacher;
    private final Model student;
    private double temperature = 3;
    private double alpha = 0.1;

    /**
     * @throws IllegalArgumentException when the student is not built (start it with an Input) or the two
     *     models' outputs differ in width
     */
    public Distiller(Model teacher, Model student) {
        super("distiller");
        if (!student.isBuilt() || !teacher.isBuilt()) {
            throw new IllegalArgumentException("Distiller: the teacher and the student must be built (start them "
                    + "with an Input)");
        }
        if (teacher.outputs().size() != 1 || student.outputs().size() != 1) {
            throw new IllegalArgumentException("Distiller: the teacher and the student need one output each, got "
                    + teacher.outputs().size() + " and " + student.outputs().size());
        }
        int t = width(teacher);
        int s = width(student);
        if (t != s) {
            throw new IllegalArgumentException("Distiller: the teacher gives " + t + " outputs per example and the "
                    + "student " + s + "; they must predict the same classes");
        }
        this.teacher = teacher;
        this.student = student;
        initGraph(student.inputs(), student.outputs());
    }

    private static int width(Model m) {
        int[] shape = m.outputs().get(0).shape().toArray();
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The softening temperature T (Keras's example: 3). */
    public Distiller temperature(double t) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("Distiller: temperature must be > 0, got " + t);
        }
        this.temperature = t;
        return this;
    }

    /** The weight α of the student's own loss; 1 − α weighs the distillation term (Keras's default 0.1). */
    public Distiller alpha(double a) {
        if (!(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("Distiller: alpha must be in [0, 1], got " + a);
        }
        this.alpha = a;
        return this;
    }

    public Model student() {
        return student;
    }

    public Model teacher() {
        return teacher;
    }

    @Override
    protected Tensor trainingLoss(Tensors x, Tensors yTrue, Tensors yPred, Tensor sampleWeight,
                                  Map<String, Tensor> masks) {
        Tensor hard = super.trainingLoss(x, yTrue, yPred, sampleWeight, masks);
        Tensor teacherLogits;
        try (var g = Tensor.noGrad()) {
            teacherLogits = logits(teacher.forward(x, false).single()).detach();
        }
        Tensor soft = distillationLoss(teacherLogits, logits(yPred.single()), temperature);
        return hard.mul(alpha).add(soft.mul(1 - alpha));
    }

    /**
     * {@code T² · mean over the batch of KL(softmax(t/T) ‖ softmax(s/T))}, over the last axis; differentiable
     * in the student's logits {@code s}.
     */
    public static Tensor distillationLoss(Tensor teacherLogits, Tensor studentLogits, double temperature) {
        Tensor q = teacherLogits.div(temperature).softmax(-1);
        Tensor logQ = teacherLogits.div(temperature).logSoftmax(-1);
        Tensor logS = studentLogits.div(temperature).logSoftmax(-1);
        Tensor kl = q.mul(logQ.sub(logS)).sum(new int[] {-1}, false);
        return kl.mean().mul(temperature * temperature);
    }

    /**
     * The logits behind a model's output: the ones its softmax or sigmoid remembered, else the log of
     * the probabilities (equal up to a shift per row, which softmax ignores). A single sigmoid unit z is
     * the two-class logits (0, z).
     */
    static Tensor logits(Tensor out) {
        Tensor z = Logits.of(out);
        if (z == null) {
            z = out.clamp(1e-12, 1).log();
            if (out.dim(-1) == 1) {
                // probabilities p of one unit: the logit log(p / (1 − p))
                z = z.sub(out.neg().add(1.0).clamp(1e-12, 1).log());
            }
        }
        if (z.dim(-1) == 1) {
            return Tensor.concat(-1, z.mul(0.0), z);
        }
        return z;
    }
}
