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
import dev.landfall.report.ReportFiles;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void anOverfitModelLeaksItsMembers() throws IOException {
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
        m.compile(Optimizers.adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        m.fit(xm, ym, FitOptions.epochs(40).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        Path model = dir.resolve("overfit.landfall");
        ModelFile.save(model, m, SaveOptions.defaults().labels(FashionMnist.CLASS_NAMES));

        Path mi = idxImages(dir.resolve("members-images.idx"), xm);
        Path ml = idxLabels(dir.resolve("members-labels.idx"), ym);
        Path ni = idxImages(dir.resolve("non-images.idx"), d.testImages().slice(0, 0, 1000));
        Path nl = idxLabels(dir.resolve("non-labels.idx"), d.testLabels().slice(0, 0, 1000));
        Cli r = Cli.run("audit", model.toString(), "--members", mi.toString(), "--members-labels", ml.toString(),
                "--non-members", ni.toString(), "--non-members-labels", nl.toString(), "-o", dir.resolve("audit").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Audited overfit.landfall: 1000 members, 500 non-members scored (500 more for the "
                + "statistics)"), r.out());
        for (String attack : List.of("loss threshold", "likelihood ratio")) {
            Matcher a = Pattern.compile(Pattern.quote(attack) + ":\\s+AUC (\\d\\.\\d{4})  TPR at 1% FPR (\\d\\.\\d{4})")
                    .matcher(r.out());
            assertTrue(a.find(), r.out());
            assertTrue(Double.parseDouble(a.group(1)) >= 0.6, attack + ": AUC " + a.group(1) + "\n" + r.out());
            // at 1 % false positives chance finds 1 % of the members; the leak finds more
            assertTrue(Double.parseDouble(a.group(2)) > 0.01, attack + ": TPR " + a.group(2) + "\n" + r.out());
        }
        assertEquals(List.of("audit_roc.png"), ReportFiles.check(dir.resolve("audit").resolve("report.html")));
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
