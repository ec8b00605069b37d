package dev.landfall.cli;

import dev.landfall.Landfall;
import dev.landfall.data.catalog.FashionMnist;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Model;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Flatten;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Rescaling;
import dev.landfall.nn.privacy.PrivacyOptions;
import dev.landfall.report.ReportFiles;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The membership-inference audit on the case: an MLP overfit on 1,000 Fashion-MNIST training
 * images (members) against 1,000 test images (non-members). Both attacks must see the leak.
 */
class AuditCommandTest {
    @TempDir
    Path dir;

    /**
     * Both attacks' AUC and TPR at 1 % FPR, by attack name, for an MLP trained on 1,000 Fashion-MNIST images,
     * and its accuracy on the 1,000 non-members ("test accuracy").
     */
    private Map<String, double[]> audit(String name, PrivacyOptions privacy) throws IOException {
        if (FashionMnist.locate(Path.of(FashionMnist.SYSTEM_DIR)).isEmpty()) {
            String why = "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        FashionMnist.Data d = FashionMnist.load();
        // the catalog's images are [N, 28, 28]; the model takes channels-last [28, 28, 1], as the IDX format reads them
        Tensor xm = d.trainImages().slice(0, 0, 1000).reshape(1000, 28, 28, 1);
        Tensor ym = d.trainLabels().slice(0, 0, 1000);
        Landfall.setSeed(5);
        Model m = Sequential.of(Input.of(28, 28, 1), Rescaling.of(1.0 / 255, 0), Flatten.of(), Dense.of(256, "relu"),
                Dense.of(10, "softmax"));
        // the private model: DP-SGD's usual small clipping norm with a large step (Papernot et al. 2021)
        m.compile(privacy == null ? Optimizers.adam(1e-3) : Optimizers.sgd(2.0), Losses.sparseCategoricalCrossentropy(),
                Metrics.accuracy());
        FitOptions fit = privacy == null ? FitOptions.epochs(40).batchSize(32)
                : FitOptions.epochs(20).batchSize(100).privacy(privacy);
        m.fit(xm, ym, fit.verbosity(FitOptions.Verbosity.SILENT));
        Tensor xt = d.testImages().slice(0, 0, 1000).reshape(1000, 28, 28, 1);
        double accuracy = m.evaluate(xt, d.testLabels().slice(0, 0, 1000)).get("accuracy");
        Path model = dir.resolve(name + ".landfall");
        ModelFile.save(model, m, SaveOptions.defaults().labels(FashionMnist.CLASS_NAMES));

        Path mi = idxImages(dir.resolve("members-images.idx"), xm);
        Path ml = idxLabels(dir.resolve("members-labels.idx"), ym);
        Path ni = idxImages(dir.resolve("non-images.idx"), d.testImages().slice(0, 0, 1000));
        Path nl = idxLabels(dir.resolve("non-labels.idx"), d.testLabels().slice(0, 0, 1000));
        Cli r = Cli.run("audit", model.toString(), "--members", mi.toString(), "--members-labels", ml.toString(),
                "--non-members", ni.toString(), "--non-members-labels", nl.toString(), "-o", dir.resolve("audit").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Audited " + name + ".landfall: 1000 members, 500 non-members scored (500 more for the "
                + "statistics)"), r.out());
        assertEquals(List.of("audit_roc.png"), ReportFiles.check(dir.resolve("audit").resolve("report.html")));
        Map<String, double[]> found = new LinkedHashMap<>();
        found.put("test accuracy", new double[] {accuracy});
        for (String attack : List.of("loss threshold", "likelihood ratio")) {
            Matcher a = Pattern.compile(Pattern.quote(attack) + ":\\s+AUC (\\d\\.\\d{4})  TPR at 1% FPR (\\d\\.\\d{4})")
                    .matcher(r.out());
            assertTrue(a.find(), r.out());
            found.put(attack, new double[] {Double.parseDouble(a.group(1)), Double.parseDouble(a.group(2))});
        }
        return found;
    }

    @Test
    void anOverfitModelLeaksItsMembers() throws IOException {
        Map<String, double[]> found = audit("overfit", null);
        found.remove("test accuracy");
        found.forEach((attack, v) -> {
            assertTrue(v[0] >= 0.6, attack + ": AUC " + v[0]);
            // at 1 % false positives chance finds 1 % of the members; the leak finds more
            assertTrue(v[1] > 0.01, attack + ": TPR " + v[1]);
        });
    }

    /**
     * The same MLP on the same 1,000 images trained with DP-SGD at ε ≤ 3: the attacks are near chance, while the
     * model still learned (a model trained on other images scores about 0.52 to 0.535 here, from the members'
     * and non-members' samples alone).
     */
    @Test
    void aPrivateModelDoesNotLeakItsMembers() throws IOException {
        Map<String, double[]> found = audit("private", PrivacyOptions.targetEpsilon(3.0, 0.1).delta(1e-5).seed(5));
        assertTrue(found.remove("test accuracy")[0] >= 0.6, "the private model learned: " + found);
        found.forEach((attack, v) -> assertTrue(v[0] <= 0.55, attack + ": AUC " + v[0]));
    }

    @Test
    void aRegressionModelIsRefused() throws IOException {
        Path model = ModelFiles.save(dir.resolve("m.landfall"));
        Cli r = Cli.run("audit", model.toString(), "--members", Cli.BREAST_CANCER.toString(), "--non-members",
                Cli.BREAST_CANCER.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: m.landfall is not a classifier (no class names); the audit scores the probability "
                + "of each example's true class"), r.errLines());
    }

    /** IDX images: magic 0x00000803, count, rows, columns, then one unsigned byte per pixel. */
    static Path idxImages(Path f, Tensor images) throws IOException {
        float[] px = images.toFloatArray();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
            out.writeInt(0x00000803);
            out.writeInt(images.dim(0));
            out.writeInt(images.dim(1));
            out.writeInt(images.dim(2));
            for (float v : px) {
                out.writeByte((int) v);
            }
        }
        return f;
    }

    /** IDX labels: magic 0x00000801, count, one byte each. */
    static Path idxLabels(Path f, Tensor labels) throws IOException {
        int[] y = labels.toIntArray();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
            out.writeInt(0x00000801);
            out.writeInt(y.length);
            for (int v : y) {
                out.writeByte(v);
            }
        }
        return f;
    }
}
